"""Figures comparing jobs: outcome distributions side by side, category probabilities with CIs, the
front over time per sector, and casualties by cause.

Each job keeps one colour in every figure, and each figure names its jobs, so a figure read alone still
says what it compares.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from sim.experiment.results import Results
from sim.outcomes import categorical, column, key_outcomes, parts
from sim.reporting.style import AMBER, BLUE, INK, RED, RUST, job_colours, pretty, save
from sim.stats import category_probabilities

CAUSE_COLOURS = (RED, RUST, AMBER)  # Russian casualties by cause, in declared order


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


def _legend(fig: plt.Figure, labels: list[str], colours: list[str], line: bool = False) -> None:
    handles = [
        Line2D([], [], color=c, lw=2, label=lab) if line else Patch(color=c, label=lab, alpha=0.8)
        for lab, c in zip(labels, colours)
    ]
    fig.legend(handles=handles, loc="lower center", ncol=min(len(labels), 3), frameon=False, fontsize=9)


def plot_distributions(labels: list[str], outcomes: list[pd.DataFrame], path: Path) -> Path:
    """Violins, one row per job: the spread of each main outcome, its median (white dot) and quartiles."""
    colours = job_colours(len(labels))
    panels = distributions()
    rows = max(1, -(-len(panels) // 2))
    fig, axes = plt.subplots(rows, 2, figsize=(13, (1.1 + 0.75 * len(labels)) * rows), squeeze=False)
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
                parts = ax.violinplot(
                    [values], positions=[pos], orientation="horizontal", widths=0.8, showextrema=False
                )
                for body in parts["bodies"]:
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
    return save(fig, path)


def plot_probabilities(labels: list[str], outcomes: list[pd.DataFrame], path: Path) -> Path:
    """Grouped bars per category, one bar per job, with 95% Clopper–Pearson error bars."""
    colours = job_colours(len(labels))
    panels = [(c, cats) for c, cats in categorical().items() if any(c in f and f[c].isin(cats).any() for f in outcomes)]
    fig, axes = plt.subplots(1, max(len(panels), 1), figsize=(7 * max(len(panels), 1), 5.2), squeeze=False)
    width = 0.8 / max(len(labels), 1)
    for ax, (name, categories) in zip(axes.flat, panels):
        x = np.arange(len(categories))
        for i, (frame, colour) in enumerate(zip(outcomes, colours)):
            if name not in frame:
                continue
            t = category_probabilities(frame[name], categories).iloc[: len(categories)]
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
        ax.set_xticks(x, [pretty(c) for c in categories])
        ax.set(title=column(name).label or pretty(name), ylabel="probability (95% CI)", ylim=(0, 1.05))
        ax.grid(axis="y", alpha=0.3)
    _legend(fig, labels, colours)
    fig.suptitle("Outcome probabilities by job", fontsize=13)
    fig.tight_layout(rect=(0, 0.06 + 0.03 * ((len(labels) - 1) // 3), 1, 1))
    return save(fig, path)


def plot_fronts(labels: list[str], results: list[Results], path: Path) -> Path:
    """Front position per sector over time: each job's median and 90% band, on calendar dates."""
    colours = job_colours(len(labels))
    sectors = list(
        dict.fromkeys(
            s
            for r in results
            if not r.daily.empty
            for s in r.daily["series"].unique()
            if str(s).startswith("front_km_")
        )
    )
    cols = 3
    rows = max(1, int(np.ceil(len(sectors) / cols)))
    fig, axes = plt.subplots(rows, cols, figsize=(15, 3.4 * rows + 1.0), squeeze=False, sharex=True)
    shade = max(0.06, 0.3 / max(len(labels), 1))  # overlapping bands of many jobs must not turn to mud
    for ax, series in zip(axes.flat, sectors):
        curves = []
        for r, colour in zip(results, colours):
            d = r.daily[r.daily["series"] == series] if not r.daily.empty else r.daily
            if d.empty:
                continue
            start = r.meta.get("start_date")
            x = pd.Timestamp(start) + pd.to_timedelta(d["day"], unit="D") if start else d["day"]
            ax.fill_between(x, d["q05"], d["q95"], color=colour, alpha=shade, lw=0)
            for q in ("q05", "q95"):
                ax.plot(x, d[q], color=colour, lw=0.8, ls=":", alpha=0.9)
            curves.append((x, d["q50"], colour))
        for x, median, colour in curves:  # medians last, on top of every band
            ax.plot(x, median, color=colour, lw=2.0)
        ax.axhline(0, color="black", lw=0.7)
        ax.set_title(pretty(series.removeprefix("front_km_")))
        ax.set_ylabel("km (+ = Ukrainian gain)")
        ax.grid(alpha=0.3)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
    for ax in list(axes.flat)[len(sectors) :]:
        ax.set_visible(False)
    _legend(fig, labels, colours, line=True)
    fig.suptitle(
        "Front position per sector: median (line) and 90% band (shade, dotted edges) across replications", fontsize=13
    )
    fig.tight_layout(rect=(0, 0.05 + 0.03 * ((len(labels) - 1) // 3), 1, 1))
    return save(fig, path)


def plot_casualty_breakdown(labels: list[str], outcomes: list[pd.DataFrame], path: Path) -> Path:
    """Mean casualties per job: Russian stacked by cause beside the Ukrainian total."""
    ticks = [_wrap(lab, 22) for lab in labels]
    per_job = max(2.2, 0.08 * max(len(line) for t in ticks for line in t.splitlines()))  # inches: labels fit
    fig, ax = plt.subplots(figsize=(max(7.0, per_job * len(labels) + 2.5), 5.4))
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
    return save(fig, path)


def plot_comparison(labels: list[str], results: list[Results], out_dir: Path) -> dict[str, Path]:
    """All comparison figures into `out_dir`; returns {title: path} in reading order."""
    outcomes = [r.outcomes for r in results]
    return {
        "Distributions of the main outcomes": plot_distributions(
            labels, outcomes, out_dir / "compare_distributions.png"
        ),
        "Outcome probabilities": plot_probabilities(labels, outcomes, out_dir / "compare_probabilities.png"),
        "Front over time": plot_fronts(labels, results, out_dir / "compare_front.png"),
        "Casualties by cause": plot_casualty_breakdown(labels, outcomes, out_dir / "compare_casualties.png"),
    }
