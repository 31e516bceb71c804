"""Figures of one run's outcome distributions: area, casualties, campaign outcome, breakthroughs and
collapses, the area per sector, casualties by side, category and cause, and the probability of each
category with its CI. Each function returns a Figure; `run_report` saves them."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from sim.experiment.results import Results
from sim.outcomes import column, parts
from sim.reporting.runinfo import RunInfo
from sim.reporting.style import BLUE, GREY, INK, LIGHT_GREY, RED, RUST, figure, margins, pretty, whole_numbers

OUTCOME_COLOURS = {"freeze": GREY, "ukraine_advance": BLUE, "stalemate": LIGHT_GREY, "russian_collapse": RED}


def _title(results: Results, info: RunInfo, what: str) -> str:
    days = info.horizon_days if np.isfinite(info.horizon_days) else results.meta.get("horizon_days", float("nan"))
    scenario = info.scenario or results.meta.get("scenario", "")
    return f"{scenario}: {what}, {len(results.outcomes)} replications, {days:g} days"


def _counts(ax, values: np.ndarray, colour: str, title: str) -> None:
    """Bars of how many replications ended with each count of an event."""
    counts = pd.Series(values).value_counts().sort_index()
    ax.bar(counts.index.to_numpy(dtype=int), counts.to_numpy(), color=colour, alpha=0.85, width=0.8)
    ax.set(title=title, xlabel="count", ylabel="replications")
    whole_numbers(ax.xaxis)
    whole_numbers(ax.yaxis)


def _sector_areas(ax, out: pd.DataFrame, info: RunInfo) -> None:
    """Every replication's net area per sector (a dot each, blue where Ukraine gained, vermillion where
    Russia did), its 5–95% range, quartiles and median, and how often each side gained ground."""
    sectors = [s for s in info.sectors if f"area_km2_{s}" in out] or [
        c.removeprefix("area_km2_") for c in out.columns if str(c).startswith("area_km2_")
    ]
    n = len(out)
    jitter = np.random.default_rng(0).uniform(-0.22, 0.22, n)  # fixed: the same figure for the same run
    xs, ys, colours, names = [], [], [], []
    for i, sector in enumerate(sectors):
        y = len(sectors) - 1 - i  # north at the top
        values = out[f"area_km2_{sector}"].to_numpy(dtype=float) / 1000
        xs.append(values)
        ys.append(y + jitter)
        colours.append(np.where(values > 0, BLUE, np.where(values < 0, RED, GREY)))
        q05, q25, q50, q75, q95 = np.quantile(values, [0.05, 0.25, 0.5, 0.75, 0.95])
        ax.hlines(y, q05, q95, color=INK, lw=1.2, zorder=3)
        ax.hlines(y, q25, q75, color=INK, lw=5, zorder=3)
        ax.plot([q50], [y], "o", color="white", markeredgecolor=INK, markersize=6, zorder=4)
        ua, ru = int((values > 0).sum()), int((values < 0).sum())
        # beside the name, not over the dots: written inside the panel it sat on the replications at its edge
        names.append(f"{pretty(sector)}\ngains: UA {ua}, RU {ru} of {n}")
    ax.scatter(np.concatenate(xs), np.concatenate(ys), s=6, c=np.concatenate(colours), alpha=0.35, lw=0, zorder=2)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(range(len(sectors))[::-1], names, fontsize=8)
    ax.set_ylim(-0.6, len(sectors) - 0.25)
    ax.set(title="Area per sector, a dot a replication", xlabel="thousand km² gained (− = by Russia)")


def outcomes_figure(results: Results, info: RunInfo, categories: tuple[str, ...]) -> Figure:
    out = results.outcomes
    fig, axes = figure(14, 8.2, 2, 3)
    fig.suptitle(_title(results, info, "outcomes"), fontsize=13)
    ax = axes[0, 0]
    area = out["area_km2"].to_numpy(dtype=float)
    ax.hist(area, bins=40, color=BLUE, alpha=0.85)
    ax.axvline(0, color="black", lw=0.8)
    median = float(np.median(area))
    ax.axvline(median, color=INK, lw=1.2, ls="--", label=f"median {median:,.0f} km²")
    ax.set(title="Net area gained by Ukraine", xlabel="km² (− = Russian gain)", ylabel="replications")
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))  # '−10000−5000' ran together
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:,.0f}".replace("-", "−")))
    ax.legend(frameon=False, fontsize=8)
    whole_numbers(ax.yaxis)
    ax = axes[0, 1]
    sides = [("Ukraine", "cas_ua", BLUE), ("Russia", "cas_ru", RED)]
    values = {name: out[col].to_numpy(dtype=float) / 1000 for name, col, _ in sides if col in out}
    edges = np.histogram_bin_edges(np.concatenate(list(values.values())), bins=40)  # one set of bins for both
    for name, _, colour in sides:
        if name in values:
            ax.hist(values[name], bins=edges, color=colour, alpha=0.45, histtype="stepfilled", label=name)
            ax.hist(values[name], bins=edges, color=colour, histtype="step", lw=1.2)
    ax.set(title="Casualties (killed, wounded, captured)", xlabel="thousand people", ylabel="replications")
    ax.legend(frameon=False)
    whole_numbers(ax.yaxis)
    ax = axes[0, 2]
    counts = out["outcome"].value_counts().reindex(list(categories), fill_value=0)
    shares = counts / len(out)
    names = [pretty(c).replace(" ", "\n") for c in counts.index]  # one word a line: tilted, they ran together
    bars = ax.bar(names, shares.to_numpy(), color=[OUTCOME_COLOURS.get(c, GREY) for c in counts.index])
    n = len(out)
    of = "\nof" if n >= 1000 else " of"  # '2448 of 10000' is wider than its bar's slot: it ran into the next
    ax.bar_label(bars, [f"{k}{of} {n}" for k in counts], fontsize=8, padding=2)
    ax.set(title="Campaign outcome", ylabel="share of replications", ylim=(0, 1.15 if n >= 1000 else 1.1))
    _counts(axes[1, 0], out["breakthroughs"].to_numpy(), BLUE, "Breakthroughs per campaign")
    _counts(axes[1, 1], out["collapses"].to_numpy(), RED, "Collapses per campaign")
    _sector_areas(axes[1, 2], out, info)
    margins(fig, left=0.75, right=0.15, top=0.75, bottom=0.6, wgap=2.05, hgap=0.85)  # wgap: the sectors' counts
    return fig


def casualties_figure(results: Results, info: RunInfo) -> Figure:
    """Mean casualties by side, Russian by category and by cause (strikes split by place)."""
    out = results.outcomes
    fig, axes = figure(14, 4.5, 1, 3)
    mean = out.mean(numeric_only=True)
    ax = axes[0, 0]
    ax.bar(["Ukraine", "Russia"], [mean["cas_ua"] / 1000, mean["cas_ru"] / 1000], color=[BLUE, RED])
    ax.set(title="By side", ylabel="mean casualties (thousands)")
    ax = axes[0, 1]
    kinds = parts("cas_ru", "category")
    ax.bar(
        [column(k).part for k in kinds],
        [mean.get(k, 0.0) / 1000 for k in kinds],
        color=[(RED, RUST)[i % 2] for i in range(len(kinds))],
    )
    ax.set(title="Russian, by category", ylabel="mean casualties (thousands)")
    ax = axes[0, 2]
    causes: list[tuple[str, float]] = []
    for cause in parts("cas_ru", "cause"):  # strikes split by place where the row does
        places = parts(cause, "place")
        named = [(f"{column(cause).part}: {column(p).part}", p) for p in places] or [(column(cause).part, cause)]
        causes += [(label, mean.get(name, 0.0)) for label, name in named]
    ax.barh([c for c, _ in causes][::-1], [v / 1000 for _, v in causes][::-1], color=RED, alpha=0.8)
    ax.set(title="Russian, by cause", xlabel="mean casualties (thousands)")
    fig.suptitle(_title(results, info, "casualties (killed, wounded, captured), mean"), fontsize=13)
    margins(fig, left=0.75, right=0.15, top=0.75, bottom=0.6, wgap=1.7)
    return fig


def categories_figure(results: Results, info: RunInfo, tables: dict[str, pd.DataFrame]) -> Figure:
    """Probability of each category (campaign outcome, bridgehead fate, why Ukraine halted) with 95% CIs and
    the count of replications under each bar."""
    fig, axes = figure(6 * max(len(tables), 1), 4.4, 1, max(len(tables), 1))
    n = len(results.outcomes)
    for ax, (name, table) in zip(axes.flat, tables.items()):
        share = table["share"].to_numpy()
        err = np.vstack([share - table["ci95_low"].to_numpy(), table["ci95_high"].to_numpy() - share])
        ax.bar(
            [f"{pretty(str(c))}\n{k} of {n}" for c, k in zip(table[name], table["count"])],
            share,
            yerr=err,
            capsize=4,
            color=BLUE,
            alpha=0.85,
            error_kw={"ecolor": INK},
        )
        ax.set(title=column(name).label or pretty(name), ylabel="probability (95% CI)", ylim=(0, 1.12))
        ax.tick_params(axis="x", labelrotation=15)
    fig.suptitle(_title(results, info, "outcome probabilities"), fontsize=13)
    margins(fig, left=0.75, right=0.15, top=0.75, bottom=0.95, wgap=0.9)
    return fig
