"""A map of the front: the model's one-dimensional sectors drawn where they lie on the ground.

Each sector's track becomes an axis on the map: a start point on the front of the theatre's start date and
a direction into the Russian rear, from `geography.yaml` (with its sources). A front position of x km is
the sector's stretch of front on the start date moved x km along that axis. The map draws the axes as
arrows, the fronts at chosen dates, a 5–95% band of the last one, the places on each track (lines,
rivers, the objective) as ticks, the Dnipro, Oskil and Siverskyi Donets as rough polylines, and towns.
Plain matplotlib in longitude and latitude (a local equirectangular projection): no tiles, no network.
A theatre or sector without coordinates is left out with a note, never an error.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Polygon

from sim.reporting.runinfo import RunInfo, Track
from sim.reporting.style import BLUE, BLUES, GREEN, GREY, INK, RED, SKY, figure, margins, pretty

DATA = Path(__file__).with_name("geography.yaml")
KM_PER_DEGREE = 111.32  # of latitude; of longitude times cos(latitude)
Point = tuple[float, float]  # longitude, latitude
Front = tuple[float, float, float]  # km along the axis: 5%, median, 95% (equal for one replication)
MARK_COLOURS = {"line": RED, "river": SKY, "objective": GREEN}


@functools.cache
def data() -> dict[str, Any]:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def offset(point: Point, bearing: float, km: float) -> Point:
    """The point `km` from `point` on `bearing` (degrees clockwise from north); flat earth, fine at 200 km."""
    lon, lat = point
    b = math.radians(bearing)
    return (
        lon + km * math.sin(b) / (KM_PER_DEGREE * math.cos(math.radians(lat))),
        lat + km * math.cos(b) / KM_PER_DEGREE,
    )


def bearing_to(a: Point, b: Point) -> float:
    dx = (b[0] - a[0]) * KM_PER_DEGREE * math.cos(math.radians(a[1]))
    dy = (b[1] - a[1]) * KM_PER_DEGREE
    return math.degrees(math.atan2(dx, dy)) % 360


@dataclass(frozen=True)
class Axis:
    """A sector's track on the ground."""

    sector: str
    start: Point
    bearing: float
    front: tuple[Point, Point]
    source: str

    def at(self, km: float) -> Point:
        return offset(self.start, self.bearing, km)

    def front_at(self, km: float) -> tuple[Point, Point]:
        """The start date's stretch of front, moved `km` along the axis."""
        return offset(self.front[0], self.bearing, km), offset(self.front[1], self.bearing, km)


def _point(value: Sequence[float]) -> Point:
    return float(value[0]), float(value[1])


def axis(sector: str, entry: Mapping[str, Any], width_km: float) -> Axis:
    start = _point(entry["start"])
    bearing = float(entry["bearing"]) if "bearing" in entry else bearing_to(start, _point(entry["end"]))
    if "front" in entry:
        front = (_point(entry["front"][0]), _point(entry["front"][1]))
    else:
        half = (width_km if math.isfinite(width_km) else 40.0) / 2
        front = (offset(start, bearing - 90, half), offset(start, bearing + 90, half))
    return Axis(sector, start, bearing, front, str(entry.get("source", "")))


def axes_of(info: RunInfo) -> tuple[list[tuple[Axis, Track]], list[str]]:
    """The sectors of the run that have coordinates, each with its track, and a note per sector left out."""
    entries = (data().get("theatres") or {}).get(info.theatre)
    if entries is None:
        return [], [f"no coordinates for the theatre {info.theatre or '(unnamed)'}: no map"]
    found, notes = [], []
    for track in info.tracks:
        if track.name in entries:
            found.append((axis(track.name, entries[track.name], track.width_km), track))
        else:
            notes.append(f"{pretty(track.name)}: no coordinates, not drawn")
    return found, notes


def _line(ax: Any, points: Sequence[Point], **style: Any) -> None:
    ax.plot([p[0] for p in points], [p[1] for p in points], **style)


def map_figure(info: RunInfo, fronts: Mapping[str, Mapping[str, Front]], title: str) -> Figure | None:
    """The map, or None when the theatre has no coordinates. `fronts`: {date label: {sector: (5%, median,
    95%) km}}, in date order; the last label's band is drawn when its 5% and 95% differ."""
    placed, notes = axes_of(info)
    if not placed:
        return None
    fig, grid = figure(12, 9.6)
    ax = grid[0, 0]
    reach: list[Point] = []
    for ax_, track in placed:
        high = track.max_km if math.isfinite(track.max_km) else 60.0
        reach += [ax_.at(-15.0), ax_.at(high), *ax_.front]
        ax.annotate("", xy=ax_.at(high), xytext=ax_.at(0), arrowprops={"arrowstyle": "-|>", "color": GREY, "lw": 1.1})
        ax.text(  # on a white ground over the lines, rivers and fronts it crosses in the crowded north-east
            *ax_.at(-14.0),
            pretty(track.name),
            fontsize=8.5,
            ha="center",
            va="center",
            color=INK,
            weight="bold",
            zorder=5,
            bbox={"facecolor": "white", "alpha": 0.75, "lw": 0, "pad": 1.0},
        )
        for mark in track.marks:
            where = ax_.at(mark.at_km)
            across = offset(where, ax_.bearing + 90, 4.0), offset(where, ax_.bearing - 90, 4.0)
            colour = BLUE if mark.kind == "line" and mark.side == "ua" else MARK_COLOURS[mark.kind]
            _line(ax, across, color=colour, lw=2.0, solid_capstyle="butt")
    labels = list(fronts)
    # the start date's front in black, later dates from mid to dark blue
    colours = ["black", *BLUES[max(1, len(BLUES) - len(labels)) :]][: len(labels)]
    dashes = [(0, (3, 2)), *["-"] * len(labels)]
    for label, colour, dash in zip(labels, colours, dashes):
        for ax_, _ in placed:
            if ax_.sector in fronts[label]:
                km = fronts[label][ax_.sector][1]
                _line(ax, ax_.front_at(km), color=colour, lw=2.4, ls=dash, solid_capstyle="round")
    band = None
    if labels:
        last = fronts[labels[-1]]
        for ax_, _ in placed:
            if ax_.sector in last and last[ax_.sector][0] != last[ax_.sector][2]:
                (a, b), (c, d) = ax_.front_at(last[ax_.sector][0]), ax_.front_at(last[ax_.sector][2])
                ax.add_patch(Polygon([a, b, d, c], closed=True, facecolor=colours[-1], alpha=0.1, lw=0))
                ax.add_patch(Polygon([a, b, d, c], closed=True, fill=False, edgecolor=colours[-1], lw=0.6, ls=":"))
                band = labels[-1]
        reach += [p for ax_, _ in placed if ax_.sector in last for p in ax_.front_at(last[ax_.sector][2])]
    west, east = min(p[0] for p in reach) - 0.3, max(p[0] for p in reach) + 0.3
    south, north = min(p[1] for p in reach) - 0.25, max(p[1] for p in reach) + 0.35
    for name, river in (data().get("rivers") or {}).items():
        points = [_point(p) for p in river["points"]]
        _line(ax, points, color=SKY, lw=1.6, zorder=0)
        inside = [p for p in points if west <= p[0] <= east and south <= p[1] <= north]
        if inside:
            mid = inside[len(inside) // 2]
            ax.text(*mid, f" {name}", color=SKY, fontsize=8, style="italic", va="bottom")
    for name, where in (data().get("towns") or {}).items():
        lon, lat = _point(where)
        if west <= lon <= east and south <= lat <= north:
            ax.plot([lon], [lat], "o", color=INK, markersize=2.5)
            ax.text(lon + 0.03, lat + 0.02, name, fontsize=7, color=INK)
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(1 / math.cos(math.radians((south + north) / 2)))
    ax.set(xlabel="longitude (° E)", ylabel="latitude (° N)", title=title)
    ax.grid(alpha=0.2)
    handles: list[Any] = [
        Line2D([], [], color=c, lw=2.4, ls=d, label=f"front, {lab}") for lab, c, d in zip(labels, colours, dashes)
    ]
    if band is not None:
        handles.append(Patch(facecolor=colours[-1], alpha=0.25, label=f"5–95% of replications, {band}"))
    handles += [
        Line2D([], [], color=GREY, lw=1.2, marker=">", label="axis of each sector, into the Russian rear"),
        Line2D([], [], color=RED, lw=2, label="defensive line on the track"),
        Line2D([], [], color=SKY, lw=2, label="river (on the track / on the ground)"),
        Line2D([], [], color=GREEN, lw=2, label="Ukraine's objective on the track"),
    ]
    ax.legend(handles=handles, loc="upper left", fontsize=7.5, framealpha=0.9)
    note = (
        "Schematic: each sector is the model's one-dimensional track drawn from its point on the start date's "
        "front; a front x km forward is that day's stretch moved x km along the axis. Coordinates and sources: "
        "sim/reporting/geography.yaml."
    )
    fig.text(0.01, 0.01, " ".join([note, *(n + "." for n in notes)]), fontsize=7.5, color=GREY, wrap=True)
    margins(fig, left=0.8, right=0.2, top=0.45, bottom=0.95)
    return fig


def days_shown(horizon: float) -> list[float]:
    """The days a run's map shows: the start, a month, three months and the horizon (those within it)."""
    return sorted({d for d in (0.0, 30.0, 90.0) if d < horizon} | {float(horizon)})


def band_fronts(
    series: Mapping[str, Any], sectors: Sequence[str], days: Sequence[float]
) -> dict[float, dict[str, Front]]:
    """{day: {sector: (5%, median, 95%)}} from the daily bands (the nearest recorded day)."""
    out: dict[float, dict[str, Front]] = {}
    for day in days:
        out[day] = {}
        for sector in sectors:
            d = series.get(f"front_km_{sector}")
            if d is None or d.empty:
                continue
            row = d.iloc[int(np.abs(d["day"].to_numpy() - day).argmin())]
            out[day][sector] = (float(row["q05"]), float(row["q50"]), float(row["q95"]))
    return out
