"""Analytic checks of the stochastic attrition laws against the deterministic Lanchester ODE and the exact CTMC.

Three checks, each a `CheckResult` (sim.validation.record):

- `convergence`: the stochastic law converges to its deterministic solution as forces grow. Two faces of it:
  (1) the campaign's own one-step draw, `engagement_losses`, chained day by day and averaged over many
  chains, against `deterministic` (scipy's ODE solution), for the square, linear and Helmbold laws, at force
  sizes from 10 to 100,000: the largest deviation of the mean path, as a share of the initial strength, must
  shrink with force size and end below 1%; (2) the exact duel (`duel`, one casualty at a time): its mean
  duration tends to the ODE's annihilation time as forces grow (checked against the exact CTMC expectation
  on the way).
- `win_probability`: for at least 20 small (m, n) pairs, the share of square-law duels x wins matches the exact
  CTMC probability (`sim.validation.ctmc.win_probability_table`) within 3 standard errors, each pair.
- `duration`: the mean duel duration matches the exact CTMC expected duration within 3 standard errors.

The duels behind the last two are drawn once (`simulate_duels`) and judged separately, so a test can draw with
one set of rates and judge against another to see the check fail.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats
from scipy.integrate import solve_ivp

from sim.laws.lanchester import deterministic, duel, engagement_losses
from sim.validation import ctmc
from sim.validation.record import CheckResult

# --------------------------------------------------------------------------------------- settings
# Rates are per day (square, Helmbold: kills per enemy soldier per day; linear: per soldier squared per day,
# divided by the force scale so that every scale fights at the same pace).
CONVERGENCE_A, CONVERGENCE_B = 0.03, 0.05
CONVERGENCE_Y_SHARE = 0.8  # y0 = 0.8 * x0
CONVERGENCE_DAYS, CONVERGENCE_STEP = 12.0, 1.0
CONVERGENCE_SCALES = (10, 100, 1_000, 10_000, 100_000)
CONVERGENCE_LAWS: tuple[tuple[str, float], ...] = (("square", 0.5), ("linear", 0.5), ("helmbold", 0.5))
CONVERGENCE_TOLERANCE = 0.01  # largest deviation of the mean path at the largest scale, share of x0 / y0
CONVERGENCE_SHRINK = 5.0  # the deviation at the largest scale must be this many times smaller than at the smallest

DUEL_RATE = 0.05  # a = b: kills per enemy soldier per day
DUEL_Y_SHARE = 0.7
DUEL_SCALES = (10, 20, 40, 80, 160, 320, 640)
DUEL_TOLERANCE = 0.02  # relative deviation of the mean duel duration from the ODE time at the largest scale

CTMC_A, CTMC_B = 0.05, 0.06  # square law, per day: y kills x at a per y-soldier, x kills y at b per x-soldier
CTMC_MAX = 30
CTMC_Z = 3.0
CTMC_MIN_PAIRS = 20


# ------------------------------------------------------------------------ (a) convergence to the ODE
def _linear_scaled(law: str, a: float, b: float, scale: float) -> tuple[float, float]:
    return (a / scale, b / scale) if law == "linear" else (a, b)


def mean_path(
    x0: float,
    y0: float,
    *,
    a: float,
    b: float,
    law: str,
    helmbold_weight: float,
    days: float,
    step: float,
    chains: int,
    dispersion: float,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Mean and standard error of x and y over `chains` chains of one-step `engagement_losses` draws.

    Each chain starts at (x0, y0) and, every `step` days, subtracts one draw of that step's losses from the
    current strengths: what the campaign does engagement after engagement.
    """
    n_steps = round(days / step)
    paths = np.empty((chains, n_steps + 1, 2))
    for c in range(chains):
        x, y = float(x0), float(y0)
        paths[c, 0] = x, y
        for k in range(1, n_steps + 1):
            lx, ly = engagement_losses(
                x, y, a=a, b=b, law=law, days=step, rng=rng, dispersion=dispersion, helmbold_weight=helmbold_weight
            )
            x, y = x - lx, y - ly
            paths[c, k] = x, y
    mean = paths.mean(axis=0)
    se = paths.std(axis=0, ddof=1) / math.sqrt(chains)
    return pd.DataFrame(
        {"day": step * np.arange(n_steps + 1), "x": mean[:, 0], "y": mean[:, 1], "se_x": se[:, 0], "se_y": se[:, 1]}
    )


def convergence(
    *,
    scales: Sequence[int] = CONVERGENCE_SCALES,
    chains: int = 400,
    dispersion: float = 25.0,
    laws: Sequence[tuple[str, float]] = CONVERGENCE_LAWS,
    duel_scales: Sequence[int] = DUEL_SCALES,
    duels: int = 400,
    seed: int = 2022,
) -> CheckResult:
    """Check (a): the mean of the stochastic law converges to the deterministic solution as forces grow."""
    started = time.perf_counter()
    streams = iter(np.random.SeedSequence(seed).spawn(len(laws) * len(scales) + len(duel_scales)))
    rows, paths = [], {}
    for law, w in laws:
        for scale in scales:
            x0, y0 = float(scale), CONVERGENCE_Y_SHARE * scale
            a, b = _linear_scaled(law, CONVERGENCE_A, CONVERGENCE_B, scale)
            ode = deterministic(
                x0, y0, a=a, b=b, law=law, days=CONVERGENCE_DAYS, dt=CONVERGENCE_STEP, helmbold_weight=w
            )
            mean = mean_path(
                x0,
                y0,
                a=a,
                b=b,
                law=law,
                helmbold_weight=w,
                days=CONVERGENCE_DAYS,
                step=CONVERGENCE_STEP,
                chains=chains,
                dispersion=dispersion,
                rng=np.random.default_rng(next(streams)),
            )
            dev = np.maximum(
                np.abs(mean["x"].to_numpy() - ode["x"].to_numpy()) / x0,
                np.abs(mean["y"].to_numpy() - ode["y"].to_numpy()) / y0,
            )
            rows.append(
                {
                    "law": law,
                    "scale": scale,
                    "max_rel_error": float(dev.max()),
                    "final_x_mean": float(mean["x"].iloc[-1]),
                    "final_x_ode": float(ode["x"].iloc[-1]),
                    "final_y_mean": float(mean["y"].iloc[-1]),
                    "final_y_ode": float(ode["y"].iloc[-1]),
                }
            )
            paths[(law, scale)] = (ode, mean)
    table = pd.DataFrame(rows)

    law_ok, slopes = {}, {}
    for law, group in table.groupby("law", sort=False):
        err = group["max_rel_error"].to_numpy()
        slope = float(np.polyfit(np.log10(group["scale"]), np.log10(np.maximum(err, 1e-12)), 1)[0])
        slopes[str(law)] = slope
        law_ok[str(law)] = bool(
            err[-1] <= CONVERGENCE_TOLERANCE and err[-1] * CONVERGENCE_SHRINK <= err[0] and slope < 0.0
        )

    duel_table = duel_durations(duel_scales, duels, streams)
    last = duel_table.iloc[-1]
    duel_ok = bool(
        last["rel_error_mean_vs_ode"] <= DUEL_TOLERANCE
        and last["rel_error_mean_vs_ode"] < duel_table.iloc[0]["rel_error_mean_vs_ode"]
        and (duel_table["z_mean_vs_ctmc"].abs() <= CTMC_Z).all()
    )

    passed = all(law_ok.values()) and duel_ok
    biggest = table[table["scale"] == max(scales)].set_index("law")["max_rel_error"]
    smallest = table[table["scale"] == min(scales)].set_index("law")["max_rel_error"]
    per_law = "; ".join(
        f"{law} {smallest[law]:.3g} → {biggest[law]:.2g} (slope {slopes[law]:+.2f})" for law in biggest.index
    )
    summary = (
        f"mean path vs ODE, largest deviation (share of initial strength) from N={min(scales):,} to "
        f"N={max(scales):,}: {per_law}. Duel mean duration vs ODE time: "
        f"{duel_table.iloc[0]['rel_error_mean_vs_ode']:.1%} at N={duel_scales[0]} → "
        f"{last['rel_error_mean_vs_ode']:.2%} at N={duel_scales[-1]}"
    )
    figures = {
        f"max_rel_error_{law}_N{scale}": float(e)
        for law, scale, e in zip(table["law"], table["scale"], table["max_rel_error"], strict=True)
    }
    figures.update({f"slope_{law}": s for law, s in slopes.items()})
    figures["duel_rel_error_largest"] = float(last["rel_error_mean_vs_ode"])
    figures["duel_rel_error_smallest"] = float(duel_table.iloc[0]["rel_error_mean_vs_ode"])
    criterion = (
        f"per law: deviation of the mean of {chains} chains of daily `engagement_losses` draws "
        f"(dispersion {dispersion:g}) from `deterministic` (ODE) ≤ {CONVERGENCE_TOLERANCE:.0%} of the initial "
        f"strength at N={max(scales):,}, ≥ {CONVERGENCE_SHRINK:g}× smaller than at N={min(scales)}, negative "
        f"log–log slope; `duel` mean duration within {DUEL_TOLERANCE:.0%} of the ODE annihilation time at "
        f"N={duel_scales[-1]}, closer than at N={duel_scales[0]}, and within {CTMC_Z:g} SE of the exact CTMC "
        "expectation at every N"
    )
    notes = [
        f"Setup: x0 = N, y0 = {CONVERGENCE_Y_SHARE} N, a = {CONVERGENCE_A}, b = {CONVERGENCE_B} per day (linear law: "
        f"a/N, b/N, so that every N fights at the same pace), {CONVERGENCE_DAYS:g} days in steps of "
        f"{CONVERGENCE_STEP:g} day; Helmbold weight 0.5. The dispersion is the campaign default (variance/mean of "
        "an engagement's losses), so small forces are very lumpy: that is what the shrinking error measures.",
        f"Duels: square law, a = b = {DUEL_RATE} per day, x0 = N, y0 = {DUEL_Y_SHARE} N, {duels} duels per N; "
        f"ODE annihilation time of y = {duel_table['ode_time'].iloc[0]:.3f} days (scipy `solve_ivp`, terminal "
        "event).",
    ]
    return CheckResult(
        key="analytic.convergence",
        title="Stochastic law → deterministic Lanchester ODE as forces grow",
        group="analytic",
        passed=passed,
        criterion=criterion,
        summary=summary,
        figures=figures,
        data=table,
        notes=notes,
        extra={"paths": paths, "duels": duel_table, "law_ok": law_ok, "duel_ok": duel_ok},
        seconds=time.perf_counter() - started,
    )


def ode_annihilation_time(x0: float, y0: float, *, a: float, b: float) -> float:
    """Time at which y reaches 0 in the square-law ODE dx/dt = -a y, dy/dt = -b x: scipy's integrator with a
    terminal event (independent of the closed form that `expected_losses` uses); inf if y is never annihilated."""

    def rhs(_t: float, s: np.ndarray) -> list[float]:
        return [-a * max(s[1], 0.0), -b * max(s[0], 0.0)]

    def y_gone(_t: float, s: np.ndarray) -> float:
        return float(s[1])

    def x_gone(_t: float, s: np.ndarray) -> float:
        return float(s[0])

    for event in (y_gone, x_gone):
        event.terminal = True  # type: ignore[attr-defined]
        event.direction = -1  # type: ignore[attr-defined]
    sol = solve_ivp(
        rhs,
        (0.0, 20.0 / math.sqrt(a * b)),
        [x0, y0],
        events=(y_gone, x_gone),
        method="DOP853",
        rtol=1e-12,
        atol=1e-12 * max(x0, y0),
    )
    return float(sol.t_events[0][0]) if len(sol.t_events[0]) else math.inf


def duel_durations(scales: Sequence[int], duels: int, streams: object) -> pd.DataFrame:
    """Mean duration of square-law duels from (N, 0.7 N) against the exact CTMC and the ODE annihilation time."""
    rows = []
    for scale in scales:
        m, n = int(scale), round(DUEL_Y_SHARE * scale)
        rng = np.random.default_rng(next(streams))  # type: ignore[call-overload]
        results = [duel(m, n, a=DUEL_RATE, b=DUEL_RATE, rng=rng) for _ in range(duels)]
        times = np.array([t for _, t in results])
        x_wins = np.mean([w == "x" for w, _ in results])
        ode_time = ode_annihilation_time(float(m), float(n), a=DUEL_RATE, b=DUEL_RATE)
        exact = ctmc.expected_duration(m, n, a=DUEL_RATE, b=DUEL_RATE)
        se = float(times.std(ddof=1) / math.sqrt(duels))
        rows.append(
            {
                "scale": scale,
                "m": m,
                "n": n,
                "duels": duels,
                "mean_time": float(times.mean()),
                "se": se,
                "ctmc_time": exact,
                "ode_time": ode_time,
                "x_win_share": float(x_wins),
                "ctmc_x_win": ctmc.win_probability(m, n, a=DUEL_RATE, b=DUEL_RATE),
                "rel_error_mean_vs_ode": abs(float(times.mean()) - ode_time) / ode_time,
                "rel_error_ctmc_vs_ode": abs(exact - ode_time) / ode_time,
                "z_mean_vs_ctmc": (float(times.mean()) - exact) / se if se > 0 else 0.0,
            }
        )
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------- (b), (c) the exact CTMC
def ctmc_pairs(
    max_size: int = CTMC_MAX,
    *,
    a: float = CTMC_A,
    b: float = CTMC_B,
    sizes: int = 7,
    targets: Sequence[float] = (0.1, 0.3, 0.5, 0.7, 0.9),
    low: float = 0.05,
    high: float = 0.95,
) -> list[tuple[int, int]]:
    """(m, n) pairs with m, n <= max_size spread over the grid: `sizes` values of m evenly from 2 to max_size and,
    for each, the n whose exact win probability is closest to each target. Only contested duels (probability
    in [low, high]) are kept, where a wrong law would show."""
    table = ctmc.win_probability_table(max_size, max_size, a=a, b=b)
    pairs: list[tuple[int, int]] = []
    for m in np.unique(np.linspace(2, max_size, num=sizes).round().astype(int)):
        probs = table[m, 1:]
        for target in targets:
            n = int(np.argmin(np.abs(probs - target))) + 1
            if low <= table[m, n] <= high and (int(m), n) not in pairs:
                pairs.append((int(m), n))
    return pairs


def simulate_duels(
    pairs: Sequence[tuple[int, int]],
    *,
    a: float = CTMC_A,
    b: float = CTMC_B,
    law: str = "square",
    duels: int = 4000,
    seed: int = 2022,
) -> pd.DataFrame:
    """Run `duels` stochastic duels (`sim.laws.lanchester.duel`) per (m, n): wins of x, mean and sd of duration."""
    rows = []
    for (m, n), child in zip(pairs, np.random.SeedSequence(seed).spawn(len(pairs)), strict=True):
        rng = np.random.default_rng(child)
        results = [duel(m, n, a=a, b=b, law=law, rng=rng) for _ in range(duels)]
        times = np.array([t for _, t in results])
        rows.append(
            {
                "m": m,
                "n": n,
                "duels": duels,
                "x_wins": int(sum(w == "x" for w, _ in results)),
                "mean_time": float(times.mean()),
                "sd_time": float(times.std(ddof=1)),
            }
        )
    return pd.DataFrame(rows)


def win_probability_check(
    simulated: pd.DataFrame,
    *,
    a: float = CTMC_A,
    b: float = CTMC_B,
    law: str = "square",
    z_max: float = CTMC_Z,
    min_pairs: int = CTMC_MIN_PAIRS,
) -> CheckResult:
    """Check (b): simulated win shares against the exact CTMC, each pair within `z_max` standard errors.

    The standard error is the exact one under the null hypothesis, sqrt(p (1 - p) / duels) with the exact p.
    """
    started = time.perf_counter()
    size = int(max(simulated["m"].max(), simulated["n"].max()))
    exact_table = ctmc.win_probability_table(size, size, a=a, b=b, law=law)
    table = simulated.copy()
    table["exact"] = [float(exact_table[m, n]) for m, n in zip(table["m"], table["n"], strict=True)]
    table["simulated"] = table["x_wins"] / table["duels"]
    table["se"] = np.sqrt(table["exact"] * (1.0 - table["exact"]) / table["duels"])
    diff = (table["simulated"] - table["exact"]).to_numpy()
    se = table["se"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):  # p = 0 or 1: any deviation is infinitely unlikely
        table["z"] = np.where(se > 0, diff / np.where(se > 0, se, 1.0), np.where(diff == 0, 0.0, np.inf))
    return _z_check(
        table,
        key="analytic.win_probability",
        what="win probability",
        title=f"Stochastic {law}-law duel: win probability vs the exact CTMC",
        z_max=z_max,
        min_pairs=min_pairs,
        a=a,
        b=b,
        law=law,
        started=started,
    )


def duration_check(
    simulated: pd.DataFrame,
    *,
    a: float = CTMC_A,
    b: float = CTMC_B,
    law: str = "square",
    z_max: float = CTMC_Z,
    min_pairs: int = CTMC_MIN_PAIRS,
) -> CheckResult:
    """Check (c): simulated mean duel durations against the exact CTMC expectation, each within `z_max` SE
    (the standard error of the mean from the sample standard deviation)."""
    started = time.perf_counter()
    size = int(max(simulated["m"].max(), simulated["n"].max()))
    exact_table = ctmc.expected_duration_table(size, size, a=a, b=b, law=law)
    table = simulated.copy()
    table["exact"] = [float(exact_table[m, n]) for m, n in zip(table["m"], table["n"], strict=True)]
    table["simulated"] = table["mean_time"]
    table["se"] = table["sd_time"] / np.sqrt(table["duels"])
    table["z"] = (table["simulated"] - table["exact"]) / table["se"]
    return _z_check(
        table,
        key="analytic.duration",
        what="expected duration (days)",
        title=f"Stochastic {law}-law duel: expected duration vs the exact CTMC",
        z_max=z_max,
        min_pairs=min_pairs,
        a=a,
        b=b,
        law=law,
        started=started,
    )


def _z_check(
    table: pd.DataFrame,
    *,
    key: str,
    what: str,
    title: str,
    z_max: float,
    min_pairs: int,
    a: float,
    b: float,
    law: str,
    started: float,
) -> CheckResult:
    k = len(table)
    if k == 0:
        raise ValueError("no (m, n) pairs to judge")
    worst = table.loc[table["z"].abs().idxmax()]
    within = int((table["z"].abs() <= z_max).sum())
    chi2 = float((table["z"] ** 2).sum())
    chi2_p = float(stats.chi2.sf(chi2, df=k)) if math.isfinite(chi2) else 0.0
    passed = bool(k >= min_pairs and within == k)
    duels = int(table["duels"].iloc[0])
    summary = (
        f"{within}/{k} pairs within {z_max:g} SE ({duels:,} duels each); largest |z| = "
        f"{abs(worst['z']):.2f} at (m, n) = ({int(worst['m'])}, {int(worst['n'])}); "
        f"Σz² = {chi2:.1f} on {k} df (p = {chi2_p:.2f})"
    )
    criterion = (
        f"at least {min_pairs} (m, n) pairs with m, n ≤ {CTMC_MAX}, and every pair's simulated {what} within "
        f"{z_max:g} standard errors of the exact CTMC value"
    )
    notes = [
        f"{law.capitalize()} law, a = {a} and b = {b} per day (x loses at a·n, y at b·m); pairs chosen where the "
        "exact win probability of x is between 0.05 and 0.95, evenly over the grid. The aggregate Σz² is "
        "reported for information (it is not part of the pass rule)."
    ]
    figures = {
        "pairs": float(k),
        "within": float(within),
        "max_abs_z": float(abs(worst["z"])),
        "chi2": chi2,
        "chi2_p": chi2_p,
        "duels_per_pair": float(duels),
    }
    return CheckResult(
        key=key,
        title=title,
        group="analytic",
        passed=passed,
        criterion=criterion,
        summary=summary,
        figures=figures,
        data=table,
        notes=notes,
        seconds=time.perf_counter() - started,
    )
