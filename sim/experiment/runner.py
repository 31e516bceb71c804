"""Monte Carlo: replicate a typed config over per-replication seeds on the chosen executor.

Finished chunks are streamed to part files in the run folder (a temporary one for in-memory runs), so a
run that is interrupted keeps what it finished and a resumed run computes only what is missing. With
`replications=auto` the run goes on in batches until the main outcomes are precise enough.
"""

from __future__ import annotations

import math
import tempfile
import time
from contextlib import closing
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.config.schema import SimConfig
from sim.experiment.bands import day_axis
from sim.experiment.executors import chunks_for, execute, worker_count
from sim.experiment.progress import Progress, announce
from sim.experiment.replicate import run_chunk
from sim.experiment.results import Results
from sim.experiment.seeds import replication_seed
from sim.experiment.store import PartStore


def run_experiment(cfg: SimConfig, folder: Path | None = None) -> Results:
    """Run (or complete) the replications of `cfg`, streaming them to `folder` (or a temporary one)."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="sim-") as scratch:
        store = PartStore(folder if folder is not None else Path(scratch))
        store.repair(len(day_axis(cfg.horizon_days)))  # a damaged part is computed again, not read
        before = store.done()
        precision: dict[str, Any] = {}
        if cfg.replications == "auto":
            n, precision = _until_precise(cfg, store)
        else:
            n = int(cfg.replications)
            _run(cfg, store, range(n))
        outcomes = store.outcomes()
        outcomes = outcomes[outcomes["replication"] < n].reset_index(drop=True)
        daily = store.daily_bands(day_axis(cfg.horizon_days), keep=set(range(n)))
    elapsed = time.perf_counter() - started
    computed = n - len(before & set(range(n)))
    meta: dict[str, Any] = {
        "scenario": cfg.scenario_name,
        "seed": cfg.seed,
        "replications": n,
        "computed_now": computed,
        "horizon_days": cfg.horizon_days,
        "executor": cfg.executor.name,
        "workers": 1 if cfg.executor.name == "serial" else worker_count(cfg.executor),
        "elapsed_s": round(elapsed, 3),
        "ms_per_replication": round(1000 * elapsed / max(computed, 1), 3),
    }
    if precision:
        meta["precision"] = precision
    return Results(outcomes=outcomes, daily=daily, meta=meta)


def _run(cfg: SimConfig, store: PartStore, replications: range) -> None:
    done = store.done()
    tasks = [(i, replication_seed(cfg.seed, i)) for i in replications if i not in done]
    if not tasks:
        return
    chunks = chunks_for(cfg.executor, tasks)
    with (
        Progress(len(tasks), cfg.scenario_name, cfg.progress) as bar,
        closing(execute(partial(run_chunk, cfg), chunks, cfg.executor)) as results,
    ):
        for outputs in results:
            store.write_chunk(outputs)
            bar.update(len(outputs))


def relative_halfwidths(outcomes: pd.DataFrame, columns: list[str]) -> dict[str, float]:
    """95% CI half-width of each column's mean as a share of |mean| (0 when there is no spread)."""
    from sim.stats import mean_ci  # scipy.stats (most of a second): only `replications=auto` needs it here

    widths = {}
    for column in columns:
        mean, low, high = mean_ci(outcomes[column].to_numpy(dtype=float))
        half = 0.5 * (high - low)
        widths[column] = 0.0 if half == 0.0 else (math.inf if mean == 0.0 else abs(half / mean))
    return widths


def _until_precise(cfg: SimConfig, store: PartStore) -> tuple[int, dict[str, Any]]:
    p = cfg.precision
    n = p.min_replications
    while True:
        _run(cfg, store, range(n))
        outcomes = store.outcomes()
        widths = relative_halfwidths(outcomes[outcomes["replication"] < n], list(p.outcomes))
        met = all(w <= p.target for w in widths.values())
        if met or n >= p.max_replications:
            rounded = {k: (round(v, 5) if np.isfinite(v) else None) for k, v in widths.items()}
            report = {"target": p.target, "met": met, "cap": p.max_replications, "relative_halfwidth": rounded}
            return n, report
        more = min(n + p.batch, p.max_replications)
        key = max(widths, key=lambda k: widths[k])
        announce(
            f"{cfg.scenario_name}: after {n} replications the 95% CI of {key} is ±{widths[key]:.1%} of its mean "
            f"(target ±{p.target:.1%}): {more - n} more",
            cfg.progress,
        )
        n = more
