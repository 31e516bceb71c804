"""The replay of one replication: the same numbers as in the full run, re-run alone with its event trace.

Replication i is re-run from `SeedSequence(seed, spawn_key=(i,))` with the trace on (tracing records events
but draws nothing, so the numbers are those of row i of `outcomes.parquet`). Telling it as a story is
`sim.reporting.story`'s business.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.config.schema import SimConfig
from sim.experiment.seeds import replication_seed
from sim.world.campaign import simulate


@dataclass
class Replay:
    """One replication re-run: its outcome row (with replication and seed), daily series and event trace;
    `path` is the folder its story was written to, if it was."""

    replication: int
    seed: int
    row: dict[str, Any]
    daily: dict[str, list[float]]
    trace: list[tuple[float, str, str, str]] = field(default_factory=list)
    path: Path | None = None


def replay_replication(cfg: SimConfig, replication: int) -> Replay:
    seed = replication_seed(cfg.seed, replication)
    result = simulate(dataclasses.replace(cfg, record_trace=True), seed)
    row = {"replication": replication, "seed": seed, **result.row}
    return Replay(replication, seed, row, result.daily, result.trace)
