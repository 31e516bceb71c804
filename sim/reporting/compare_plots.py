"""Figures comparing jobs: outcome distributions side by side, category probabilities with CIs, the front
over time per sector, casualties by cause, and a forest plot of the differences between the futures.

Each job keeps one colour in every figure, and each figure names its jobs, so a figure read alone still
says what it compares. Each function returns a Figure; `compare` saves them.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator, StrMethodFormatter

from sim.experiment.results import Results
from sim.outcomes import categorical, column, key_outcomes, parts
from sim.reporting.compare_stats import forest_pairs
from sim.reporting.runinfo import FRONT, Mark, RunInfo
from sim.reporting.style import (
    AMBER,
    BLUE,
    DPI,
    INK,
    PURPLE,
    RED,
    Maker,
    calendar,
    date_axis,
    figure,
    job_colours,
    job_line,
    margins,
    pretty,
)
from sim.reporting.timelines import band_span, by_series, draw_marks, finish_front_panels, front_sectors, mark_legend
from sim.stats import category_probabilities

CAUSE_COLOURS = (RED, AMBER, PURPLE)  # Russian casualties by cause, in declared order
INTERVAL_DAYS = 30  # the comparison's front draws each job's spread every this many days


def ru_causes() -> list[tuple[str, str, str]]:
    """(column, legend, colour) of each part of Russian casualties by cause."""
    causes = [column(name) for name in parts("cas_ru", "cause")]
    return [(c.name, f"Russian: {c.part}", CAUSE_COLOURS[i % len(CAUSE_COLOURS)]) for i, c in enumerate(causes)]


def distributions() -> list[tuple[str, str, str]]:
    """(column, title, axis unit) of each key outcome, drawn in thousands."""
    return [(c.name, c.label or c.name, f"thousand {c.unit}") for c in map(column, key_outcomes())]


def _wrap(label: str, width: int = 28) -> str:
    """Break a job label between its parts (scenario · override · ...), never inside a key."""
    lines: list[str] = []
    for part in label.split(" · "):
        if lines and len(lines[-1]) + 3 + len(part) <= width:
            lines[-1] += " · " + part
        else:
            lines.append(part if not lines else "· " + part)
    return "\n".join(lines)


def _legend(fig: Figure, labels: Sequence[str], colours: Sequence[str]) -> float:
    """The jobs' colours under the panels, in up to 3 columns of measured width; returns its height in inches."""
    entries, ncol, height = _legend_layout(labels, 3, fig.get_figwidth() - 0.3, fontsize=9)
    handles = [Patch(color=c, label=e, alpha=0.8) for e, c in zip(entries, colours)]
    fig.legend(handles=handles, loc="lower center", ncol=ncol, frameon=False, fontsize=9)
    return height


def distributions_figure(labels: Sequence[str], outcomes: Sequence[pd.DataFrame]) -> Figure:
    """Violins, one row per job: the spread of each main outcome, its median (white dot) and quartiles."""
    colours = job_colours(len(labels))
    panels = distributions()
    rows = max(1, -(-len(panels) // 2))
    fig, axes = figure(13, (1.1 + 0.75 * len(labels)) * rows, rows, 2)
    positions = np.arange(len(labels))[::-1]
    for ax in list(axes.flat)[len(panels) :]:
        ax.set_visible(False)
    for ax, (name, title, unit) in zip(axes.flat, panels):
        for pos, frame, colour in zip(positions, outcomes, colours):
            if name not in frame:
                continue
            values = frame[name].to_numpy(dtype=float)
            values = values[np.isfinite(values)] / 1000
            if values.size == 0:
                continue
            if values.size > 1 and np.ptp(values) > 0:
                drawn = ax.violinplot(
                    [values], positions=[pos], orientation="horizontal", widths=0.8, showextrema=False
                )
                for body in drawn["bodies"]:
                    body.set(facecolor=colour, edgecolor=colour, alpha=0.55)
            q25, q50, q75 = np.quantile(values, [0.25, 0.5, 0.75])
            ax.hlines(pos, q25, q75, color=colour, lw=5)
            ax.plot([q50], [pos], "o", color="white", markeredgecolor=colour, markersize=6, zorder=3)
        ax.axvline(0, color="black", lw=0.7)
        ax.set_yticks(positions, [_wrap(lab) for lab in labels], fontsize=9)
        ax.set(title=title, xlabel=unit)
        ax.grid(axis="x", alpha=0.3)
    fig.suptitle("Distributions across replications (bar: quartiles, dot: median)", fontsize=13)
    fig.tight_layout()
    return fig


def probabilities_figure(labels: Sequence[str], outcomes: Sequence[pd.DataFrame]) -> Figure:
    """Grouped bars per category, one bar per job, with 95% Clopper–Pearson error bars."""
    colours = job_colours(len(labels))
    panels = [(c, cats) for c, cats in categorical().items() if any(c in f and f[c].isin(cats).any() for f in outcomes)]
    fig, axes = figure(7 * max(len(panels), 1), 5.2, 1, max(len(panels), 1))
    width = 0.8 / max(len(labels), 1)
    for ax, (name, cats) in zip(axes.flat, panels):
        x = np.arange(len(cats))
        for i, (frame, colour) in enumerate(zip(outcomes, colours)):
            if name not in frame:
                continue
            t = category_probabilities(frame[name], cats).iloc[: len(cats)]
            share = t["share"].to_numpy()
            err = np.vstack([share - t["ci_low"].to_numpy(), t["ci_high"].to_numpy() - share])
            ax.bar(
                x - 0.4 + width * (i + 0.5),
                share,
                width,
                yerr=err,
                capsize=3,
                color=colour,
                alpha=0.8,
                error_kw={"elinewidth": 1, "ecolor": INK},
            )
        ax.set_xticks(x, [pretty(c) for c in cats])
        ax.set(title=column(name).label or pretty(name), ylabel="probability (95% CI)", ylim=(0, 1.05))
        ax.grid(axis="y", alpha=0.3)
    legend_h = _legend(fig, labels, colours)
    fig.suptitle("Outcome probabilities by job", fontsize=13)
    fig.tight_layout(rect=(0, (legend_h + 0.1) / fig.get_figheight(), 1, 1))
    return fig


def common_marks(infos: Sequence[RunInfo], sector: str) -> tuple[Mark, ...]:
    """The places on a sector's track that every job's track has (scenarios move lines and objectives)."""
    tracks = [info.track(sector) for info in infos]
    if any(t is None for t in tracks):
        return ()
    return tuple(m for m in tracks[0].marks if all(m in t.marks for t in tracks[1:]))  # type: ignore[union-attr]


# Legends of job labels, laid out from the measured entries: a sweep's labels run from 10 characters to over 100.
LEGEND_FONT = 8.5
LEGEND_LINE = 0.165  # a line of legend text
LEGEND_GAP = 0.06  # between two rows of legend entries
LEGEND_HANDLE = 0.75  # an entry's marker and the gaps beside it
LEGEND_WRAP = 70  # characters a line, where an entry is broken


def _text_inches(dpi: float, texts: Sequence[str], fontsize: float) -> float:
    """The widest of the texts (each may hold several lines) in inches, as drawn at `fontsize`."""
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    renderer = RendererAgg(1, 1, dpi)
    font = FontProperties(size=fontsize)
    width = 0.0
    for text in texts:
        for line in text.split("\n"):
            if line:
                width = max(width, renderer.get_text_width_height_descent(line, font, ismath=False)[0])
    return width / dpi


def _legend_layout(
    entries: Sequence[str], most: int, width: float, fontsize: float = LEGEND_FONT
) -> tuple[list[str], int, float]:
    """(entries, columns, height in inches) of a figure's legend across `width` inches: as many columns (up to
    `most`) as its widest measured entry leaves room for; entries too wide for the whole width alone are broken
    between their parts (' − ', ' · '), as a sweep of several overrides names its jobs in 100 characters or more."""
    widest = _text_inches(DPI, entries, fontsize) + LEGEND_HANDLE
    if widest > width:
        entries = ["\n− ".join(_wrap(side, LEGEND_WRAP) for side in e.split(" − ")) for e in entries]
        widest = _text_inches(DPI, entries, fontsize) + LEGEND_HANDLE
    ncol = max(1, min(most, len(entries), int(width // widest)))
    lines = max((e.count("\n") + 1 for e in entries), default=1)
    line = LEGEND_LINE * fontsize / LEGEND_FONT
    return list(entries), ncol, -(-len(entries) // ncol) * (lines * line + LEGEND_GAP)


FRONTS_WIDTH = 15.0


def fronts_figure(labels: Sequence[str], results: Sequence[Results], infos: Sequence[RunInfo]) -> Figure:
    """Front position per sector, north to south, on one km scale: each job's median as a line (its own
    colour, dash and width, so equal medians show one inside the other), and every 30 days each job's 50%
    and 90% ranges as bars set side by side, which never blend. The places marked on a track are those that
    every job's track has."""
    n = len(labels)
    series = [by_series(r.daily) for r in results]
    sectors = front_sectors(infos[0], [s for d in series for s in d])
    same_theatre = len({info.theatre for info in infos}) == 1
    shared = {s: common_marks(infos, s) for s in sectors} if same_theatre else {}
    cols = 3
    rows = max(1, -(-len(sectors) // cols))
    handles: list[Any] = [Line2D([], [], label=lab, **job_line(i, n)) for i, lab in enumerate(labels)]
    handles += [
        Line2D([], [], color=INK, lw=2.6, label="50% of replications"),
        Line2D([], [], color=INK, lw=0.8, label="90% of replications"),
        *(mark_legend() if any(shared.values()) else []),
    ]
    # the jobs' labels are measured: a sweep of three overrides ran off both edges in 4 fixed columns
    entries, ncol, legend_h = _legend_layout([str(h.get_label()) for h in handles], 4, FRONTS_WIDTH - 0.3)
    for handle, entry in zip(handles, entries):
        handle.set_label(entry)
    fig, axes = figure(FRONTS_WIDTH, 3.5 * rows + 0.75 + legend_h, rows, cols, sharex=True, sharey=True)
    levels = [0.0]
    for d in series:
        for sector in sectors:
            if FRONT + sector in d:
                levels += [float(d[FRONT + sector]["q05"].min()), float(d[FRONT + sector]["q95"].max())]
    track_levels = [m.at_km for marks in shared.values() for m in marks]
    low, high = min(levels + track_levels), max(levels + track_levels)
    pad = 0.05 * (high - low or 1.0)
    limits = (low - pad, high + pad)
    for ax, sector in zip(axes.flat, sectors):
        medians = [d[FRONT + sector]["q50"] for d in series if FRONT + sector in d]
        ends = {"left": [float(m.iloc[0]) for m in medians], "right": [float(m.iloc[-1]) for m in medians]}
        bands = [d[FRONT + sector] for d in series if FRONT + sector in d]
        covered = {edge: [band_span(b, edge) for b in bands] for edge in ("left", "right")}  # by the range bars
        draw_marks(ax, shared.get(sector, ()), limits, ends, covered=covered)
        for i, (d, info) in enumerate(zip(series, infos)):
            if FRONT + sector not in d:
                continue
            band = d[FRONT + sector]
            style = job_line(i, n)
            ax.plot(calendar(info.start_date, band["day"]), band["q50"], label=labels[i], zorder=3, **style)
            days = band["day"].to_numpy()
            picks = [int(np.abs(days - t).argmin()) for t in np.arange(INTERVAL_DAYS, days.max() + 1, INTERVAL_DAYS)]
            at = band.iloc[picks]
            shift = (i - (n - 1) / 2) * min(5.0, 20.0 / max(n, 1))  # days: side by side
            x = calendar(info.start_date, at["day"] + shift)
            ax.vlines(x, at["q05"], at["q95"], color=style["color"], lw=0.8, zorder=4)
            ax.vlines(x, at["q25"], at["q75"], color=style["color"], lw=2.6, zorder=4)
        ax.axhline(0, color="black", lw=0.7)
        ax.set_title(pretty(sector))
        ax.grid(alpha=0.25)
        if infos[0].start_date:
            date_axis(ax)
    finish_front_panels(axes, len(sectors), *limits)
    fig.legend(handles=handles, loc="lower center", ncol=ncol, frameon=False, fontsize=LEGEND_FONT)
    fig.suptitle(
        "Front position per sector, north to south, on one km scale: median (line) and, every 30 days, "
        "the 50% and 90% ranges (bars)",
        fontsize=12,
    )
    margins(fig, left=0.75, right=0.15, top=0.75, bottom=0.6 + legend_h, wgap=0.25, hgap=0.55)
    return fig


def casualties_figure(labels: Sequence[str], outcomes: Sequence[pd.DataFrame]) -> Figure:
    """Mean casualties per job: Russian stacked by cause beside the Ukrainian total."""
    ticks = [_wrap(lab, 22) for lab in labels]
    per_job = max(2.2, 0.08 * max(len(line) for t in ticks for line in t.splitlines()))  # inches: labels fit
    fig, axes = figure(max(7.0, per_job * len(labels) + 2.5), 5.4)
    ax = axes[0, 0]
    x = np.arange(len(labels))
    for i, frame in enumerate(outcomes):
        mean = frame.mean(numeric_only=True)
        bottom = 0.0
        for name, _, colour in ru_causes():
            value = float(mean.get(name, 0.0)) / 1000
            ax.bar(x[i] - 0.2, value, 0.38, bottom=bottom, color=colour)
            bottom += value
        ax.text(x[i] - 0.2, bottom, f"{bottom:,.1f}", ha="center", va="bottom", fontsize=8)
        ua = float(mean.get("cas_ua", np.nan)) / 1000
        ax.bar(x[i] + 0.2, ua, 0.38, color=BLUE)
        ax.text(x[i] + 0.2, ua, f"{ua:,.1f}", ha="center", va="bottom", fontsize=8)
    ax.set_xticks(x, ticks, fontsize=9)
    ax.set(
        ylabel="mean casualties (thousands: killed, wounded, captured)",
        title="Casualties by job: Russian by cause (left bar), Ukrainian (right bar)",
    )
    ax.grid(axis="y", alpha=0.3)
    handles = [Patch(color=c, label=legend) for _, legend, c in ru_causes()] + [Patch(color=BLUE, label="Ukrainian")]
    ax.legend(handles=handles, frameon=False, fontsize=9, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    fig.tight_layout()
    return fig


def _forest_panel(ax: Any, rows: Sequence[tuple[str, Any, str]], title: str, unit: str, scale: float = 1.0) -> None:
    """One quantity: per row (label, Difference, colour) the estimate and its 95% CI; filled where the CI
    excludes zero."""
    for y, (_, diff, colour) in enumerate(rows):
        if not np.isfinite(diff.estimate):
            continue
        low, high = (diff.ci_low * scale, diff.ci_high * scale) if np.isfinite(diff.ci_low) else (np.nan, np.nan)
        ax.hlines(y, low, high, color=colour, lw=2)
        ax.plot(
            [diff.estimate * scale],
            [y],
            "o",
            color=colour,
            markerfacecolor=colour if diff.excludes_zero else "white",
            markersize=7,
            zorder=3,
        )
        if diff.estimate != 0 and diff.ci_low == diff.ci_high:  # a CI of no width: a point alone looks like a slip
            ax.annotate(
                "the same in every replication",
                (diff.estimate * scale, y),
                xytext=(0, 7),
                textcoords="offset points",
                ha="left" if diff.estimate < 0 else "right",  # towards 0, which the axis always shows
                fontsize=7,
                color=colour,
            )
    ax.axvline(0, color="black", lw=0.8)
    ends = [abs(v) * scale for _, d, _ in rows for v in (d.estimate, d.ci_low, d.ci_high) if np.isfinite(v)]
    if not any(ends):  # no difference in any replication: an axis of its own would read -0, -0, 0, 0
        ax.set_xlim(-1, 1)
        ax.set_xticks([-1, 0, 1])
        ax.text(0.5, 0.02, "no difference in any replication", transform=ax.transAxes, ha="center", fontsize=8)
    ax.set_yticks(range(len(rows)), [r[0] for r in rows], fontsize=8)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_title(textwrap.fill(title, 44), fontsize=10)
    ax.set_xlabel(unit)
    ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    if any(ends):
        ax.xaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))  # room for "15,000"
    ax.grid(axis="x", alpha=0.3)


# The forest plot's layout, in inches: measured from its few labels, not solved by matplotlib's constrained
# layout, which measured every tick label of every panel twice (half the time the figure took to draw, on the
# comparison's critical path: it is drawn once the statistics are in).
FOREST_WIDTH = 16.0
FOREST_EDGE = 0.12  # blank at the figure's edges
TITLE_LINE = 0.19  # one line of a panel title (10 pt)
ABOVE_AXES = 0.1  # between a panel's title and its axes
BELOW_AXES = 0.62  # tick labels and the x label under a panel
TICKS_LEFT = 0.14  # y ticks and their pad, left of the axes
OVERHANG = 0.35  # half the widest x tick label, past an axes' right edge
PAIR_ROW = 0.55  # a pair's row in an outcome panel
ROW_LINES = 4  # the lines of 8-pt text a pair's row holds: longer pair names are numbered, the legend says them


def _forest_grids(
    titles: Sequence[str],
    names: Sequence[str],
    lower: Sequence[tuple[str, Sequence[str]]],
    rows: int,
    cols: int,
    n_pairs: int,
    legend_h: float,
) -> tuple[Figure, Any, Any]:
    """The forest plot's figure and its two grids (the outcome panels, `rows` × `cols`; the category panels,
    one row, or None), sized so that every title, tick label and the legend has its room."""
    first = max((textwrap.fill(t, 44).count("\n") + 1 for t in titles[:cols]), default=1)
    lines = max((textwrap.fill(t, 44).count("\n") + 1 for t in titles[cols:]), default=1)
    low_lines = max((textwrap.fill(t, 44).count("\n") + 1 for t, _ in lower), default=1)
    upper_h = max(0.6, PAIR_ROW * n_pairs + 0.2)
    cat_rows = max((len(labels) for _, labels in lower), default=0)
    lower_h = max(0.8, 0.3 * cat_rows + 0.2) if lower else 0.0
    head = FOREST_EDGE + 0.3 + ABOVE_AXES + first * TITLE_LINE  # the suptitle, then the first row's titles
    gap = BELOW_AXES + lines * TITLE_LINE + ABOVE_AXES
    middle = BELOW_AXES + low_lines * TITLE_LINE + ABOVE_AXES + 0.15
    foot = BELOW_AXES + legend_h + FOREST_EDGE + (0.1 if legend_h else 0.0)
    height = head + rows * upper_h + (rows - 1) * gap + (middle + lower_h if lower else 0.0) + foot
    fig = Figure(figsize=(FOREST_WIDTH, height))
    left = FOREST_EDGE + _text_inches(fig.dpi, names, 8) + TICKS_LEFT
    axes_w = (FOREST_WIDTH - left - OVERHANG - (cols - 1) * OVERHANG) / cols
    upper = fig.add_gridspec(
        rows,
        cols,
        left=left / FOREST_WIDTH,
        right=1 - OVERHANG / FOREST_WIDTH,
        top=1 - head / height,
        bottom=1 - (head + rows * upper_h + (rows - 1) * gap) / height,
        wspace=OVERHANG / axes_w,
        hspace=gap / upper_h,
    )
    if not lower:
        return fig, upper, None
    labels = _text_inches(fig.dpi, [label for _, labels in lower for label in labels], 8) + TICKS_LEFT
    low_left = FOREST_EDGE + labels
    low_w = (FOREST_WIDTH - low_left - OVERHANG - (len(lower) - 1) * (labels + OVERHANG)) / len(lower)
    grid = fig.add_gridspec(
        1,
        len(lower),
        left=low_left / FOREST_WIDTH,
        right=1 - OVERHANG / FOREST_WIDTH,
        top=(foot + lower_h) / height,
        bottom=foot / height,
        wspace=(labels + OVERHANG) / low_w,
    )
    return fig, upper, grid


def _forest_legend(pairs: Sequence[Mapping[str, Any]]) -> tuple[list[str], int, float]:
    """The legend naming the numbered pairs (`_legend_layout`, up to 3 columns across the page)."""
    entries = [f"({k + 1}) {p['second']} − {p['first']}" for k, p in enumerate(pairs)]
    return _legend_layout(entries, 3, FOREST_WIDTH - 2 * FOREST_EDGE)


def forest_figure(labels: Sequence[str], data: Mapping[str, Any]) -> Figure | None:
    """The differences between futures with their 95% CIs, the same numbers as the report's tables: per key
    outcome and event day, one row per pair (later minus earlier); per category column, one row per
    category and pair, in percentage points. None with fewer than two jobs."""
    pairs = forest_pairs(data["pairs"], labels)
    if not pairs:
        return None
    names = [f"{_wrap(p['second'], 24)}\n− {_wrap(p['first'], 24)}" for p in pairs]
    if len(pairs) > 1 and max(n.count("\n") + 1 for n in names) > ROW_LINES:
        names = [f"({k + 1})" for k in range(len(pairs))]  # long names ran into each other: the legend has them
    colours = ["black"] * len(pairs) if len(pairs) == 1 else job_colours(len(pairs) + 1)[1:]
    panels: list[tuple[list[tuple[str, Any, str]], str, str, float]] = []
    for outcome in key_outcomes():
        rows = [
            (nm, r["difference"], c)
            for nm, c, p in zip(names, colours, pairs)
            for r in p["numeric"]
            if r["outcome"] == outcome
        ]
        if rows:
            col = column(outcome)
            panels.append((rows, col.label or pretty(outcome), col.unit, 1.0))
    for outcome in dict.fromkeys(r["outcome"] for p in pairs for r in p["events"]):
        rows = [
            (nm, r["difference"], c)
            for nm, c, p in zip(names, colours, pairs)
            for r in p["events"]
            if r["outcome"] == outcome
        ]
        title = column(outcome).description.split(";")[0].strip()
        title = title[:1].upper() + title[1:]  # not capitalize(): it would lower "Russia" and "Nov"
        unit = f"days: restricted mean, never = day {pairs[0]['horizon_days']:g}"
        panels.append((rows, title, unit, 1.0))
    categories = list(dict.fromkeys(r["column"] for p in pairs for r in p["probabilities"]))
    cols = 4
    top = -(-len(panels) // cols)
    lower_panels = [
        (
            [
                (f"{pretty(r['category'])}" + (f" ({k + 1})" if len(pairs) > 1 else ""), r["difference"], c)
                for cat in categorical().get(name, ())
                for k, (c, p) in enumerate(zip(colours, pairs))
                for r in p["probabilities"]
                if r["column"] == name and r["category"] == cat
            ],
            column(name).label or pretty(name),
        )
        for name in categories
    ]
    entries, ncol, legend_h = _forest_legend(pairs) if len(pairs) > 1 else ([], 1, 0.0)
    fig, upper, lower = _forest_grids(
        [title for _, title, _, _ in panels],
        names,
        [(title, [label for label, _, _ in rows]) for rows, title in lower_panels],
        top,
        cols,
        len(pairs),
        legend_h,
    )
    for i, (rows, title, unit, scale) in enumerate(panels):
        ax = fig.add_subplot(upper[i // cols, i % cols])
        _forest_panel(ax, rows, title, unit, scale)
        if i % cols:
            ax.set_yticklabels([])
    for j, (rows, title) in enumerate(lower_panels):
        _forest_panel(fig.add_subplot(lower[0, j]), rows, title, "difference in probability (pp)", 100.0)
    if entries:
        handles = [Line2D([], [], color=c, marker="o", lw=2, label=e) for c, e in zip(colours, entries)]
        fig.legend(
            handles=handles,
            loc="lower center",
            bbox_to_anchor=(0.5, FOREST_EDGE / fig.get_size_inches()[1]),
            ncol=ncol,
            frameon=False,
            fontsize=LEGEND_FONT,
        )
    every = data.get("pairs_compared") == "all" and len(pairs) == len(data["pairs"])
    scope = "every pair, later minus earlier" if every else "each job minus the first"
    fig.suptitle(
        f"Differences between the futures ({scope}) with 95% bootstrap CIs; filled: the CI excludes 0",
        fontsize=12,
        y=1 - FOREST_EDGE / fig.get_size_inches()[1],
        va="top",
    )
    return fig


# the comparison figures drawn from its statistics (the rest are drawn while those are computed)
DRAWN_FROM_STATISTICS = ("compare_differences.png",)


def comparison_figures(
    labels: Sequence[str], results: Sequence[Results], infos: Sequence[RunInfo], data: Mapping[str, Any]
) -> dict[str, tuple[str, Maker]]:
    """{file name: (title, function drawing the Figure)} of every comparison figure, in reading order (the
    forest plot's function returns None with fewer than two jobs); the forest plot reads `data` when it is drawn."""
    outcomes = [r.outcomes for r in results]
    return {
        "compare_distributions.png": (
            "Distributions of the main outcomes",
            lambda: distributions_figure(labels, outcomes),
        ),
        "compare_probabilities.png": ("Outcome probabilities", lambda: probabilities_figure(labels, outcomes)),
        "compare_differences.png": (
            "Differences between the futures, with 95% CIs",
            lambda: forest_figure(labels, data),
        ),
        "compare_front.png": ("Front over time", lambda: fronts_figure(labels, results, infos)),
        "compare_casualties.png": ("Casualties by cause", lambda: casualties_figure(labels, outcomes)),
    }
