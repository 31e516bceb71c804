"""A run's results in memory and on disk: Parquet tables, the config and metadata, no pickle.

Files are written under temporary names and renamed, so a folder never holds a half-written table.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from sim.experiment.files import atomic_write
from sim.version import __version__

OUTCOMES_FILE = "outcomes.parquet"
DAILY_FILE = "daily.parquet"
META_FILE = "run.json"
CONFIG_FILE = "config.yaml"


@dataclass
class Results:
    """`outcomes`: one row per replication; `daily`: quantile bands per (series, day); `meta`: run facts."""

    outcomes: pd.DataFrame
    daily: pd.DataFrame
    meta: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None

    def save(self, folder: str | Path, config_yaml: str | None = None) -> Path:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        self.meta.setdefault("version", __version__)
        atomic_write(folder / OUTCOMES_FILE, lambda p: self.outcomes.to_parquet(p, index=False))
        atomic_write(folder / DAILY_FILE, lambda p: self.daily.to_parquet(p, index=False))
        atomic_write(folder / META_FILE, lambda p: p.write_text(json.dumps(self.meta, indent=2) + "\n"))
        if config_yaml is not None:
            atomic_write(folder / CONFIG_FILE, lambda p: p.write_text(config_yaml))
        self.path = folder
        return folder


def load(path: str | Path) -> Results:
    """Read a result folder written by `sim.run` or the CLI."""
    folder = Path(path)
    if not (folder / OUTCOMES_FILE).exists():
        raise FileNotFoundError(f"{folder} holds no {OUTCOMES_FILE}: not a sim result folder")
    meta = json.loads((folder / META_FILE).read_text()) if (folder / META_FILE).exists() else {}
    daily = pd.read_parquet(folder / DAILY_FILE) if (folder / DAILY_FILE).exists() else pd.DataFrame()
    return Results(pd.read_parquet(folder / OUTCOMES_FILE), daily, meta, folder)
