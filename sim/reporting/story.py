"""The story of one replayed replication: `replay-<i>.md`, a timeline a reader can follow; `replay-<i>.png`,
that run's front per sector (north to south, each sector's own events marked on it, the theatre's
turning points named on a timeline above); and `replay-<i>-map.png`, its fronts on the map.

The replication itself is re-run by `sim.experiment.replay` (the same numbers as row i of
`outcomes.parquet`); this module only tells it: how it ended (the declared headline columns), then the
events of its trace day by day, routine ones counted rather than listed.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from sim.config.schema import SimConfig
from sim.experiment.files import atomic_write
from sim.experiment.replay import Replay
from sim.outcomes import headline
from sim.reporting import geography
from sim.reporting.markdown import table
from sim.reporting.runinfo import FRONT, RunInfo, from_cfg
from sim.reporting.style import (
    BLUE,
    GREY,
    INK,
    ORANGE,
    PURPLE,
    RED,
    SKY,
    calendar,
    date_axis,
    drawing,
    margins,
    pretty,
    save_all,
)
from sim.reporting.timelines import draw_marks, mark_legend

# Routine events that would drown the story: counted in a line, not listed one by one.
ROUTINE = ("detected", "mobilized deployed", "re-plan", "strike on a depot")
# Events of one sector, marked on its front: (event, marker, colour).
SECTOR_EVENTS = (
    ("line broken", "D", ORANGE),
    ("collapse", "v", RED),
    ("river crossing", "^", SKY),
    ("counter-attack", "X", PURPLE),
)
# Events that change the campaign as a whole, named on the timeline above the panels.
TURNING_POINTS = (
    "mobilization",
    "mobilized committed",
    "Ukraine pauses",
    "Ukraine halts",
    "withdrawal ordered",
    "bridgehead withdrawn",
    "bridgehead trapped",
)
NAMED_AT_MOST = 3  # a turning point that recurs (Ukraine pauses) is named this many times, then only ticked


def write_story(cfg: SimConfig, replay: Replay, folder: Path) -> Path:
    """`replay-<i>.md`, `replay-<i>.png` and (where the theatre has coordinates) `replay-<i>-map.png` into
    `folder`, the figures also as SVG; returns the Markdown path."""
    folder.mkdir(parents=True, exist_ok=True)
    info = from_cfg(cfg, {"scenario": cfg.scenario_name})
    front, where = f"replay-{replay.replication}.png", f"replay-{replay.replication}-map.png"
    with drawing():
        paths = save_all(
            {front: lambda: replay_figure(cfg, replay, info), where: lambda: replay_map(cfg, replay, info)}, folder
        )
    text = story(cfg, replay, with_map=where in paths)
    path = folder / f"replay-{replay.replication}.md"
    atomic_write(path, lambda p: p.write_text(text, encoding="utf-8"))
    replay.path = folder
    return path


def _value(v: Any) -> str:
    if isinstance(v, float):
        return "–" if v != v else f"{v:,.0f}" if abs(v) >= 100 else f"{v:.1f}"
    return str(v)


def story(cfg: SimConfig, replay: Replay, with_map: bool = False) -> str:
    start = pd.Timestamp(cfg.theatre.start_date)
    ended = headline()
    routine: Counter[str] = Counter()
    events = []
    for day, sector, event, detail in replay.trace:
        if event in ROUTINE:
            routine[event] += 1
            continue
        date = (start + pd.Timedelta(days=day)).strftime("%d %b %Y")
        events.append([f"{day:.1f}", date, pretty(sector), event, detail])
    lines = [
        f"# Replay of replication {replay.replication}: {cfg.scenario_name}",
        "",
        f"Seed {cfg.seed}, replication {replay.replication} (row seed {replay.seed}); horizon "
        f"{cfg.horizon_days:g} days from {cfg.theatre.start_date}. These are the numbers of row "
        f"{replay.replication} of `outcomes.parquet` for the same config and seed.",
        "",
        "## How it ended",
        "",
        *table(ended, [[_value(replay.row.get(k)) for k in ended]]),
        "",
        "## Timeline",
        "",
        *table(["day", "date", "sector", "event", "detail"], events, "rl"),
    ]
    if routine:
        lines += ["", "Routine events not listed: " + ", ".join(f"{n} × {e}" for e, n in routine.items()) + "."]
    lines += ["", f"![front per sector, with its events](replay-{replay.replication}.png)", ""]
    if with_map:
        lines += [f"![its fronts on the map](replay-{replay.replication}-map.png)", ""]
    return "\n".join(lines)


def _days(values: list[float], horizon: float) -> list[float]:
    """The days of a replay's daily values: one a day, the last at the horizon."""
    return [*range(len(values) - 1), horizon]


def _front_at(values: list[float], days: list[float], day: float) -> float:
    return float(np.interp(day, days, values))


def numbered(events: list[tuple[float, str]]) -> list[tuple[float, str, int]]:
    """The turning points in time order, numbered; a recurring one (Ukraine pauses) gets a number only its
    first NAMED_AT_MOST times (0 after that: ticked, not named)."""
    seen: Counter[str] = Counter()
    out, k = [], 0
    for day, event in sorted(events):
        seen[event] += 1
        if seen[event] <= NAMED_AT_MOST:
            k += 1
            out.append((day, event, k))
        else:
            out.append((day, event, 0))
    return out


def _timeline(ax: Any, points: list[tuple[float, str, int]], start: str | None) -> None:
    """The turning points, numbered, on a strip above the panels; the panels carry the same numbers on
    their dotted lines. Labels are staggered so that neighbours do not collide."""
    for day, event, k in points:
        x = calendar(start, [day])
        ax.plot(x, [0], "|", color=INK, markersize=12)
        if k:
            when = str(x[0])[:10] if start else f"day {day:.0f}"
            ax.text(x[0], 0.25 + 0.45 * (k % 3), f"{k} {event} ({when})", fontsize=7.5, ha="left", va="bottom")
    ax.set_ylim(-0.4, 1.6)
    ax.set_yticks([])
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    ax.set_title("Turning points of the campaign (numbered on the dotted lines below)", loc="left", fontsize=10)


def replay_figure(cfg: SimConfig, replay: Replay, info: RunInfo) -> Figure:
    """This replication's front per sector, on one km scale, its track's places marked, each sector's
    breaks, collapses, river crossings and counter-attacks on its own line, and the turning points of the
    campaign on a timeline above (dotted through every panel). A break with no line in reach is a collapse:
    it is marked as the collapse only."""
    start = cfg.theatre.start_date
    fronts = {n.removeprefix(FRONT): v for n, v in replay.daily.items() if n.startswith(FRONT)}
    sectors = [s for s in info.sectors if s in fronts] + [s for s in fronts if s not in info.sectors]
    cols = 3
    rows = max(1, -(-len(sectors) // cols))
    fig = Figure(figsize=(15, 3.3 * rows + 2.4))
    grid = fig.add_gridspec(rows + 1, cols, height_ratios=[0.9] + [3.0] * rows)
    strip = fig.add_subplot(grid[0, :])
    axes = [fig.add_subplot(grid[1 + i // cols, i % cols]) for i in range(len(sectors))]
    for ax in axes[1:]:
        ax.sharex(strip)
        ax.sharey(axes[0])
    if axes:
        axes[0].sharex(strip)
    turning = numbered([(day, event) for day, _, event, _ in replay.trace if event in TURNING_POINTS])
    _timeline(strip, turning, start)
    levels = [0.0] + [v for s in sectors for v in fronts[s]]
    levels += [m.at_km for s in sectors if (t := info.track(s)) for m in t.marks]
    low, high = min(levels), max(levels)
    pad = 0.05 * (high - low or 1)
    limits = (low - pad, high + pad)
    used: dict[str, Any] = {}
    for ax, sector in zip(axes, sectors):
        values = fronts[sector]
        days = _days(values, cfg.horizon_days)
        track = info.track(sector)
        draw_marks(ax, track.marks if track else (), limits, {"left": values[:1], "right": values[-1:]})
        ax.plot(calendar(start, days), values, color=BLUE, lw=1.8, zorder=3)
        for day, _, k in turning:
            x = calendar(start, [day])[0]
            ax.axvline(x, color=GREY, lw=0.7, ls=":", zorder=1)
            if k:
                ax.text(x, 0.99, str(k), transform=ax.get_xaxis_transform(), fontsize=7, color=GREY, va="top")
        collapsed = {day for day, where, what, _ in replay.trace if where == sector and what == "collapse"}
        for event, marker, colour in SECTOR_EVENTS:
            when = sorted(
                {
                    day
                    for day, where, what, _ in replay.trace
                    if where == sector and what == event and not (event == "line broken" and day in collapsed)
                }
            )
            if when:
                used[event] = ax.plot(
                    calendar(start, when),
                    [_front_at(values, days, d) for d in when],
                    marker,
                    color=colour,
                    markersize=7,
                    markeredgecolor="white",
                    label=event,
                    zorder=4,
                )[0]
        ax.axhline(0, color="black", lw=0.7)
        ax.set_title(pretty(sector))
        ax.grid(alpha=0.25)
        date_axis(ax)
    if axes:
        axes[0].set_ylim(*limits)
    for i, ax in enumerate(axes):
        if i % cols == 0:
            ax.set_ylabel("front (km, + = Ukrainian gain)")
    handles = [*used.values(), *mark_legend()]
    fig.legend(handles=handles, loc="lower center", ncol=4, frameon=False, fontsize=8.5)
    fig.suptitle(
        f"{cfg.scenario_name}, replication {replay.replication}: front per sector, north to south, with its events",
        fontsize=13,
    )
    margins(fig, left=0.8, right=0.15, top=0.75, bottom=1.0, wgap=0.5, hgap=0.6)
    return fig


def replay_map(cfg: SimConfig, replay: Replay, info: RunInfo) -> Figure | None:
    """This replication's fronts at the start, a month, three months and the horizon, on the map."""
    days = geography.days_shown(cfg.horizon_days)
    fronts: dict[str, dict[str, geography.Front]] = {}
    for day in days:
        label = f"{str(calendar(cfg.theatre.start_date, [day])[0])[:10]} (day {day:g})"
        fronts[label] = {}
        for name, values in replay.daily.items():
            if name.startswith(FRONT):
                km = _front_at(values, _days(values, cfg.horizon_days), day)
                fronts[label][name.removeprefix(FRONT)] = (km, km, km)
    title = f"{cfg.scenario_name}, replication {replay.replication}: its front at {len(days)} dates"
    return geography.map_figure(info, fronts, title)
