"""What a report knows of a run beyond its tables: the scenario, the calendar, the horizon, the theatre's
sectors in their geographic order with each track's lines, rivers and objective, and the decision
thresholds the daily series are read against.

It is built from the typed config when the writer has it (`write_run`), else from the `config.yaml` the
run folder holds (a comparison, a loaded run); a folder without one still gets the sector order, from the
outcome columns, which the campaign writes in the theatre's order. The theatre files list sectors north to
south (`configs/theatre/*.yaml`), so that order is the geographic one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.config.schema import SimConfig
from sim.experiment.results import CONFIG_FILE, Results, read_yaml

FRONT = "front_km_"


@dataclass(frozen=True)
class Mark:
    """A place on a sector's depth track: a defensive line, a river or the objective (km from the start)."""

    kind: str  # "line", "river" or "objective"
    at_km: float
    label: str
    side: str = "ru"  # whose line it is


@dataclass(frozen=True)
class Track:
    """One sector's depth track as the figures draw it."""

    name: str
    width_km: float = float("nan")
    min_km: float = float("nan")
    max_km: float = float("nan")
    marks: tuple[Mark, ...] = ()
    bridgehead: bool = False


@dataclass(frozen=True)
class RunInfo:
    scenario: str = ""
    start_date: str | None = None
    horizon_days: float = float("nan")
    theatre: str = ""
    tracks: tuple[Track, ...] = ()
    continue_at: float | None = None  # Ukraine keeps attacking while resolve × support stays above this
    halt_below: float | None = None  # and halts for good below this
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def sectors(self) -> list[str]:
        return [t.name for t in self.tracks]

    def track(self, name: str) -> Track | None:
        return next((t for t in self.tracks if t.name == name), None)


def _marks(sector: Mapping[str, Any]) -> tuple[Mark, ...]:
    marks = [
        Mark(
            "line",
            float(line["at_km"]),
            f"line ×{float(line.get('fortification', 1.0)):g}",
            str(line.get("side", "ru")),
        )
        for line in sector.get("lines") or []
    ]
    marks += [Mark("river", float(r["at_km"]), str(r.get("name") or "river")) for r in sector.get("rivers") or []]
    if "objective_km" in sector:
        marks.append(Mark("objective", float(sector["objective_km"]), "objective"))
    return tuple(sorted(marks, key=lambda m: m.at_km))


def _track(name: str, sector: Mapping[str, Any]) -> Track:
    nan = float("nan")
    return Track(
        name,
        float(sector.get("width_km", nan)),
        float(sector.get("min_km", nan)),
        float(sector.get("max_km", nan)),
        _marks(sector),
        bool(sector.get("bridgehead", False)),
    )


def from_config(config: Mapping[str, Any], meta: Mapping[str, Any] | None = None) -> RunInfo:
    """From a config as plain data (the run's `config.yaml`, or a typed config made plain)."""
    meta = meta or {}
    theatre = config.get("theatre") or {}
    decisions = config.get("decisions") or {}
    sectors = theatre.get("sectors") or {}
    return RunInfo(
        scenario=str(meta.get("scenario") or config.get("scenario_name") or ""),
        start_date=str(meta.get("start_date") or theatre.get("start_date") or "") or None,
        horizon_days=float(meta.get("horizon_days", config.get("horizon_days", float("nan")))),
        theatre=str(theatre.get("name", "")),
        tracks=tuple(_track(str(n), s or {}) for n, s in sectors.items()),
        continue_at=decisions.get("continue_at"),
        halt_below=decisions.get("halt_below"),
    )


def from_cfg(cfg: SimConfig, meta: Mapping[str, Any] | None = None) -> RunInfo:
    return from_config(dataclasses.asdict(cfg), meta)


def sectors_of(results: Results) -> list[str]:
    """The sectors of a run in the theatre's order: its `front_km_<sector>` outcome columns, else its daily
    series."""
    names = [c.removeprefix(FRONT) for c in results.outcomes.columns if str(c).startswith(FRONT)]
    if not names and not results.daily.empty:
        names = [str(s).removeprefix(FRONT) for s in results.daily["series"].unique() if str(s).startswith(FRONT)]
    return names


def of_run(results: Results, cfg: SimConfig | None = None) -> RunInfo:
    """A run's facts: from `cfg` if given, else from the folder's `config.yaml`, else from its tables alone."""
    meta = results.meta
    if cfg is not None:
        return from_cfg(cfg, meta)
    saved = Path(results.path) / CONFIG_FILE if results.path is not None else None
    if saved is not None and saved.is_file():
        config = read_yaml(saved.read_text(encoding="utf-8")) or {}
        info = from_config(config, meta)
        if info.tracks:
            return info
    return RunInfo(
        scenario=str(meta.get("scenario") or ""),
        start_date=meta.get("start_date"),
        horizon_days=float(meta.get("horizon_days", float("nan"))),
        tracks=tuple(Track(s) for s in sectors_of(results)),
        notes=("no config.yaml in the run folder: tracks drawn without their lines, rivers and objectives",),
    )
