"""Streaming storage of replications as they finish: Parquet part files, one pair per chunk.

Each chunk becomes `parts/outcomes-<first>.parquet` (one row per replication) and
`parts/daily-<first>.parquet` (one row per replication and day, one column per daily series), each
written under a temporary name and renamed, so a part is either whole or absent. Memory stays flat as
replications grow: nothing is held but the chunk being written, and quantile bands are computed at the
end one series (one Parquet column) at a time. What is on disk is also what a resumed run skips.

A part damaged all the same (a disk that lied, a hand that truncated it, a zero-byte file) is found by
`repair()` before a resumed run computes anything: the chunk's two files are removed, and its replications
are computed again like any other missing one.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sim.experiment.bands import QUANTILES, bands_frame
from sim.experiment.files import atomic_write
from sim.experiment.replicate import ReplicationOutput

log = logging.getLogger(__name__)
PARTS = "parts"
BAND_DAYS = 16  # days per block of quantiles: bounds the float64 copies np.quantile makes
WHOLE_BYTES = 16 * 2**20  # daily parts up to this size (all series, float32) are reduced in one step


class PartStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.parts = folder / PARTS
        self.parts.mkdir(parents=True, exist_ok=True)

    def write_chunk(self, outputs: list[ReplicationOutput]) -> None:
        if not outputs:
            return
        outputs = sorted(outputs, key=lambda o: o.row["replication"])
        first = int(outputs[0].row["replication"])
        n_days = outputs[0].daily.shape[1]
        reps = np.repeat([int(o.row["replication"]) for o in outputs], n_days).astype(np.int64)
        columns: dict[str, np.ndarray] = {"replication": reps, "day_index": np.tile(np.arange(n_days), len(outputs))}
        for i, name in enumerate(outputs[0].series):
            columns[name] = np.concatenate([o.daily[i] for o in outputs]).astype(np.float32)
        daily = pa.table(columns)
        rows = pd.DataFrame([o.row for o in outputs])
        # daily first: a chunk counts as done only once its outcome rows exist
        atomic_write(self.parts / f"daily-{first:09d}.parquet", lambda p: pq.write_table(daily, p))
        atomic_write(self.parts / f"outcomes-{first:09d}.parquet", lambda p: rows.to_parquet(p, index=False))

    def repair(self, n_days: int) -> list[str]:
        """Remove every chunk whose outcome or daily part cannot be read or does not hold `n_days` days per
        replication, and the temporary files of interrupted writes; returns the names of the removed parts."""
        removed = []
        for tmp in self.parts.glob(".*.tmp"):
            tmp.unlink(missing_ok=True)
        for path in self._files("outcomes"):
            daily = self.parts / path.name.replace("outcomes", "daily")
            if not self._whole(path, daily, n_days):
                for damaged in (path, daily):
                    damaged.unlink(missing_ok=True)
                removed.append(path.name)
        for daily in self._files("daily"):  # written just before a run stopped, without its outcome part
            if not (self.parts / daily.name.replace("daily", "outcomes")).exists():
                daily.unlink(missing_ok=True)
        if removed:
            log.warning("%d damaged part files removed; their replications are computed again", len(removed))
        return removed

    @staticmethod
    def _whole(outcomes: Path, daily: Path, n_days: int) -> bool:
        try:
            table = pq.read_table(outcomes)
            reps = table.column("replication").to_pylist()
            days = pq.read_table(daily, columns=["replication", "day_index"])
        except (OSError, KeyError, ValueError, pa.ArrowException):
            return False
        expected = np.repeat(np.asarray(reps, dtype=np.int64), n_days)
        got = days.column("replication").to_numpy()
        return len(reps) > 0 and len(got) == len(expected) and bool(np.array_equal(np.sort(got), np.sort(expected)))

    def _files(self, kind: str) -> list[Path]:
        return sorted(self.parts.glob(f"{kind}-*.parquet"))

    def done(self) -> set[int]:
        """Replications already on disk."""
        done: set[int] = set()
        for path in self._files("outcomes"):
            done.update(int(r) for r in pq.read_table(path, columns=["replication"]).column(0).to_pylist())
        return done

    def outcomes(self) -> pd.DataFrame:
        frames = [pd.read_parquet(p) for p in self._files("outcomes")]
        if not frames:
            return pd.DataFrame()
        out = pd.concat(frames, ignore_index=True).sort_values("replication", kind="stable")
        return out.drop_duplicates("replication").reset_index(drop=True)

    def daily_bands(self, days: np.ndarray, keep: set[int] | None = None) -> pd.DataFrame:
        """Quantile bands per series, reading one column at a time from every daily part.

        The main process holds one column of every replication (4 bytes per replication and day) and the
        quantiles are taken a block of days at a time, so its memory grows slowly with replications."""
        files = [p for p in self._files("daily") if (self.parts / p.name.replace("daily", "outcomes")).exists()]
        if not files:
            return pd.DataFrame()
        series = [n for n in pq.read_schema(files[0]).names if n not in ("replication", "day_index")]
        n_days = len(days)
        reps = np.concatenate([pq.read_table(p, columns=["replication"]).column(0).to_numpy() for p in files])
        reps = reps.reshape(-1, n_days)[:, 0]
        _, first = np.unique(reps, return_index=True)  # a replication written twice counts once
        rows = first if keep is None else first[np.isin(reps[first], list(keep))]
        every = len(rows) == len(reps) and bool(np.all(rows == np.arange(len(reps))))
        column = np.empty(len(reps) * n_days, dtype=np.float32)
        if column.nbytes * len(series) <= WHOLE_BYTES:  # a small run: every part read whole, once
            tables = [pq.read_table(p, columns=series) for p in files]
            cube = np.stack(
                [np.concatenate([t.column(name).to_numpy() for t in tables]).reshape(-1, n_days) for name in series]
            )
            if not every:
                cube = cube[:, rows]
            return bands_frame(series, days, cube.mean(axis=1), np.quantile(cube, QUANTILES, axis=1))
        means, quantiles = [], []
        for name in series:
            at = 0
            for path in files:
                part = pq.read_table(path, columns=[name]).column(0).to_numpy()
                column[at : at + len(part)] = part
                at += len(part)
            matrix = column.reshape(-1, n_days)
            if not every:
                matrix = matrix[rows]
            blocks = [matrix[:, None, start : start + BAND_DAYS] for start in range(0, n_days, BAND_DAYS)]
            means.append(np.concatenate([block.mean(axis=0)[0] for block in blocks]))
            quantiles.append(np.concatenate([np.quantile(block, QUANTILES, axis=0)[:, 0] for block in blocks], axis=1))
        return bands_frame(series, days, np.stack(means), np.stack(quantiles, axis=1))

    def remove(self) -> None:
        shutil.rmtree(self.parts, ignore_errors=True)
