"""Figures of the validation report: ODE vs the mean of stochastic runs, exact vs simulated duels, the
frontage-doubling check, and the backtest's distribution of area retaken against the public record."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from sim.reporting.style import BLUE, BLUES, GREEN, GREY, ORANGE, RED, save
from sim.validation.record import CheckResult

LAW_COLOURS = {"square": BLUE, "linear": ORANGE, "helmbold": GREEN}
SCALE_COLOURS = BLUES


def _save(fig: plt.Figure, path: Path) -> Path:
    fig.tight_layout()
    return save(fig, path)


def plot_convergence(check: CheckResult, path: Path) -> Path:
    """Left: ODE vs mean stochastic path (square law) at several force sizes; middle: largest deviation vs force
    size per law; right: mean duel duration vs force size against the exact CTMC and the ODE time."""
    paths, duels = check.extra["paths"], check.extra["duels"]
    fig, axes = plt.subplots(1, 3, figsize=(16, 4.8))
    fig.suptitle("Stochastic Lanchester law converges to the deterministic ODE as forces grow", fontsize=13)

    ax = axes[0]
    scales = sorted({scale for law, scale in paths if law == "square"})
    shown = [scales[0], scales[len(scales) // 2], scales[-1]] if len(scales) >= 3 else scales
    ode = paths[("square", shown[-1])][0]
    x0 = float(ode["x"].iloc[0])
    ax.plot(ode["day"], ode["x"] / x0, color="black", lw=2.2, label="ODE (scipy): x")
    ax.plot(ode["day"], ode["y"] / x0, color="black", lw=2.2, ls="--", label="ODE: y")
    for colour, scale in zip((ORANGE, BLUES[1], RED), shown, strict=False):
        _, mean = paths[("square", scale)]
        ax.plot(
            mean["day"],
            mean["x"] / scale,
            color=colour,
            marker="o",
            ms=3.5,
            lw=1,
            label=f"mean of draws, N = {scale:,}: x",
        )
        ax.plot(
            mean["day"], mean["y"] / scale, color=colour, marker="s", ms=3.5, lw=1, ls="--", label=f"N = {scale:,}: y"
        )
    ax.set(
        title="Square law: ODE vs mean of chained engagement draws",
        xlabel="day",
        ylabel="strength / initial strength of x (N)",
    )
    ax.legend(fontsize=7.5, frameon=False, ncol=2)

    ax = axes[1]
    table = check.data
    for law, group in table.groupby("law", sort=False):
        ax.loglog(
            group["scale"],
            group["max_rel_error"],
            marker="o",
            color=LAW_COLOURS.get(str(law), GREY),
            label=f"{law} law",
        )
    ax.axhline(0.01, color=RED, ls=":", lw=1.2, label="1% tolerance at the largest N")
    ax.set(
        title="Largest deviation of the mean path from the ODE",
        xlabel="initial strength of x, N (soldiers)",
        ylabel="max |mean − ODE| / initial strength",
    )
    ax.legend(frameon=False, fontsize=8)
    ax.grid(True, which="both", alpha=0.25)

    ax = axes[2]
    ax.errorbar(
        duels["scale"],
        duels["mean_time"],
        yerr=2 * duels["se"],
        fmt="o",
        color=BLUE,
        capsize=3,
        label="mean of `duel` runs ± 2 SE",
    )
    ax.plot(duels["scale"], duels["ctmc_time"], color=GREEN, lw=1.5, label="exact CTMC expectation")
    ax.axhline(float(duels["ode_time"].iloc[0]), color="black", ls="--", lw=1.2, label="ODE annihilation time")
    ax.set_xscale("log")
    ax.set(
        title="Square-law duel from (N, 0.7 N): duration",
        xlabel="initial strength of x, N (soldiers)",
        ylabel="time until y is annihilated (days)",
    )
    ax.legend(frameon=False, fontsize=8)
    ax.grid(True, which="both", alpha=0.25)
    return _save(fig, path)


def plot_ctmc(win: CheckResult, duration: CheckResult, path: Path) -> Path:
    """Exact vs simulated win probability and expected duration per (m, n), with ±3 SE bars, and the z-scores."""
    fig, axes = plt.subplots(1, 3, figsize=(16, 4.8), gridspec_kw={"width_ratios": [1, 1, 1.3]})
    fig.suptitle("Stochastic square-law duel vs the exact continuous-time Markov chain", fontsize=13)
    for ax, check, unit in ((axes[0], win, "probability x wins"), (axes[1], duration, "expected duration (days)")):
        t = check.data
        lo, hi = float(min(t["exact"].min(), t["simulated"].min())), float(max(t["exact"].max(), t["simulated"].max()))
        pad = 0.05 * (hi - lo)
        ax.plot([lo - pad, hi + pad], [lo - pad, hi + pad], color=GREY, lw=1, label="simulated = exact")
        ax.errorbar(
            t["exact"],
            t["simulated"],
            yerr=3 * t["se"],
            fmt="o",
            ms=4,
            color=BLUE,
            ecolor=BLUES[0],
            capsize=2,
            label=f"{len(t)} (m, n) pairs, ± 3 SE",
        )
        ax.set(title=f"{unit.capitalize()}", xlabel=f"exact CTMC: {unit}", ylabel=f"simulated: {unit}")
        ax.legend(frameon=False, fontsize=8, loc="upper left")
    ax = axes[2]
    labels = [f"{m},{n}" for m, n in zip(win.data["m"], win.data["n"], strict=True)]
    xs = np.arange(len(labels))
    ax.bar(xs - 0.2, win.data["z"], width=0.4, color=BLUE, label="win probability")
    ax.bar(xs + 0.2, duration.data["z"], width=0.4, color=ORANGE, label="expected duration")
    for level in (-3, 3):
        ax.axhline(level, color=RED, ls="--", lw=1)
    ax.axhline(0, color="black", lw=0.6)
    ax.set_xticks(xs, labels, rotation=90, fontsize=7)
    ax.set(
        title="Standardised deviation per pair (pass: within ±3)",
        xlabel="(m, n): initial strengths of x and y",
        ylabel="z = (simulated − exact) / SE",
        ylim=(-4, 4),
    )
    ax.legend(frameon=False, fontsize=8, loc="lower right")
    return _save(fig, path)


def plot_doubling(check: CheckResult, path: Path) -> Path:
    """Area with every frontage doubled against the base area, per replication (same seeds)."""
    t = check.data
    fig, ax = plt.subplots(figsize=(6.4, 5))
    lo, hi = float(t["area_km2"].min()), float(t["area_km2"].max())
    xs = np.linspace(min(lo, 0.0), max(hi, 0.0), 2)
    ax.plot(xs, 2 * xs, color=GREY, lw=1, label="doubled = 2 × base")
    ax.scatter(t["area_km2"], t["area_km2_doubled"], color=BLUE, s=22, label="replications (rules on km² neutralised)")
    control = check.extra.get("control")
    if control is not None:
        ax.scatter(
            control["area_km2"],
            control["area_km2_doubled"],
            color=RED,
            marker="x",
            s=22,
            label="control: rules on km² left on",
        )
    ax.set(
        title="Doubling every sector's frontage doubles the area",
        xlabel="net area gained, base frontages (km²)",
        ylabel="net area gained, doubled frontages (km²)",
    )
    ax.legend(frameon=False, fontsize=8)
    return _save(fig, path)


def plot_backtest(check: CheckResult, path: Path) -> Path:
    """Fan chart of the area retaken with the record, and the distributions at the record's dates."""
    area: np.ndarray = check.extra["area"]
    records = check.extra["record"]
    table = check.data
    fig, axes = plt.subplots(1, 1 + len(records), figsize=(5.4 * (1 + len(records)), 4.8))
    fig.suptitle(
        f"Backtest: Kharkiv counter-offensive from 6 Sept 2022 ({area.shape[0]} runs) vs the public record", fontsize=13
    )
    ax = axes[0]
    days = np.arange(area.shape[1])
    q = np.percentile(area, [5, 25, 50, 75, 95], axis=0)
    ax.fill_between(days, q[0], q[4], color=BLUE, alpha=0.18, label="simulated 5–95%")
    ax.fill_between(days, q[1], q[3], color=BLUE, alpha=0.35, label="simulated 25–75%")
    ax.plot(days, q[2], color=BLUE, lw=2, label="simulated median")
    for r in records:
        ax.errorbar(
            [r.day],
            [r.area_km2],
            yerr=[[r.area_km2 - r.low_km2], [r.high_km2 - r.area_km2]],
            fmt="D",
            color=RED,
            capsize=4,
            ms=7,
        )
    ax.plot([], [], "D", color=RED, label="public record (bar: range of claims)")
    ax.set(title="Area retaken by Ukraine", xlabel="days from 6 Sept 2022", ylabel="area (km²)")
    ax.legend(frameon=False, fontsize=8, loc="upper left")
    ax.grid(True, alpha=0.25)
    for ax, r, row in zip(axes[1:], records, table.itertuples(), strict=True):
        values = area[:, r.day]
        ax.hist(values, bins=40, color=BLUE, alpha=0.8, label="simulated runs")
        ax.axvspan(r.low_km2, r.high_km2, color=RED, alpha=0.12, zorder=0, label="range of public claims")
        ax.axvline(r.area_km2, color=RED, lw=2.2, label=f"record {r.area_km2:,.0f} km²")
        ax.axvline(float(np.median(values)), color="black", lw=1.2, ls="--", label="simulated median")
        ax.set(
            title=f"Day {r.day} ({r.date}): record at the {row.record_percentile:.0f}th percentile",
            xlabel="area retaken (km²)",
            ylabel="runs",
        )
        ax.legend(frameon=False, fontsize=8)
    return _save(fig, path)
