"""The public Python API, shared by the CLI and notebooks: compose a config, run it (or a design over its
assumptions, `+explore=NAME`), load results; `evaluate` runs one point for samplers of your own."""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import re
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hydra import compose as hydra_compose
from hydra import initialize_config_dir
from omegaconf import DictConfig

from sim.config.check import ConfigError, check_overrides, to_typed
from sim.config.registry import CONFIG_DIR, check_groups, register, scenario_files
from sim.config.schema import SimConfig

if TYPE_CHECKING:  # the experiment and reporting layers (pandas, pyarrow, scipy, matplotlib) load on first use:
    # `import sim.api` and `sim.compose` stay light
    from sim.experiment.replay import Replay
    from sim.experiment.results import Results


def compose(overrides: list[str] | None = None) -> DictConfig:
    """The config the CLI would build from the same overrides, e.g. ``["+scenario=advance", "seed=3"]``.

    Hydra reads and merges every file again on each call (about 0.3 s); a composition is kept and a copy handed
    out while the overrides, $SIM_SCENARIOS and every config and scenario file (by size and time) are the same."""
    overrides = list(overrides or [])
    check_groups(overrides)
    check_overrides(overrides)
    key = (tuple(overrides), _inputs())
    if key not in _COMPOSED:
        register()
        with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3", job_name="sim"):
            cfg = hydra_compose(config_name="config", overrides=overrides)
        if len(_COMPOSED) >= _KEPT:
            _COMPOSED.pop(next(iter(_COMPOSED)))
        _COMPOSED[key] = cfg
    return copy.deepcopy(_COMPOSED[key])


_COMPOSED: dict[tuple[Any, ...], DictConfig] = {}
_KEPT = 64


def _inputs() -> tuple[Any, ...]:
    """What a composition reads besides its overrides: $SIM_SCENARIOS and the files it may load."""
    stats = []
    for path in [*sorted(CONFIG_DIR.rglob("*.yaml")), *scenario_files()]:
        try:
            st = path.stat()
        except OSError:
            continue
        stats.append((str(path), st.st_size, st.st_mtime_ns, st.st_ino))
    return (os.environ.get("SIM_SCENARIOS", ""), tuple(stats))


def _typed(cfg: DictConfig | SimConfig) -> SimConfig:
    return cfg if isinstance(cfg, SimConfig) else to_typed(cfg)


def run(
    cfg: DictConfig | SimConfig,
    *,
    out_dir: str | Path | None = None,
    on_claim: Callable[[Path], None] | None = None,
    overwrite: bool = False,
) -> Results:
    """Validate, replicate and (with `out_dir`) write tables, summary and plots there.

    Replications stream to `out_dir` as they finish; with `resume` set in the config, the run completes
    that folder instead, computing only the replications it lacks. A fresh run first claims `out_dir`
    (a second run into the same folder is refused, see `sim.experiment.folder`) and then calls
    `on_claim(folder)`, before any replication runs. `overwrite=True` (a notebook cell run again) first
    removes what an earlier run wrote in `out_dir`; a folder that is not a sim run folder is refused, and
    files sim did not write stay.
    """
    from sim.experiment.folder import claimed, resuming
    from sim.experiment.progress import announce
    from sim.experiment.runner import run_experiment
    from sim.experiment.store import PartStore
    from sim.explore.run import exploring, plan, run_design

    typed = _typed(cfg)
    if typed.resume == AUTO:
        typed, finished = _own_folder(typed, out_dir)
        if finished is not None:
            return finished
    if typed.resume:
        folder: Path | None = Path(typed.resume)
    else:
        folder = Path(out_dir) if out_dir is not None else None
    design = plan(typed) if exploring(typed) else None  # a design is checked whole before anything is written
    if folder is None:
        return _described(run_design(typed, design) if design else run_experiment(typed, None), typed)
    if overwrite and not typed.resume:
        clear_run(folder)
    with resuming(folder, typed) if typed.resume else claimed(folder, typed):
        if on_claim is not None and not typed.resume:
            on_claim(folder)
        if design is not None:
            results = _described(run_design(typed, design, folder), typed)
            announce(
                f"{typed.scenario_name}: writing the design's tables, figures and report to {folder} …", typed.progress
            )
            from sim.explore.report import write_exploration

            write_exploration(results, typed, design, folder)
        else:
            results = _described(run_experiment(typed, folder), typed)
            announce(f"{typed.scenario_name}: writing tables, figures and reports to {folder} …", typed.progress)
            from sim.reporting.run_report import write_run

            write_run(results, typed, folder)
        PartStore(folder).remove()
    return results


AUTO = "auto"  # resume=auto: the run's own output folder, whatever it holds (a job of a sweep run again)


def _own_folder(typed: SimConfig, out_dir: str | Path | None) -> tuple[SimConfig, Results | None]:
    """`resume=auto`: a run already finished in `out_dir` is read back (after the same check as a resume:
    same config, same version), an interrupted one is resumed there, and an empty or absent folder gets a
    fresh run. Returns the config to run with, or the finished run's results."""
    from sim.experiment.folder import check_resumable
    from sim.experiment.results import CONFIG_FILE, OUTCOMES_FILE, load
    from sim.experiment.store import PARTS

    if out_dir is None:
        raise ConfigError("resume", AUTO, "a folder, or auto for a run with an output folder (this one has none)")
    folder = Path(out_dir)
    if not any((folder / name).exists() for name in (CONFIG_FILE, PARTS, OUTCOMES_FILE)):
        return dataclasses.replace(typed, resume=None), None
    meta = check_resumable(folder, typed)
    finished = (folder / OUTCOMES_FILE).exists() and not (folder / PARTS).exists()
    if finished and meta.get("status") == "complete":
        results = load(folder)
        results.meta["computed_now"] = 0
        return typed, results
    return dataclasses.replace(typed, resume=str(folder)), None


def run_files() -> tuple[str, ...]:
    """The files a run writes in its folder (besides its figures and replays)."""
    from sim.experiment.folder import CLAIM_FILE
    from sim.experiment.results import CONFIG_FILE, DAILY_FILE, META_FILE, OUTCOMES_FILE
    from sim.reporting.run_report import REPORT_HTML, SUMMARY_FILE, SUMMARY_JSON

    return (OUTCOMES_FILE, DAILY_FILE, META_FILE, CONFIG_FILE, CLAIM_FILE, SUMMARY_FILE, SUMMARY_JSON, REPORT_HTML)


RUN_LOG = "sim.log"  # Hydra's log of a CLI run (hydra.job.name)
RUN_DIRS = ("parts", ".hydra")  # sim.experiment.store.PARTS
REPLAY_FILE = re.compile(r"replay-\d+(-map)?\.(md|png|svg)")


def clear_run(folder: Path) -> None:
    """Remove what an earlier sim run wrote in `folder`, so that a fresh run can claim it; a folder that is
    not a run folder (and not empty), or that a sim process still works in, is refused with nothing deleted."""
    from sim.experiment.folder import in_use, is_run_folder

    if not folder.exists():
        return
    if not folder.is_dir():
        raise ConfigError("out_dir", str(folder), "a folder (this is a file)")
    if not any(folder.iterdir()):
        return
    if not is_run_folder(folder):
        raise ConfigError(
            "out_dir",
            str(folder),
            "for overwrite=True, a sim run folder (this is not a sim run folder: nothing deleted)",
        )
    if in_use(folder):
        raise ConfigError("out_dir", str(folder), "a folder no other run is writing (a sim run still works there)")
    names = {*run_files(), RUN_LOG, *_figures(folder)}
    for path in folder.iterdir():
        if path.is_file() and (path.name in names or REPLAY_FILE.fullmatch(path.name)):
            path.unlink()
        elif path.is_dir() and not path.is_symlink() and path.name in RUN_DIRS:
            shutil.rmtree(path)


def _figures(folder: Path) -> list[str]:
    """The figure files a run's `summary.json` lists (PNG and SVG)."""
    from sim.reporting.run_report import SUMMARY_JSON

    try:
        figures = json.loads((folder / SUMMARY_JSON).read_text(encoding="utf-8")).get("figures", [])
        return [str(f[kind]) for f in figures for kind in ("png", "svg") if kind in f]
    except (OSError, ValueError, AttributeError, TypeError):
        return []


def _described(results: Results, typed: SimConfig) -> Results:
    results.meta["description"] = typed.description
    results.meta["start_date"] = typed.theatre.start_date
    return results


def replay(cfg: DictConfig | SimConfig, replication: int, *, out_dir: str | Path | None = None) -> Replay:
    """Re-run one replication alone, with its trace; the same numbers as in the full run. With `out_dir`,
    also write its story there (`replay-<i>.md` and `replay-<i>.png`)."""
    from sim.experiment.replay import replay_replication

    typed = _typed(cfg)
    result = replay_replication(typed, replication)
    if out_dir is not None:
        from sim.reporting.story import write_story

        write_story(typed, result, Path(out_dir))
    return result


def load(path: str | Path) -> Results:
    """Results of a finished run folder, with `.outcomes` and `.daily` as DataFrames."""
    from sim.experiment.results import load as load_results

    return load_results(path)


def evaluate(
    params: Mapping[str, Any], *, scenario: str = "baseline", replications: int = 20, seed: int = 2022
) -> dict[str, float]:
    """Outcome means and category probabilities of `scenario` with `params` set (dotted keys), over
    `replications` replications with the seeds a plain run with `seed` uses (common random numbers across
    calls); see `sim.explore.run.evaluate`."""
    from sim.explore.run import evaluate as evaluate_point

    return evaluate_point(params, scenario=scenario, replications=replications, seed=seed)


__all__ = ["compose", "evaluate", "load", "replay", "run"]
