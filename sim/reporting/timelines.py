"""Figures of one run over time, from its daily quantile bands: the front per sector (north to south, one
scale, each track's lines, rivers and objective marked), the daily series that explain the futures
(area, Ukraine's resolve and Western support against the halt rule, when the turning points happen,
personnel per side, the bridgehead's supply, aircraft lost), and the mobilized by pipeline stage. Each
function returns a Figure; `run_report` saves them."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from sim.experiment.results import Results
from sim.reporting.censored import event_days, event_label
from sim.reporting.runinfo import FRONT, Mark, RunInfo
from sim.reporting.style import (
    AMBER,
    BLUE,
    GREEN,
    GREY,
    INK,
    LIGHT_GREY,
    ORANGE,
    PURPLE,
    RED,
    RUST,
    SKY,
    STEEL,
    calendar,
    date_axis,
    figure,
    margins,
    pretty,
)

# one colour and dash per turning point: events that never (or always) happen share the line at 0 (or 1),
# where only the dashes tell them apart
EVENT_STYLES = ((RED, "-"), (BLUE, "--"), (PURPLE, "-."), (ORANGE, ":"), (GREEN, "-"), (INK, "--"))
EVENT_LABEL_CHARS = 56  # wrapped to the panel's width at the legend's font size
PANEL_HEIGHT_IN = 3.2  # a panel of the dynamics figure: 8.6 in, less its margins and gap, over two rows
MARK_STYLE = {  # how a place on a track is drawn: colour, dash, width
    ("line", "ru"): (RED, "--", 1.0),
    ("line", "ua"): (BLUE, "--", 1.0),
    ("river", "ru"): (SKY, "-", 3.0),
    ("objective", "ru"): (GREEN, ":", 1.6),
}


def by_series(daily: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The daily bands split by series, each sorted by day."""
    if daily.empty:
        return {}
    return {str(name): d.sort_values("day") for name, d in daily.groupby("series", sort=False)}


def fan(ax: Axes, x: np.ndarray, d: pd.DataFrame, colour: str, label: str | None = None, scale: float = 1.0) -> None:
    """A series' 90% and 50% bands across replications and its median."""
    ax.fill_between(x, d["q05"] / scale, d["q95"] / scale, color=colour, alpha=0.15, lw=0)
    ax.fill_between(x, d["q25"] / scale, d["q75"] / scale, color=colour, alpha=0.35, lw=0)
    ax.plot(x, d["q50"] / scale, color=colour, lw=1.8, label=label)


EDGE_SHARE = 1 / 3  # how far into a panel a mark's label may reach from its edge (the longest, a third)


def band_span(d: pd.DataFrame, edge: str) -> tuple[float, float]:
    """The km a series' 90% band fills within `EDGE_SHARE` of the days from an edge: where a label there lies."""
    k = max(1, math.ceil(EDGE_SHARE * len(d)))
    near = d.iloc[:k] if edge == "left" else d.iloc[-k:]
    return float(near["q05"].min()), float(near["q95"].max())


def _mark_style(mark: Mark) -> tuple[str, str, float]:
    return MARK_STYLE[(mark.kind, mark.side if mark.kind == "line" else "ru")]


# where a mark's label may go, in order of preference: (edge, vertical alignment against its line)
LABEL_PLACES = (("right", "bottom"), ("right", "top"), ("left", "bottom"), ("left", "top"))
LABEL_HEIGHT = 0.06  # a label's height (7 pt and a gap) as a share of the panel's y range, on a 2.5-3 in panel


def _span(at: float, va: str, height: float) -> tuple[float, float]:
    return (at, at + height) if va == "bottom" else (at - height, at)


def _overlapping(low: float, high: float, spans: Iterable[tuple[float, float]]) -> int:
    """How many of the spans the open interval (low, high) overlaps."""
    return sum(low < s_high and s_low < high for s_low, s_high in spans)


def label_places(
    levels: Sequence[float],
    height: float,
    limits: tuple[float, float],
    lines: Iterable[float] = (),
    taken: Mapping[str, Iterable[tuple[float, float]]] | None = None,
) -> list[tuple[str, str, int]]:
    """Where each label goes, one per level (ascending), and how much its text crosses there: the first
    of `LABEL_PLACES` whose text, `height` tall above or below its level, crosses no other level, none of
    `lines`, no label placed before it at that edge, no span already `taken` there ({edge: [(low, high)]},
    a median's end, a text box) and stays within `limits`; where every place crosses something, the one
    crossing least."""
    everything = [*levels, *lines]
    boxes = {edge: list((taken or {}).get(edge, ())) for edge in ("left", "right")}
    placed = []
    for at in levels:
        crossings = []
        for edge, va in LABEL_PLACES:
            low, high = _span(at, va, height)
            crossed = sum(low < v < high for v in everything)
            crossed += _overlapping(low, high, boxes[edge])
            crossings.append(crossed + (low < limits[0] or high > limits[1]))
        edge, va = LABEL_PLACES[crossings.index(min(crossings))]  # the first of equals: the preferred place
        boxes[edge].append(_span(at, va, height))
        placed.append((edge, va, min(crossings)))
    return placed


def draw_marks(
    ax: Axes,
    marks: Iterable[Mark],
    limits: tuple[float, float],
    ends: Mapping[str, Iterable[float]] | None = None,
    taken: Mapping[str, Iterable[tuple[float, float]]] | None = None,
    covered: Mapping[str, Iterable[tuple[float, float]]] | None = None,
) -> None:
    """Each place on the track as a level line, labelled at an edge of the panel (`limits`: its y range);
    labels at one depth are joined, and each goes where it crosses no other line or label (`label_places`):
    `ends` are the levels where the plotted series meet each edge ({"left": [...], "right": [...]}), `taken`
    spans already written at an edge. A label that cannot avoid a line, or lies over a span `covered` by
    shaded bands at its edge (a river's pale text is unreadable on them), is written on a white ground."""
    labels: dict[float, list[tuple[str, str]]] = {}
    for mark in marks:
        colour, dash, width = _mark_style(mark)
        ax.axhline(mark.at_km, color=colour, ls=dash, lw=width, alpha=0.55 if mark.kind == "river" else 0.9, zorder=1)
        text = f"{mark.label} ({mark.side.upper()})" if mark.kind == "line" else mark.label
        labels.setdefault(mark.at_km, []).append((text, colour))
    levels = sorted(labels)
    height = LABEL_HEIGHT * (limits[1] - limits[0])
    spans = {edge: [(v, v) for v in values] for edge, values in (ends or {}).items()}
    for edge, boxes in (taken or {}).items():
        spans.setdefault(edge, []).extend(boxes)
    for at_km, (edge, va, crossed) in zip(levels, label_places(levels, height, limits, [0.0], spans)):
        low, high = _span(at_km, va, height)
        crossed += _overlapping(low, high, (covered or {}).get(edge, ())) > 0
        _write_label(ax, labels[at_km], at_km, edge, va, bool(crossed))


def _write_label(ax: Axes, said: list[tuple[str, str]], at_km: float, edge: str, va: str, grounded: bool) -> None:
    """One label of the marks at a depth, each part in its mark's colour ('line ×1.6 (RU)' orange,
    '· objective' green): parts of one colour are one text; parts of another colour are chained to it
    with `xycoords` set to their neighbour, outward from the edge, as matplotlib places concatenated text."""
    runs: list[tuple[str, str]] = []
    for n, (text, colour) in enumerate(said):
        part = text if n == 0 else " · " + text
        if runs and runs[-1][1] == colour:
            runs[-1] = (runs[-1][0] + part, colour)
        else:
            runs.append((part, colour))
    style: dict[str, Any] = {
        "va": va,
        "fontsize": 7,
        "bbox": {"facecolor": "white", "alpha": 0.85, "lw": 0, "pad": 0.4} if grounded else None,
    }
    if grounded:  # over what it would otherwise lie under: the comparison's range bars are drawn above text
        style["zorder"] = 5
    order = runs[::-1] if edge == "right" else runs  # the part at the edge first, then inward
    x, corner = (0.99, (0.0, 0.0)) if edge == "right" else (0.01, (1.0, 0.0))  # corner: the neighbour's inner one
    anchor = ax.text(x, at_km, order[0][0], transform=ax.get_yaxis_transform(), ha=edge, color=order[0][1], **style)
    for text, colour in order[1:]:
        anchor = ax.annotate(text, corner, xycoords=anchor, ha=edge, color=colour, **{**style, "va": "bottom"})


def mark_legend() -> list[Line2D]:
    return [
        Line2D([], [], color=RED, ls="--", label="Russian defensive line (× fortification)"),
        Line2D([], [], color=BLUE, ls="--", label="Ukrainian defensive line"),
        Line2D([], [], color=SKY, lw=3.0, alpha=0.55, label="river"),
        Line2D([], [], color=GREEN, ls=":", lw=1.6, label="Ukraine's objective"),
    ]


def front_sectors(info: RunInfo, series: Iterable[str]) -> list[str]:
    """The sectors with a daily front, in the theatre's order (north to south); any others after them."""
    present = [s.removeprefix(FRONT) for s in series if s.startswith(FRONT)]
    return [s for s in info.sectors if s in present] + [s for s in present if s not in info.sectors]


def finish_front_panels(axes: np.ndarray, shown: int, low: float, high: float) -> None:
    """The front panels of a run or a comparison share one km scale and one label; unused panels go."""
    axes[0, 0].set_ylim(low, high)
    for ax in axes[:, 0]:
        ax.set_ylabel("front (km, + = Ukrainian gain)")
    for ax in list(axes.flat)[shown:]:
        ax.set_visible(False)


def front_figure(results: Results, info: RunInfo) -> Figure:
    """The front per sector over time: median, 50% and 90% bands, on one km scale for every panel (a km is a
    km in every sector, so the panels compare at a glance), with each track's places marked."""
    series = by_series(results.daily)
    sectors = front_sectors(info, series)
    cols = 3
    rows = max(1, -(-len(sectors) // cols))
    fig, axes = figure(14, 3.4 * rows + 1.3, rows, cols, sharex=True, sharey=True)
    levels = [0.0]
    for sector in sectors:
        d = series[FRONT + sector]
        track = info.track(sector)
        levels += [float(d["q05"].min()), float(d["q95"].max())]
        levels += [m.at_km for m in (track.marks if track else ())]
    low, high = min(levels), max(levels)
    pad = 0.05 * (high - low or 1.0)
    limits = (low - pad, high + pad)
    summary_box = (limits[1] - 0.1 * (limits[1] - limits[0]), limits[1])  # the last day's line, top left
    for ax, sector in zip(axes.flat, sectors):
        d = series[FRONT + sector]
        x = calendar(info.start_date, d["day"])
        track = info.track(sector)
        ends = {"left": [float(d["q50"].iloc[0])], "right": [float(d["q50"].iloc[-1])]}
        covered = {edge: [band_span(d, edge)] for edge in ("left", "right")}
        draw_marks(ax, track.marks if track else (), limits, ends, {"left": [summary_box]}, covered)
        fan(ax, x, d, BLUE)
        ax.axhline(0, color="black", lw=0.8)
        last = d.iloc[-1]
        ax.text(
            0.02,
            0.97,
            f"day {last['day']:g}: median {last['q50']:.0f} km, 90% {last['q05']:.0f} to {last['q95']:.0f}",
            transform=ax.transAxes,
            va="top",
            fontsize=8,
            bbox={"facecolor": "white", "alpha": 0.8, "lw": 0, "pad": 1.5},
        )
        ax.set_title(pretty(sector))
        ax.grid(alpha=0.25)
        if info.start_date:
            date_axis(ax)
    finish_front_panels(axes, len(sectors), *limits)
    handles = [
        Line2D([], [], color=BLUE, lw=1.8, label="median"),
        Patch(color=BLUE, alpha=0.45, label="50% of replications"),
        Patch(color=BLUE, alpha=0.15, label="90% of replications"),
        *mark_legend(),
    ]
    fig.legend(handles=handles, loc="lower center", ncol=4, frameon=False, fontsize=8.5)
    fig.suptitle(
        f"{info.scenario}: front position per sector, north to south, every panel on the same km scale",
        fontsize=13,
    )
    margins(fig, left=0.75, right=0.15, top=0.75, bottom=1.05, wgap=0.25, hgap=0.55)
    return fig


def _no_data(ax: Axes, title: str, why: str) -> None:
    ax.set_title(title)
    ax.text(0.5, 0.5, why, transform=ax.transAxes, ha="center", va="center", color=GREY)
    ax.set_xticks([])
    ax.set_yticks([])


def _events(ax: Axes, results: Results, info: RunInfo) -> None:
    """The share of replications in which each turning point (a declared event day) has happened, by day."""
    horizon = info.horizon_days if np.isfinite(info.horizon_days) else float(results.meta.get("horizon_days", 0))
    days = np.arange(0, horizon + 1)
    names = [c for c in event_days() if c in results.outcomes]
    lines = 0
    for i, name in enumerate(names):
        values = results.outcomes[name].to_numpy(dtype=float)
        share = (values[None, :] <= days[:, None]).mean(axis=1)  # NaN (never) compares False
        colour, dash = EVENT_STYLES[i % len(EVENT_STYLES)]
        label = textwrap.fill(event_label(name), EVENT_LABEL_CHARS)
        lines += label.count("\n") + 1
        ax.step(calendar(info.start_date, days), share, where="post", color=colour, ls=dash, lw=1.8, label=label)
    # the legend goes below the data (shares are 0..1), in a band as tall as its text, so no line runs through it
    legend_in = (lines * 8.4 + len(names) * 3.5 + 8) / 72  # 7 pt text, matplotlib's label spacing, padding
    band = min(0.6, legend_in / PANEL_HEIGHT_IN)
    low = -1.02 * band / (1 - band)
    ax.set(title="When the turning points happen", ylabel="share of replications, so far", ylim=(low, 1.02))
    ax.set_yticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    if names:
        ax.legend(frameon=False, fontsize=7, loc="lower center", borderaxespad=0.2)


def _will(ax: Axes, series: dict[str, pd.DataFrame], info: RunInfo) -> None:
    """Resolve and support with the decision rule's thresholds. The rule reads each run's resolve × support;
    the product of the two medians is drawn as a guide to where that product lies."""
    for name, colour, label in (("resolve_ua", BLUE, "Ukraine's resolve"), ("support_ua", GREEN, "Western support")):
        if name in series:
            fan(ax, calendar(info.start_date, series[name]["day"]), series[name], colour, label=label)
    if "resolve_ua" in series and "support_ua" in series:
        both = series["resolve_ua"].merge(series["support_ua"], on="day", suffixes=("_r", "_s"))
        ax.plot(
            calendar(info.start_date, both["day"]),
            both["q50_r"] * both["q50_s"],
            color="black",
            lw=1.1,
            label="resolve × support, of the medians",
        )
    for value, dash, label in (
        (info.continue_at, "--", "keeps attacking while resolve × support ≥ {:g}"),
        (info.halt_below, ":", "halts for good once resolve × support < {:g}"),
    ):
        if value is not None:
            ax.axhline(float(value), color=INK, ls=dash, lw=1.3, label=label.format(float(value)))
    ax.set(title="Ukraine's will against the decision rule", ylabel="level (0 to 1)", ylim=(-0.32, 1.02))
    ax.set_yticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    ax.legend(fontsize=6.8, loc="lower center", ncol=2, frameon=False, borderaxespad=0.2)


def dynamics_figure(results: Results, info: RunInfo) -> Figure:
    """The daily series that explain the futures, each with its median and 50%/90% bands."""
    series = by_series(results.daily)
    fig, axes = figure(15, 8.6, 2, 3, sharex=True)
    ax = axes[0, 0]
    if "area_km2" in series:
        fan(ax, calendar(info.start_date, series["area_km2"]["day"]), series["area_km2"], BLUE, scale=1000)
        ax.axhline(0, color="black", lw=0.8)
        ax.set(title="Net area gained by Ukraine", ylabel="thousand km²")
    else:
        _no_data(ax, "Net area gained by Ukraine", "no daily series")
    _will(axes[0, 1], series, info)
    _events(axes[0, 2], results, info)
    ax = axes[1, 0]
    for name, colour, label in (("personnel_ua", BLUE, "Ukraine"), ("personnel_ru", RED, "Russia")):
        if name in series:
            fan(ax, calendar(info.start_date, series[name]["day"]), series[name], colour, label=label, scale=1000)
    ax.set(title="Personnel in the theatre", ylabel="thousand soldiers")
    ax.legend(fontsize=8, loc="best", framealpha=0.85)
    ax = axes[1, 1]
    supplies = [s for s in series if s.startswith("supply_ru_")]
    if supplies:
        for name in supplies:
            fan(ax, calendar(info.start_date, series[name]["day"]), series[name], RED, label=pretty(name[10:]))
        ax.set(
            title="Russian supply of the bridgehead",
            ylabel="share of supply arriving (1 = all)",
            ylim=(-0.02, 1.05),
        )
    else:
        _no_data(ax, "Russian supply of the bridgehead", "no bridgehead in this theatre")
    ax = axes[1, 2]
    if "aircraft_lost" in series:
        fan(ax, calendar(info.start_date, series["aircraft_lost"]["day"]), series["aircraft_lost"], RED)
        ax.set(title="Russian aircraft lost, cumulative", ylabel="aircraft")
    else:
        _no_data(ax, "Russian aircraft lost, cumulative", "no daily series")
    for ax in axes.flat:
        ax.grid(alpha=0.25)
        if info.start_date:
            date_axis(ax)
    handles = [
        Line2D([], [], color=INK, lw=1.8, label="median"),
        Patch(color=INK, alpha=0.45, label="50% of replications"),
        Patch(color=INK, alpha=0.15, label="90% of replications"),
    ]
    fig.legend(handles=handles, loc="lower center", ncol=3, frameon=False, fontsize=8.5)
    fig.suptitle(f"{info.scenario}: what drives the outcome, day by day", fontsize=13)
    margins(fig, left=0.8, right=0.15, top=0.75, bottom=0.85, wgap=0.95, hgap=0.55)
    return fig


PIPELINE = (
    ("mobilized_training", "in training", LIGHT_GREY),
    ("mobilized_convoy", "in convoys", AMBER),
    ("mobilized_billet", "in billets", RUST),
    ("mobilized_garrison", "in garrison", STEEL),
    ("mobilized_combat", "committed", RED),
    ("mobilized_lost", "lost (cumulative)", INK),
)


def mobilization_figure(results: Results, info: RunInfo) -> Figure:
    """The mobilized by pipeline stage over time (mean over replications, stacked)."""
    series = by_series(results.daily)
    fig, axes = figure(11, 5.2)
    ax = axes[0, 0]
    layers = [(series[name], label, colour) for name, label, colour in PIPELINE if name in series]
    if layers:
        x = calendar(info.start_date, layers[0][0]["day"])
        ax.stackplot(
            x,
            *[d["mean"].to_numpy() / 1000 for d, _, _ in layers],
            labels=[label for _, label, _ in layers],
            colors=[colour for _, _, colour in layers],
            alpha=0.9,
        )
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), frameon=False, ncol=6, fontsize=9)
        if info.start_date:
            date_axis(ax)
    ax.set(
        title=f"{info.scenario}: the mobilized by stage (mean over {len(results.outcomes)} replications)",
        ylabel="thousands of soldiers",
    )
    margins(fig, left=0.8, right=0.2, top=0.45, bottom=0.95)
    return fig
