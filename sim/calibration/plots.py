"""A calibration's figures: the parameters' posteriors against their priors, the posterior predictive against
the record, and the futures' posterior probabilities."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from sim.calibration import observables
from sim.calibration.run import Calibration
from sim.reporting.style import GREY, INK, calendar, date_axis, figure, job_colours, pretty

BINS = 20


def marginals(cal: Calibration) -> Figure:
    """One panel per parameter: the prior (grey) and each future's posterior density (weighted histogram)."""
    params = cal.futures[0].params
    cols = min(4, len(params))
    rows = math.ceil(len(params) / cols)
    fig, axes = figure(3.2 * cols, 2.4 * rows + 0.6, rows, cols)
    colours = job_colours(len(cal.futures))
    for j, p in enumerate(params):
        ax = axes[j // cols, j % cols]
        prior = [p.value(float(u)) for u in cal.futures[0].unit[:, j]]
        edges = (
            np.linspace(p.low, p.high, BINS + 1) if p.dist != "log-uniform" else np.geomspace(p.low, p.high, BINS + 1)
        )
        ax.hist(prior, bins=edges, density=True, color=GREY, alpha=0.35, label="prior")
        for f, colour in zip(cal.futures, colours):
            assert f.kept is not None
            values = [p.value(float(u)) for u in f.posterior_unit[:, j]]
            ax.hist(
                values,
                bins=edges,
                weights=f.kept.weight,
                density=True,
                histtype="step",
                lw=1.8,
                color=colour,
                label=pretty(f.name),
            )
        if p.dist == "log-uniform":
            ax.set_xscale("log")
        ax.set_title(p.key, fontsize=9)
        ax.set_yticks([])
    for k in range(len(params), rows * cols):
        axes[k // cols, k % cols].set_visible(False)
    axes[0, 0].legend(fontsize=7, frameon=False)
    fig.suptitle(f"Parameters: prior (grey) and posterior given the record to {cal.target.until}", fontsize=11)
    fig.tight_layout()
    return fig


def _groups(table: pd.DataFrame) -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []
    for o, s in zip(table["observable"], table["sector"]):
        key = (str(o), s if isinstance(s, str) else "")
        if key not in seen:
            seen.append(key)
    return seen


def predictive(cal: Calibration) -> Figure:
    """One panel per observable (and axis): each future's posterior predictive 90% band and median over the
    calendar (a stock), or its 90% interval (an event day), with the record's rows and ranges in black; the
    dashed line is `until`, the end of what was weighed."""
    table, start = cal.target.table, cal.target.start
    groups = _groups(table)
    cols = min(3, len(groups))
    rows = math.ceil(len(groups) / cols)
    fig, axes = figure(4.4 * cols, 2.8 * rows + 0.6, rows, cols)
    colours = job_colours(len(cal.futures))
    until = calendar(start, [cal.target.until_day + 1])[0]
    for g, (observable, sector) in enumerate(groups):
        ax = axes[g // cols, g % cols]
        mine = table[(table["observable"] == observable) & (table["sector"].fillna("") == sector)]
        if observable in observables.STOCKS:
            for f, colour in zip(cal.futures, colours):
                series = np.stack(
                    [
                        observables.STOCKS[observable]({k: v[i] for k, v in f.daily.items()}, sector)
                        for i in range(len(f.predictive))
                    ]
                )
                days = np.arange(series.shape[1])
                lo, mid, hi = np.quantile(series, [0.05, 0.5, 0.95], axis=0)
                x = calendar(start, days)
                ax.fill_between(x, lo, hi, color=colour, alpha=0.18, lw=0)
                ax.plot(x, mid, color=colour, lw=1.4, label=pretty(f.name))
            x = calendar(start, mine["day"].to_numpy() + 1)
        else:
            for k, (f, colour) in enumerate(zip(cal.futures, colours)):
                days = f.predictive[f"obs_{mine['id'].iloc[0]}"].to_numpy(dtype=float)
                days = days[np.isfinite(days)]
                if len(days):
                    lo, mid, hi = np.quantile(days, [0.05, 0.5, 0.95])
                    ax.plot(
                        calendar(start, [lo, hi]), [k + 1, k + 1], color=colour, lw=4, alpha=0.6, label=pretty(f.name)
                    )
                    ax.plot(calendar(start, [mid]), [k + 1], "o", color=colour)
            x = calendar(start, mine["value"].to_numpy())
            ax.set_yticks([])
        y = mine["value"].to_numpy(dtype=float) if observable in observables.STOCKS else np.zeros(len(mine))
        if observable in observables.STOCKS:
            err = np.vstack([y - mine["low"].to_numpy(dtype=float), mine["high"].to_numpy(dtype=float) - y])
            ax.errorbar(x, y, yerr=err, fmt="o", color=INK, ms=4, capsize=2, label="record", zorder=5)
        else:
            lo = calendar(start, mine["low"].to_numpy(dtype=float))
            hi = calendar(start, mine["high"].to_numpy(dtype=float))
            ax.plot(x, y, "D", color=INK, ms=5, label="record", zorder=5)
            for a, b in zip(lo, hi):
                ax.plot([a, b], [0, 0], color=INK, lw=1)
        ax.axvline(until, color=GREY, ls="--", lw=1)
        ax.set_title(pretty(observable) + (f" ({pretty(sector)})" if sector else ""), fontsize=9)
        date_axis(ax)
    for k in range(len(groups), rows * cols):
        axes[k // cols, k % cols].set_visible(False)
    handles, labels = axes[0, 0].get_legend_handles_labels()
    spare = len(groups) < rows * cols  # the legend in the first empty panel, else below the panels
    fig.legend(
        handles,
        labels,
        fontsize=8,
        frameon=False,
        loc="lower right" if spare else "lower center",
        ncol=1 if spare else len(labels),
        bbox_to_anchor=(0.97, 0.08) if spare else (0.5, 0.0),
    )
    fig.suptitle(
        f"Posterior predictive (90% bands, medians) and the record; weighed up to {cal.target.until} (dashed)",
        fontsize=11,
    )
    fig.tight_layout()
    return fig


def choice(cal: Calibration) -> Figure | None:
    """The futures' posterior probabilities at each tolerance."""
    if cal.choice.empty:
        return None
    shares = sorted(cal.choice["share"].unique())
    names = [f.name for f in cal.futures]
    fig, axes = figure(6.4, 3.2)
    ax = axes[0, 0]
    width = 0.8 / len(shares)
    for k, share in enumerate(shares):
        part = cal.choice[cal.choice["share"] == share].set_index("future").loc[names]
        x = np.arange(len(names)) + (k - (len(shares) - 1) / 2) * width
        ax.bar(
            x,
            part["probability"],
            width,
            color=INK,
            alpha=0.3 + 0.7 * (k + 1) / len(shares),
            label=f"nearest {share:.1%} of the runs",
        )
    ax.set_xticks(np.arange(len(names)), [pretty(n) for n in names])
    ax.set_ylim(0, 1)
    ax.set_ylabel("posterior probability")
    ax.legend(fontsize=7, frameon=False)
    ax.set_title(f"Which future the record to {cal.target.until} favours (equal priors)", fontsize=10)
    fig.tight_layout()
    return fig


FIGURES = {"marginals.png": marginals, "predictive.png": predictive, "choice.png": choice}
