"""The runs of a design streamed to Parquet part files as they finish, so an interrupted design resumes.

A design's runs are numbered `run = point x R + replication`; each finished chunk becomes
`parts/outcomes-<first run>.parquet` (the same folder and names as a plain run's parts, so the run folder's
claim and clean-up rules hold as they are), written under a temporary name and renamed. A part that cannot be
read is removed by `repair()` and its runs computed again. There are no daily parts: bands of the daily series
across different parameter values would mean nothing.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sim.experiment.files import atomic_write
from sim.experiment.store import PARTS

log = logging.getLogger(__name__)


class DesignStore:
    def __init__(self, folder: Path) -> None:
        self.parts = folder / PARTS
        self.parts.mkdir(parents=True, exist_ok=True)

    def write(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        frame = pd.DataFrame(sorted(rows, key=lambda r: r["run"]))
        first = int(frame["run"].iloc[0])
        atomic_write(self.parts / f"outcomes-{first:09d}.parquet", lambda p: frame.to_parquet(p, index=False))

    def _files(self) -> list[Path]:
        return sorted(self.parts.glob("outcomes-*.parquet"))

    def repair(self) -> list[str]:
        """Remove the temporary files of interrupted writes and every part that cannot be read whole."""
        for tmp in self.parts.glob(".*.tmp"):
            tmp.unlink(missing_ok=True)
        removed = []
        for path in self._files():
            try:
                ok = pq.read_table(path, columns=["run"]).num_rows > 0
            except (OSError, KeyError, ValueError, pa.ArrowException):
                ok = False
            if not ok:
                path.unlink(missing_ok=True)
                removed.append(path.name)
        if removed:
            log.warning("%d damaged part files removed; their runs are computed again", len(removed))
        return removed

    def done(self) -> set[int]:
        """The runs already on disk."""
        done: set[int] = set()
        for path in self._files():
            done.update(int(r) for r in pq.read_table(path, columns=["run"]).column(0).to_pylist())
        return done

    def outcomes(self) -> pd.DataFrame:
        frames = [pd.read_parquet(p) for p in self._files()]
        if not frames:
            return pd.DataFrame()
        out = pd.concat(frames, ignore_index=True).sort_values("run", kind="stable")
        return out.drop_duplicates("run").reset_index(drop=True)

    def remove(self) -> None:
        shutil.rmtree(self.parts, ignore_errors=True)


def saved_runs(folder: Path) -> int:
    """How many runs the part files of `folder` hold: a design's (by `run`) or a plain run's (by replication)."""
    seen: set[int] = set()
    for path in sorted((folder / PARTS).glob("outcomes-*.parquet")):
        names = pq.read_schema(path).names
        column = "run" if "run" in names else "replication"
        seen.update(int(r) for r in pq.read_table(path, columns=[column]).column(0).to_pylist())
    return len(seen)
