"""Figures of one run: outcome distributions, fan charts of the front per sector, casualties by side,
category and cause, the mobilized by pipeline stage, and the probability of each category with its CI."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from sim.experiment.results import Results
from sim.outcomes import column, parts
from sim.reporting.style import AMBER, BLUE, GREY, INK, LIGHT_GREY, RED, RUST, STEEL, pretty, save


def plot_outcomes(results: Results, path: Path, categories: tuple[str, ...]) -> Path:
    out = results.outcomes
    fig, axes = plt.subplots(2, 3, figsize=(14, 7.5))
    title = f"{results.meta.get('scenario', '')}: {len(out)} replications, {results.meta.get('horizon_days')} days"
    fig.suptitle(title, fontsize=13)
    ax = axes[0, 0]
    ax.hist(out["area_km2"], bins=40, color=BLUE, alpha=0.85)
    ax.axvline(0, color="black", lw=0.8)
    ax.axvline(out["area_km2"].median(), color=RED, lw=1.2, ls="--", label="median")
    ax.set(title="Net area gained by Ukraine", xlabel="km²", ylabel="replications")
    ax.legend(frameon=False)
    ax = axes[0, 1]
    ax.hist(out["cas_ua"] / 1000, bins=40, color=BLUE, alpha=0.6, label="Ukraine")
    ax.hist(out["cas_ru"] / 1000, bins=40, color=RED, alpha=0.6, label="Russia")
    ax.set(title="Casualties (killed, wounded, captured)", xlabel="thousands", ylabel="replications")
    ax.legend(frameon=False)
    ax = axes[0, 2]
    shares = out["outcome"].value_counts(normalize=True).reindex(list(categories), fill_value=0.0)
    ax.bar([pretty(c) for c in shares.index], shares.to_numpy(), color=[GREY, BLUE, GREY, RED][: len(shares)])
    ax.set(title="Campaign outcome", ylabel="share of replications", ylim=(0, 1))
    ax.tick_params(axis="x", labelrotation=15)
    for ax, name, colour in ((axes[1, 0], "breakthroughs", BLUE), (axes[1, 1], "collapses", RED)):
        counts = out[name].value_counts().sort_index()
        ax.bar(counts.index.astype(int), counts.to_numpy() / len(out), color=colour, alpha=0.85)
        ax.set(title=f"{name.capitalize()} per campaign", xlabel="count", ylabel="share of replications")
    ax = axes[1, 2]
    sector_cols = [c for c in out.columns if c.startswith("area_km2_")]
    data = [out[c].to_numpy() / 1000 for c in sector_cols]
    ax.boxplot(
        data,
        orientation="horizontal",
        tick_labels=[pretty(c.removeprefix("area_km2_")) for c in sector_cols],
        showfliers=False,
    )
    ax.axvline(0, color="black", lw=0.8)
    ax.set(title="Area gained per sector", xlabel="thousand km²")
    fig.tight_layout()
    return save(fig, path)


def plot_front_fans(results: Results, path: Path, start_date: str | None = None) -> Path:
    daily = results.daily
    fronts = sorted(s for s in daily["series"].unique() if s.startswith("front_km_"))
    cols = 3
    rows = int(np.ceil(len(fronts) / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(14, 3.6 * rows), squeeze=False, sharex=True)
    start = pd.Timestamp(start_date) if start_date else None
    for ax, series in zip(axes.flat, fronts):
        d = daily[daily["series"] == series]
        x = start + pd.to_timedelta(d["day"], unit="D") if start is not None else d["day"]
        ax.fill_between(x, d["q05"], d["q95"], color=BLUE, alpha=0.18, label="90% band")
        ax.fill_between(x, d["q25"], d["q75"], color=BLUE, alpha=0.35, label="50% band")
        ax.plot(x, d["q50"], color=BLUE, lw=1.8, label="median")
        ax.axhline(0, color="black", lw=0.8)
        ax.set_title(pretty(series.removeprefix("front_km_")))
        ax.set_ylabel("front (km, + = Ukrainian gain)")
        ax.tick_params(axis="x", labelrotation=30)
    for ax in list(axes.flat)[len(fronts) :]:
        ax.set_visible(False)
    axes.flat[0].legend(frameon=False, fontsize=8, loc="upper left")
    fig.suptitle(f"{results.meta.get('scenario', '')}: front position per sector over time", fontsize=13)
    fig.tight_layout()
    return save(fig, path)


def plot_casualties(results: Results, path: Path) -> Path:
    """Mean casualties by side, Russian by category and by cause (strikes split by place)."""
    out = results.outcomes
    fig, axes = plt.subplots(1, 3, figsize=(14, 4.5))
    mean = out.mean(numeric_only=True)
    ax = axes[0]
    ax.bar(["Ukraine", "Russia"], [mean["cas_ua"] / 1000, mean["cas_ru"] / 1000], color=[BLUE, RED])
    ax.set(title="By side", ylabel="mean casualties (thousands)")
    ax = axes[1]
    kinds = parts("cas_ru", "category")
    ax.bar(
        [column(k).part for k in kinds],
        [mean.get(k, 0.0) / 1000 for k in kinds],
        color=[(RED, RUST)[i % 2] for i in range(len(kinds))],
    )
    ax.set(title="Russian, by category", ylabel="thousands")
    ax = axes[2]
    causes: list[tuple[str, float]] = []
    for cause in parts("cas_ru", "cause"):  # strikes split by place where the row does
        places = parts(cause, "place")
        named = [(f"{column(cause).part}: {column(p).part}", p) for p in places] or [(column(cause).part, cause)]
        causes += [(label, mean.get(name, 0.0)) for label, name in named]
    ax.barh([c for c, _ in causes][::-1], [v / 1000 for _, v in causes][::-1], color=RED, alpha=0.8)
    ax.set(title="Russian, by cause", xlabel="thousands")
    fig.suptitle(
        f"{results.meta.get('scenario', '')}: casualties (killed, wounded, captured), mean of {len(out)} replications",
        fontsize=13,
    )
    fig.tight_layout()
    return save(fig, path)


PIPELINE = (
    ("mobilized_training", "in training", LIGHT_GREY),
    ("mobilized_convoy", "in convoys", AMBER),
    ("mobilized_billet", "in billets", RUST),
    ("mobilized_garrison", "in garrison", STEEL),
    ("mobilized_combat", "committed", RED),
    ("mobilized_lost", "lost (cumulative)", INK),
)


def plot_mobilization(results: Results, path: Path, start_date: str | None = None) -> Path:
    """The mobilized by pipeline stage over time (mean over replications, stacked)."""
    daily = results.daily
    fig, ax = plt.subplots(figsize=(11, 4.8))
    start = pd.Timestamp(start_date) if start_date else None
    layers, labels, colours, x = [], [], [], None
    for series, label, colour in PIPELINE:
        d = daily[daily["series"] == series]
        if d.empty:
            continue
        x = start + pd.to_timedelta(d["day"], unit="D") if start is not None else d["day"]
        layers.append(d["mean"].to_numpy() / 1000)
        labels.append(label)
        colours.append(colour)
    if layers and x is not None:
        ax.stackplot(x, *layers, labels=labels, colors=colours, alpha=0.9)
        ax.legend(loc="upper left", frameon=False, ncol=3)
    ax.set(
        title=f"{results.meta.get('scenario', '')}: the mobilized by stage (mean over replications)",
        ylabel="thousands of soldiers",
    )
    fig.tight_layout()
    return save(fig, path)


def plot_categories(results: Results, path: Path, tables: dict[str, pd.DataFrame]) -> Path:
    """Probability of each category (campaign outcome, bridgehead fate, halt cause) with 95% CIs."""
    fig, axes = plt.subplots(1, len(tables), figsize=(6 * len(tables), 4.2), squeeze=False)
    for ax, (name, table) in zip(axes.flat, tables.items()):
        share = table["share"].to_numpy()
        err = np.vstack([share - table["ci95_low"].to_numpy(), table["ci95_high"].to_numpy() - share])
        ax.bar([pretty(str(c)) for c in table[name]], share, yerr=err, capsize=4, color=BLUE, alpha=0.85)
        ax.set(title=pretty(name), ylabel="probability (95% CI)", ylim=(0, 1))
        ax.tick_params(axis="x", labelrotation=15)
    fig.suptitle(
        f"{results.meta.get('scenario', '')}: outcome probabilities, {len(results.outcomes)} replications", fontsize=13
    )
    fig.tight_layout()
    return save(fig, path)
