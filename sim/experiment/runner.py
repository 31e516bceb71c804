"""Monte Carlo: replicate a typed config over per-replication seeds on the chosen executor."""

from __future__ import annotations

import time
from functools import partial

import numpy as np
import pandas as pd
from tqdm import tqdm

from sim.config.schema import SimConfig
from sim.experiment.bands import day_axis, quantile_bands
from sim.experiment.executors import chunk_size, chunked, execute, worker_count
from sim.experiment.replicate import ReplicationOutput, run_chunk
from sim.experiment.results import Results
from sim.experiment.seeds import replication_seeds


def run_experiment(cfg: SimConfig) -> Results:
    started = time.perf_counter()
    seeds = replication_seeds(cfg.seed, cfg.replications)
    tasks = list(enumerate(seeds))
    chunks = chunked(tasks, chunk_size(cfg.executor, len(tasks)))
    outputs: list[ReplicationOutput] = []
    with tqdm(total=len(tasks), desc=cfg.scenario_name, unit="rep", disable=None if cfg.progress else True,
              leave=False) as bar:
        for chunk_result in execute(partial(run_chunk, cfg), chunks, cfg.executor):
            outputs.extend(chunk_result)
            bar.update(len(chunk_result))
    outputs.sort(key=lambda o: o.row["replication"])
    elapsed = time.perf_counter() - started
    outcomes = pd.DataFrame([o.row for o in outputs])
    stack = np.stack([o.daily for o in outputs])
    daily = quantile_bands(stack, outputs[0].series, day_axis(cfg.horizon_days))
    meta = {
        "scenario": cfg.scenario_name,
        "seed": cfg.seed,
        "replications": cfg.replications,
        "horizon_days": cfg.horizon_days,
        "executor": cfg.executor.name,
        "workers": 1 if cfg.executor.name == "serial" else worker_count(cfg.executor),
        "elapsed_s": round(elapsed, 3),
        "ms_per_replication": round(1000 * elapsed / max(cfg.replications, 1), 3),
    }
    return Results(outcomes=outcomes, daily=daily, meta=meta)
