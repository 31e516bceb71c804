"""The replay of one replication: the same numbers as in the full run, re-run alone with its event trace.

Replication i is re-run from `SeedSequence(seed, spawn_key=(i,))` with the trace on (tracing records events
but draws nothing, so the numbers are those of row i of `outcomes.parquet`). Telling it as a story is
`sim.reporting.story`'s business.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from sim.config.schema import SimConfig
from sim.experiment.seeds import replication_seed
from sim.world.campaign import simulate


class TraceEvent(NamedTuple):
    """One event of a replay's trace: `day` (from the start date), `sector` (or the side or "theatre" for
    events that are not on one axis), `event` (e.g. "collapse") and `detail` (what the event says)."""

    day: float
    sector: str
    event: str
    detail: str


@dataclass(repr=False)
class Replay:
    """One replication re-run: its outcome row (with replication and seed), daily series and event trace
    (`trace`, named records; `events`, the same as a DataFrame); `path` is the folder its story was written
    to, if it was."""

    replication: int
    seed: int
    row: dict[str, Any]
    daily: dict[str, list[float]]
    trace: list[TraceEvent] = field(default_factory=list)
    path: Path | None = None

    @property
    def events(self) -> pd.DataFrame:
        """The trace as a table: columns day, sector, event, detail, in the order the events happened."""
        return pd.DataFrame(self.trace, columns=list(TraceEvent._fields))

    def __repr__(self) -> str:
        """Short, for a notebook: the daily series and the trace are long."""
        outcome = self.row.get("outcome", "?")
        return (
            f"Replay(replication={self.replication}, seed={self.seed}, outcome={outcome!r}, "
            f"events={len(self.trace)}, series={len(self.daily)}, path={str(self.path) if self.path else None})"
        )


def replay_replication(cfg: SimConfig, replication: int) -> Replay:
    seed = replication_seed(cfg.seed, replication)
    result = simulate(dataclasses.replace(cfg, record_trace=True), seed)
    row = {"replication": replication, "seed": seed, **result.row}
    return Replay(replication, seed, row, result.daily, [TraceEvent(*event) for event in result.trace])
