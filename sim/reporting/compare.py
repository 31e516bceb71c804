"""Compare finished runs (the jobs of a multirun, or any result folders): `comparison.md`, its
machine-readable twin `comparison.json`, the self-contained `comparison.html` and the figures.

A job is one result folder. It is labelled by its scenario plus the command-line overrides that set it
apart from the other jobs (read from `.hydra/overrides.yaml`; for folders written by `sim.run` they are
recovered by diffing the saved `config.yaml` against the scenario's own composition), so a sweep
`-m +scenario=a,b x.y=1,2` reads `a · x.y=1`, ... Two jobs run with the same seed and replication count
are compared as pairs, replication by replication (common random numbers; see `sim/stats.py`).

This module finds, loads and labels the jobs; the numbers are computed once in `compare_stats`, written
as Markdown by `compare_report` and drawn by `compare_plots`.
"""

from __future__ import annotations

import functools
import re
import shlex
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from sim.config.provenance import keys_with_role
from sim.experiment.files import atomic_write
from sim.experiment.results import CONFIG_FILE, META_FILE, OUTCOMES_FILE, ResultFolderError, Results, load, read_yaml
from sim.reporting.compare_report import report_markdown
from sim.reporting.compare_stats import comparison_cells, comparison_data, comparison_summary, job_pairs
from sim.reporting.compare_stats import is_paired as is_paired  # where callers have always found it
from sim.reporting.html import write_page
from sim.reporting.jsondata import write_json
from sim.reporting.runinfo import of_run
from sim.reporting.summary import ID_COLUMNS
from sim.stats import N_RESAMPLES, load_scipy_stats

REPORT_FILE = "comparison.md"
REPORT_JSON = "comparison.json"
REPORT_HTML = "comparison.html"
# Overrides that do not change what is simulated: left out of labels and of recovered overrides.
RUN_ONLY_KEYS = (*keys_with_role("control"), *keys_with_role("label"), "hydra")
# A replay command drops the run-control overrides except record_trace (a replay records its trace anyway).
REPLAY_DROPPED = (*(k for k in keys_with_role("control") if k != "record_trace"), "hydra")
LABEL_SKIP_KEYS = ("replications", "precision")  # shown in the "runs" column instead
SCENARIO_KEYS = ("scenario", "scenario_name")


@dataclass
class Job:
    folder: Path
    results: Results
    overrides: list[str]  # the command-line overrides that reproduce the run
    label: str = ""

    @property
    def outcomes(self) -> pd.DataFrame:
        return self.results.outcomes

    @property
    def scenario(self) -> str:
        return str(self.results.meta.get("scenario") or "baseline")

    def replay_command(self, replication: int) -> str:
        keep = [o for o in self.overrides if not override_key(o).startswith(REPLAY_DROPPED)]
        return shlex.join(["python", "-m", "sim", *keep, f"replay={replication}"])


# ------------------------------------------------------------------------------------------------ jobs
def find_jobs(path: Path) -> list[Path]:
    """`path` itself if it holds outcomes.parquet, else its subfolders that do (a multirun), in job order. A
    sweep folder with its combined `outcomes.parquet` (`sim.reporting.sweep`) and no `run.json` is a multirun."""
    path = Path(path)
    if (path / OUTCOMES_FILE).is_file() and ((path / META_FILE).is_file() or not _subfolder_runs(path)):
        return [path]
    if not path.is_dir():
        return []
    found = _subfolder_runs(path)
    return sorted(found, key=lambda p: [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", p.name)])


def _subfolder_runs(path: Path) -> list[Path]:
    try:
        return [p for p in path.iterdir() if p.is_dir() and (p / OUTCOMES_FILE).is_file()]
    except OSError:
        return []


def override_key(override: str) -> str:
    return override.lstrip("+~").split("=", 1)[0].strip()


def load_job(folder: Path) -> Job:
    """A finished run folder as a job; a `ResultFolderError` if it is not one (no run.json, no id columns,
    a table that cannot be read)."""
    results = load(folder)
    missing = [c for c in ID_COLUMNS if c not in results.outcomes.columns]
    if not results.meta:
        raise ResultFolderError(f"{folder} is not a sim result folder: it holds no readable {META_FILE}")
    if missing:
        raise ResultFolderError(f"{folder} is not a sim result folder: {OUTCOMES_FILE} has no {', '.join(missing)}")
    results.outcomes = results.outcomes.sort_values("replication", kind="stable").reset_index(drop=True)
    overrides = _hydra_overrides(folder / ".hydra" / "overrides.yaml")
    if overrides is None:
        overrides = recovered_overrides(folder, results.meta)
    return Job(folder, results, overrides)


def _hydra_overrides(path: Path) -> list[str] | None:
    """The overrides Hydra saved for a job, or None when there is no readable list of them."""
    if not path.is_file():
        return None
    try:
        saved = read_yaml(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, yaml.YAMLError):
        return None
    return [str(o) for o in saved] if isinstance(saved, list) else None


def recovered_overrides(folder: Path, meta: dict[str, Any]) -> list[str]:
    """Overrides of a folder written by `sim.run` (no `.hydra/`): `+scenario=NAME` plus every key whose
    saved value differs from that scenario's composition. Falls back to scenario and seed when the
    scenario cannot be composed here (unknown name, or inside a running Hydra app)."""
    scenario = str(meta.get("scenario") or "baseline")
    base = [f"+scenario={scenario}"]
    fallback = base + ([f"seed={meta['seed']}"] if "seed" in meta else [])
    try:
        reference = _composed(scenario)
        saved = _flatten(read_yaml((folder / CONFIG_FILE).read_text()))
    except Exception:
        return fallback
    missing = object()
    diffs = []
    for key, value in saved.items():
        if key.split(".")[0] in RUN_ONLY_KEYS + SCENARIO_KEYS or reference.get(key, missing) == value:
            continue
        diffs.append(f"{'' if key in reference else '+'}{key}={_render(value)}")
    return base + diffs


@functools.lru_cache(maxsize=16)
def _composed(scenario: str) -> dict[str, Any]:
    """The scenario's own config (what `+scenario=NAME` composes to), flattened to dotted keys."""
    from omegaconf import OmegaConf

    from sim.api import compose

    return _flatten(OmegaConf.to_container(compose([f"+scenario={scenario}"]), resolve=True))


def _flatten(node: Any, prefix: str = "") -> dict[str, Any]:
    if not isinstance(node, dict):
        return {prefix: node}
    flat: dict[str, Any] = {}
    for key, value in node.items():
        flat.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    return flat


def _render(value: Any) -> str:
    """A value in Hydra's override grammar."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 30.0 -> 30, as a user types it (the schema makes it a float again)
    if isinstance(value, list):
        return "[" + ",".join(_render(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(f"{k}:{_render(v)}" for k, v in value.items()) + "}"
    text = str(value)
    return text if re.fullmatch(r"[\w.:/+-]*", text) else "'" + text.replace("'", r"\'") + "'"


def label_jobs(jobs: list[Job]) -> list[str]:
    """Scenario plus the model overrides not shared by every job; the folder name breaks any tie.
    Returns the overrides common to all jobs (said once in the report instead of in every label)."""
    extras = [
        [o for o in job.overrides if override_key(o).split(".")[0] not in RUN_ONLY_KEYS + SCENARIO_KEYS] for job in jobs
    ]
    common = set.intersection(*(set(e) for e in extras)) if len(jobs) > 1 else set()
    for job, extra in zip(jobs, extras):
        shown = [o for o in extra if o not in common and override_key(o).split(".")[0] not in LABEL_SKIP_KEYS]
        job.label = " · ".join([job.scenario, *shown])
    counts = Counter(job.label for job in jobs)
    for job in jobs:
        if counts[job.label] > 1:
            job.label += f" · {job.folder.name}"
    return [o for o in extras[0] if o in common] if jobs else []


def compare(
    folders: list[Path], out_dir: Path, *, n_resamples: int = N_RESAMPLES, seed: int = 0, pairs: str = "reference"
) -> Path:
    """Write `comparison.md`, `comparison.json`, `comparison.html` and the comparison figures for the given
    run folders into `out_dir`; returns the path of `comparison.md`. Bootstraps are seeded with `seed`: same
    inputs, same report. The differences are taken of each job against the first (`pairs="reference"`), or of
    every pair (`pairs="all"`)."""
    if not folders:
        raise ValueError("nothing to compare: no result folders given")
    job_pairs([], pairs)  # refused here, before anything is read or written
    from sim.reporting.compare_plots import DRAWN_FROM_STATISTICS, comparison_figures
    from sim.reporting.style import compute_and_save, drawing, save_all  # matplotlib: only where drawn

    jobs = [load_job(Path(f)) for f in folders]
    common = label_jobs(jobs)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    data: dict[str, Any] = {}  # filled once the figures that do not need it are drawn
    infos = [of_run(job.results) for job in jobs]
    makers = comparison_figures([j.label for j in jobs], [j.results for j in jobs], infos, data)
    later = {name: make for name, (_, make) in makers.items() if name in DRAWN_FROM_STATISTICS}
    plans, cells = comparison_cells(jobs, n_resamples=n_resamples, seed=seed, pairs=pairs)
    load_scipy_stats()
    summary: dict[str, Any] = {}
    with drawing():
        computed, paths = compute_and_save(  # the pairs' differences and the first figures, side by side
            cells,
            {name: make for name, (_, make) in makers.items() if name not in later},
            out_dir,
            meanwhile=lambda: summary.update(
                comparison_summary(jobs, common, n_resamples=n_resamples, seed=seed, pairs=pairs)
            ),
        )
        numbers = comparison_data(
            jobs, common, n_resamples=n_resamples, seed=seed, pairs=pairs, computed=(plans, computed), summary=summary
        )
        data.update(numbers)
        paths.update(save_all(later, out_dir))
    figures = {title: paths[name] for name, (title, _) in makers.items() if name in paths}
    data["figures"] = [{"title": t, "png": p.name, "svg": p.with_suffix(".svg").name} for t, p in figures.items()]
    text = report_markdown(data, figures, out_dir)
    path = out_dir / REPORT_FILE
    atomic_write(path, lambda p: p.write_text(text, encoding="utf-8"))
    write_json(out_dir / REPORT_JSON, data)
    write_page(text, out_dir, REPORT_HTML, f"sim: comparison of {len(jobs)} jobs")
    return path
