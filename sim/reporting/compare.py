"""Compare finished runs (the jobs of a multirun, or any result folders): `comparison.md` and figures.

A job is one result folder. It is labelled by its scenario plus the command-line overrides that set it
apart from the other jobs (read from `.hydra/overrides.yaml`; for folders written by `sim.run` they are
recovered by diffing the saved `config.yaml` against the scenario's own composition), so a sweep
`-m +scenario=a,b x.y=1,2` reads `a · x.y=1`, ... Two jobs run with the same seed and replication count
are compared as pairs, replication by replication (common random numbers; see `sim/stats.py`).

The report opens with one table a reader takes in at a glance, then the figures, then the detail:
category probabilities with chi-square tests, pairwise differences with bootstrap CIs and rank tests,
per-job statistics of every numeric outcome, and the replications worth replaying with their commands.
"""

from __future__ import annotations

import functools
import math
import re
import shlex
from collections import Counter
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from sim.config.provenance import keys_with_role
from sim.experiment.files import atomic_write
from sim.experiment.results import CONFIG_FILE, META_FILE, OUTCOMES_FILE, ResultFolderError, Results, load
from sim.outcomes import categorical, is_numeric_outcome, key_outcomes
from sim.reporting.markdown import table
from sim.reporting.summary import ID_COLUMNS, fmt
from sim.stats import (
    N_RESAMPLES,
    category_probabilities,
    chi_square,
    describe,
    mean_difference,
    paired_rank_test,
    rank_test,
)

REPORT_FILE = "comparison.md"
BRIDGEHEAD_LOST = ("withdrawn", "trapped")  # the bridgehead's fates that lose it (P(bridgehead lost))
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
    """`path` itself if it holds outcomes.parquet, else its subfolders that do (a multirun), in job order."""
    path = Path(path)
    if (path / OUTCOMES_FILE).is_file():
        return [path]
    if not path.is_dir():
        return []
    found = [p for p in path.iterdir() if p.is_dir() and (p / OUTCOMES_FILE).is_file()]
    return sorted(found, key=lambda p: [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", p.name)])


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
        saved = yaml.safe_load(path.read_text(encoding="utf-8"))
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
        saved = _flatten(yaml.safe_load((folder / CONFIG_FILE).read_text()))
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


def is_paired(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    """Same replication indices with the same per-replication seeds: common random numbers line up."""
    if not set(ID_COLUMNS) <= set(a.columns) & set(b.columns) or len(a) != len(b):
        return False
    return all(np.array_equal(a[c].to_numpy(), b[c].to_numpy()) for c in ID_COLUMNS)


# ------------------------------------------------------------------------------------------ formatting
def _pct(x: float) -> str:
    if not math.isfinite(x):
        return "–"
    return f"{100 * x:.1f}%" if 0 < x < 0.1 or 0.9 < x < 1 else f"{100 * x:.0f}%"


def _p(p: float, equals: str = "") -> str:
    if not math.isfinite(p):
        return "–"
    return "< 0.001" if p < 0.001 else f"{equals}{p:.3f}"


def _ci(low: float, high: float) -> str:
    return "–" if not (math.isfinite(low) and math.isfinite(high)) else f"{fmt(low)} – {fmt(high)}"


def _numeric_columns(frames: list[pd.DataFrame], public_only: bool = False) -> list[str]:
    seen: list[str] = []
    for frame in frames:
        for c in frame.columns:
            if c not in seen and c not in ID_COLUMNS and pd.api.types.is_numeric_dtype(frame[c]):
                seen.append(c)
    if public_only:
        seen = [c for c in seen if is_numeric_outcome(c)]
    key = key_outcomes()
    return [c for c in key if c in seen] + [c for c in seen if c not in key]


def _values(job: Job, column: str) -> np.ndarray:
    return job.outcomes[column].to_numpy(dtype=float) if column in job.outcomes else np.array([])


def _heading(category: str) -> str:
    """A category as a column heading: `ukraine_advance` -> `Ukraine advance`."""
    return " ".join(w.capitalize() if w in ("ukraine", "russian") else w for w in category.split("_"))


# ------------------------------------------------------------------------------------------------ sections
def glance(jobs: list[Job]) -> list[str]:
    outcomes, bridgehead_fates = categorical()["outcome"], categorical()["bridgehead"]
    header = [
        "job",
        "runs",
        *(f"P({_heading(o)})" for o in outcomes),
        "area gained by Ukraine, km² (95% CI)",
        "Russian casualties",
        "Ukrainian casualties",
        "mobilized casualties per 1,000 committed",
        "P(bridgehead lost)",
    ]
    rows = []
    for job in jobs:
        out, n = job.outcomes, len(job.outcomes)
        shares = out["outcome"].value_counts() / n if "outcome" in out else pd.Series(dtype=float)
        area = describe(_values(job, "area_km2"))
        committed = np.nansum(_values(job, "mobilized_committed"))
        per_1000 = 1000 * np.nansum(_values(job, "cas_ru_mobilized")) / committed if committed > 0 else math.nan
        fates = out["bridgehead"] if "bridgehead" in out else pd.Series(dtype=object)
        lost = fates.isin(BRIDGEHEAD_LOST).mean() if fates.isin(bridgehead_fates).any() else math.nan
        rows.append(
            [
                job.label,
                str(n),
                *(_pct(float(shares.get(o, 0.0))) for o in outcomes),
                f"{fmt(area.mean)} ({_ci(area.ci_low, area.ci_high)})",
                fmt(describe(_values(job, "cas_ru")).mean),
                fmt(describe(_values(job, "cas_ua")).mean),
                fmt(per_1000),
                _pct(lost),
            ]
        )
    return [
        *table(header, rows, "lr"),
        "",
        "Probabilities are shares of replications; casualties are means (killed, wounded, captured). "
        "Mobilized casualties per 1,000 committed = all mobilized casualties / all mobilized committed × "
        "1,000, over all replications (– when none were committed). The bridgehead is lost when withdrawn "
        "or trapped. Confidence intervals of every figure are in the detail below.",
        "",
    ]


def categories_section(jobs: list[Job]) -> list[str]:
    lines = [
        "## Outcome categories",
        "",
        "Share of replications in each category with its 95% Clopper–Pearson interval; the chi-square "
        "test asks whether the shares differ between jobs (categories seen in no job are dropped).",
        "",
    ]
    for column, listed in categorical().items():
        present = [job for job in jobs if column in job.outcomes]
        if not present:
            continue
        tables = [category_probabilities(job.outcomes[column], listed) for job in present]
        names = list(dict.fromkeys(c for t in tables for c in t["category"]))
        rows = []
        for job, t in zip(present, tables):
            t = t.set_index("category")
            rows.append(
                [
                    job.label,
                    *(
                        f"{_pct(t.at[c, 'share'])} ({_pct(t.at[c, 'ci_low'])} – {_pct(t.at[c, 'ci_high'])})"
                        if c in t.index
                        else "–"
                        for c in names
                    ),
                ]
            )
        counts = pd.DataFrame([[t.set_index("category")["count"].get(c, 0) for c in names] for t in tables])
        test = chi_square(counts)
        verdict = (
            f"Chi-square test: χ² = {test.statistic:.2f}, {test.dof} degree{'s' * (test.dof != 1)} of "
            f"freedom, p {_p(test.p_value, '= ')}" + (f"; {test.note}." if test.note else ".")
            if test.applicable
            else f"Chi-square test {test.note}."
        )
        lines += [f"### {column}", "", *table(["job", *names], rows, "lr"), "", verdict, ""]
    return lines


def differences_section(jobs: list[Job], n_resamples: int, seed: int) -> list[str]:
    lines = [
        "## Differences between jobs",
        "",
        "Per pair, the later job minus the earlier: the difference of means with its 95% bootstrap "
        "interval (BCa; **bold** when it excludes zero), the Mann–Whitney two-sided p-value and Cliff's "
        "delta (= rank-biserial correlation: P(later > earlier) − P(later < earlier), from −1 to +1). Jobs "
        "with the same seed and replication count are compared as pairs, replication by replication "
        "(common random numbers): the bootstrap resamples pairs, and the Wilcoxon signed-rank p-value, "
        "which uses the pairing, is added. Missing values (an event that never happened) are left out.",
        "",
    ]
    if len(jobs) < 2:
        return [*lines, "Only one job: nothing to compare.", ""]
    for a, b in combinations(jobs, 2):
        paired = is_paired(a.outcomes, b.outcomes)
        how = "paired: same seed and replications" if paired else "independent samples"
        header = [
            "outcome",
            f"mean {a.label}",
            f"mean {b.label}",
            "difference (95% CI)",
            "Mann–Whitney p",
            "Cliff's δ",
            *(["Wilcoxon p (paired)"] if paired else []),
        ]
        rows, constant = [], []
        for column in _numeric_columns([a.outcomes, b.outcomes], public_only=True):
            x, y = _values(a, column), _values(b, column)
            fx, fy = x[np.isfinite(x)], y[np.isfinite(y)]
            if fx.size and fy.size and np.ptp(fx) == 0 and np.ptp(fy) == 0 and fx[0] == fy[0]:
                constant.append(column)
                continue
            diff = mean_difference(y, x, paired=paired, n_resamples=n_resamples, rng=seed)
            rank = rank_test(y, x)
            est = f"{fmt(diff.estimate)} ({_ci(diff.ci_low, diff.ci_high)})" if math.isfinite(diff.estimate) else "–"
            rows.append(
                [
                    column,
                    fmt(describe(x).mean),
                    fmt(describe(y).mean),
                    f"**{est}**" if diff.excludes_zero else est,
                    _p(rank.p_value),
                    f"{rank.effect:+.2f}" if math.isfinite(rank.effect) else "–",
                    *([_p(paired_rank_test(y, x).p_value)] if paired else []),
                ]
            )
        lines += [f"### {b.label} − {a.label}", "", f"{how}.", "", *table(header, rows, "lr"), ""]
        if constant:
            lines += ["The same constant in both: " + ", ".join(constant) + ".", ""]
    return lines


def numeric_section(jobs: list[Job]) -> list[str]:
    header = ["outcome", "job", "n", "mean", "95% CI of mean", "5%", "median", "95%"]
    rows = []
    for column in _numeric_columns([job.outcomes for job in jobs]):
        for i, job in enumerate(job for job in jobs if column in job.outcomes):
            d = describe(_values(job, column))
            rows.append(
                [
                    column if i == 0 else "",
                    job.label,
                    str(d.n),
                    fmt(d.mean),
                    _ci(d.ci_low, d.ci_high),
                    fmt(d.q05),
                    fmt(d.q50),
                    fmt(d.q95),
                ]
            )
    return [
        "## Numeric outcomes per job",
        "",
        "Mean with its 95% confidence interval (Student t) and the 5th, 50th and 95th percentiles across "
        "replications; n counts the replications where the value exists (a day is missing when the "
        "event never happened).",
        "",
        *table(header, rows, "llrrlrrr"),
        "",
    ]


def replay_section(jobs: list[Job], nearest: int = 3) -> list[str]:
    lines = [
        "## Replications to replay",
        "",
        f"Per job the {nearest} replications nearest its median area and its two extremes, with the command "
        "that re-runs one replication with its full trace.",
        "",
    ]
    for job in jobs:
        out = job.outcomes
        if "area_km2" not in out or out["area_km2"].isna().all():
            continue
        area = out["area_km2"]
        median = float(area.median())
        order = (area - median).abs().sort_values(kind="stable").index[:nearest]
        picks = [("median", i) for i in order] + [("minimum", area.idxmin()), ("maximum", area.idxmax())]
        rows = []
        for which, i in picks:
            rep = int(out.at[i, "replication"]) if "replication" in out else int(i)
            rows.append(
                [
                    which,
                    str(rep),
                    fmt(float(area[i])),
                    str(out.at[i, "outcome"]) if "outcome" in out else "–",
                    f"`{job.replay_command(rep)}`",
                ]
            )
        lines += [
            f"### {job.label}",
            "",
            f"Median area {fmt(median)} km².",
            "",
            *table(["which", "replication", "area km²", "outcome", "replay"], rows, "lrrll"),
            "",
        ]
    return lines


def _where(folder: Path, out_dir: Path) -> str:
    """A job's folder as seen from the report: relative when beside or below it, else absolute."""
    folder, out_dir = folder.resolve(), out_dir.resolve()
    return str(folder.relative_to(out_dir)) if folder.is_relative_to(out_dir) else str(folder)


def jobs_section(jobs: list[Job], common: list[str], out_dir: Path) -> list[str]:
    rows = [
        [
            job.label,
            str(job.results.meta.get("seed", "?")),
            str(len(job.outcomes)),
            fmt(float(job.results.meta.get("horizon_days", math.nan))),
            f"`{_where(job.folder, out_dir)}`",
        ]
        for job in jobs
    ]
    lines = ["## Jobs", "", *table(["job", "seed", "replications", "horizon (days)", "folder"], rows, "lrrrl"), ""]
    if common:
        lines += ["Overrides shared by every job: " + " ".join(f"`{o}`" for o in common) + ".", ""]
    return lines


def report_markdown(
    jobs: list[Job],
    common: list[str],
    figures: dict[str, Path],
    out_dir: Path,
    *,
    n_resamples: int = N_RESAMPLES,
    seed: int = 0,
) -> str:
    lines = [
        f"# Comparison of {len(jobs)} job{'s' * (len(jobs) != 1)}: " + ", ".join(j.label for j in jobs),
        "",
        "## At a glance",
        "",
        *glance(jobs),
        *jobs_section(jobs, common, out_dir),
    ]
    if figures:
        lines += ["## Figures", ""] + [f"![{title}]({path.name})\n" for title, path in figures.items()]
    lines += [
        *categories_section(jobs),
        *differences_section(jobs, n_resamples, seed),
        *numeric_section(jobs),
        *replay_section(jobs),
    ]
    return "\n".join(lines).rstrip() + "\n"


def compare(folders: list[Path], out_dir: Path, *, n_resamples: int = N_RESAMPLES, seed: int = 0) -> Path:
    """Write `comparison.md` and the comparison figures for the given run folders into `out_dir`;
    returns the path of `comparison.md`. Bootstraps are seeded with `seed`: same inputs, same report."""
    if not folders:
        raise ValueError("nothing to compare: no result folders given")
    from sim.reporting.compare_plots import plot_comparison

    jobs = [load_job(Path(f)) for f in folders]
    common = label_jobs(jobs)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    figures = plot_comparison([j.label for j in jobs], [j.results for j in jobs], out_dir)
    text = report_markdown(jobs, common, figures, out_dir, n_resamples=n_resamples, seed=seed)
    path = out_dir / REPORT_FILE
    atomic_write(path, lambda p: p.write_text(text, encoding="utf-8"))
    return path
