"""Runs replications in chunks: the unit of work every executor ships to a worker."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.config.schema import SimConfig
from sim.experiment import stop
from sim.experiment.heap import frozen_heap
from sim.world.campaign import simulate


@dataclass
class ReplicationOutput:
    row: dict[str, Any]
    daily: np.ndarray  # (series, days) float32
    series: tuple[str, ...]


def run_replication(cfg: SimConfig, replication: int, seed: int) -> ReplicationOutput:
    result = simulate(cfg, seed)
    row = {"replication": replication, "seed": seed, **result.row}
    names = tuple(result.daily)
    daily = np.array([result.daily[name] for name in names], dtype=np.float32)
    return ReplicationOutput(row, daily, names)


def run_chunk(cfg: SimConfig, tasks: list[tuple[int, int]]) -> list[ReplicationOutput]:
    """`tasks` are (replication index, seed) pairs; the heap alive before the chunk is out of the garbage
    collector's scans while it runs (`frozen_heap`). Run in this process, it stops between two replications
    once a signal asked for it (`sim.experiment.stop`; a worker process never gets one)."""
    outputs = []
    with frozen_heap():
        for rep, seed in tasks:
            stop.check()
            outputs.append(run_replication(cfg, rep, seed))
    return outputs
