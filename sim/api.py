"""The public Python API, shared by the CLI and notebooks: compose a config, run it (or a design over its
assumptions, `+explore=NAME`), load results; `evaluate` runs one point for samplers of your own."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from hydra import compose as hydra_compose
from hydra import initialize_config_dir
from omegaconf import DictConfig

from sim.config.check import check_overrides, to_typed
from sim.config.registry import CONFIG_DIR, check_groups, register
from sim.config.schema import SimConfig
from sim.experiment.folder import claimed, resuming
from sim.experiment.replay import Replay, replay_replication
from sim.experiment.results import Results
from sim.experiment.results import load as load_results
from sim.experiment.runner import run_experiment
from sim.experiment.store import PartStore
from sim.explore.report import write_exploration
from sim.explore.run import evaluate, exploring, plan, run_design
from sim.reporting.run_report import write_run
from sim.reporting.story import write_story


def compose(overrides: list[str] | None = None) -> DictConfig:
    """The config the CLI would build from the same overrides, e.g. ``["+scenario=advance", "seed=3"]``."""
    check_groups(list(overrides or []))
    check_overrides(list(overrides or []))
    register()
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3", job_name="sim"):
        return hydra_compose(config_name="config", overrides=list(overrides or []))


def _typed(cfg: DictConfig | SimConfig) -> SimConfig:
    return cfg if isinstance(cfg, SimConfig) else to_typed(cfg)


def run(
    cfg: DictConfig | SimConfig,
    *,
    out_dir: str | Path | None = None,
    on_claim: Callable[[Path], None] | None = None,
) -> Results:
    """Validate, replicate and (with `out_dir`) write tables, summary and plots there.

    Replications stream to `out_dir` as they finish; with `resume` set in the config, the run completes
    that folder instead, computing only the replications it lacks. A fresh run first claims `out_dir`
    (a second run into the same folder is refused, see `sim.experiment.folder`) and then calls
    `on_claim(folder)`, before any replication runs.
    """
    typed = _typed(cfg)
    if typed.resume:
        folder: Path | None = Path(typed.resume)
    else:
        folder = Path(out_dir) if out_dir is not None else None
    design = plan(typed) if exploring(typed) else None  # a design is checked whole before anything is written
    if folder is None:
        return _described(run_design(typed, design) if design else run_experiment(typed, None), typed)
    with resuming(folder, typed) if typed.resume else claimed(folder, typed):
        if on_claim is not None and not typed.resume:
            on_claim(folder)
        if design is not None:
            results = _described(run_design(typed, design, folder), typed)
            write_exploration(results, typed, design, folder)
        else:
            results = _described(run_experiment(typed, folder), typed)
            write_run(results, typed, folder)
        PartStore(folder).remove()
    return results


def _described(results: Results, typed: SimConfig) -> Results:
    results.meta["description"] = typed.description
    results.meta["start_date"] = typed.theatre.start_date
    return results


def replay(cfg: DictConfig | SimConfig, replication: int, *, out_dir: str | Path | None = None) -> Replay:
    """Re-run one replication alone, with its trace; the same numbers as in the full run. With `out_dir`,
    also write its story there (`replay-<i>.md` and `replay-<i>.png`)."""
    typed = _typed(cfg)
    result = replay_replication(typed, replication)
    if out_dir is not None:
        write_story(typed, result, Path(out_dir))
    return result


def load(path: str | Path) -> Results:
    """Results of a finished run folder, with `.outcomes` and `.daily` as DataFrames."""
    return load_results(path)


__all__ = ["compose", "evaluate", "load", "replay", "run"]
