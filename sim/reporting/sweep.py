"""A sweep's combined table: every job's outcomes in one `outcomes.parquet` in the sweep folder.

One row per (job, replication): `job` (Hydra's job number, from the job folder's name `job<N>_...`), one
column per override key of the sweep's jobs (`scenario`, `seed`, `combat.law`, ...: the value each job was
run with, as Hydra parsed it, empty where a job did not set the key), then the job's outcome columns as in
its own `outcomes.parquet`. An override key that is also an outcome column (`seed`, `replication`) is
written as `job_<key>` (`job_seed`), so the outcome columns keep their public names: `seed` stays the seed
that reproduces the row. A column whose values are of mixed kinds (a number in one job, a word in another)
holds the values as text.

`scenario` is always there: the scenario each job ran, from its `run.json`, also where no override named it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pandas as pd

from sim.experiment.files import atomic_write
from sim.experiment.results import META_FILE, OUTCOMES_FILE
from sim.reporting.compare import _hydra_overrides, recovered_overrides

SWEEP_TABLE = OUTCOMES_FILE  # in the sweep folder, beside the job folders
JOB_FOLDER = re.compile(r"job(\d+)(_|$)")
SKIPPED = ("hydra",)  # Hydra's own settings (hydra.sweep.dir, ...) are not a job's parameters


def job_number(folder: Path, position: int) -> int:
    """Hydra's job number from the folder name (`job3_advance` -> 3), else the job's position in the sweep."""
    found = JOB_FOLDER.match(folder.name)
    return int(found.group(1)) if found else position


def override_values(overrides: list[str]) -> dict[str, Any]:
    """{key: value} of a job's overrides, parsed as Hydra does (`seed=1` -> 1, `plots=false` -> False);
    deletions (`~key`) and Hydra's own keys are left out."""
    from hydra.core.override_parser.overrides_parser import OverridesParser

    parser = OverridesParser.create()
    values: dict[str, Any] = {}
    for text in overrides:
        override = parser.parse_override(text)
        key = override.key_or_group
        if override.is_delete() or key.split(".")[0] in SKIPPED:
            continue
        value = override.value()
        values[key] = value if value is None or isinstance(value, (bool, int, float, str)) else str(value)
    return values


def _meta(folder: Path) -> dict[str, Any]:
    try:
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}


def _column(values: list[Any]) -> list[Any]:
    """Values of one kind stay as they are (numbers, flags, words); mixed kinds become text."""
    kinds = {type(v) for v in values if v is not None}
    if len(kinds) <= 1 or kinds <= {int, float}:
        return values
    return [None if v is None else (str(v).lower() if isinstance(v, bool) else str(v)) for v in values]


def sweep_table(folders: list[Path]) -> pd.DataFrame:
    """The combined table of the jobs in `folders` (in job order)."""
    frames, settings = [], []
    for position, folder in enumerate(folders):
        outcomes = pd.read_parquet(folder / OUTCOMES_FILE)
        meta = _meta(folder)
        overrides = _hydra_overrides(folder / ".hydra" / "overrides.yaml")
        values = override_values(overrides if overrides is not None else recovered_overrides(folder, meta))
        values["scenario"] = str(meta.get("scenario") or values.get("scenario") or "baseline")
        frames.append(outcomes.sort_values("replication", kind="stable").reset_index(drop=True))
        settings.append((job_number(folder, position), values))
    outcome_columns = list(dict.fromkeys(c for f in frames for c in f.columns))
    keys = list(dict.fromkeys(["scenario", *(k for _, values in settings for k in values)]))
    names = {k: f"job_{k}" if k in outcome_columns or k == "job" else k for k in keys}
    per_job = {names[k]: _column([values.get(k) for _, values in settings]) for k in keys}
    parts = []
    for i, ((number, _), frame) in enumerate(zip(settings, frames)):
        head = {"job": [number] * len(frame), **{name: [column[i]] * len(frame) for name, column in per_job.items()}}
        parts.append(pd.concat([pd.DataFrame(head), frame], axis=1))
    if not parts:
        return pd.DataFrame(columns=["job", *names.values()])
    table = pd.concat(parts, ignore_index=True)
    return table[["job", *names.values(), *outcome_columns]]


def write_sweep_table(folders: list[Path], sweep: Path) -> Path:
    """Write the combined table of the jobs into the sweep folder; returns its path."""
    table = sweep_table(folders)
    path = Path(sweep) / SWEEP_TABLE
    atomic_write(path, lambda p: table.to_parquet(p, index=False))
    return path
