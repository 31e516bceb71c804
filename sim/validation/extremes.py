"""Extreme-condition and degenerate checks of the whole campaign, through the public API only.

Each check composes a config the way a user does (`sim.compose(overrides)`), runs it (`sim.run`) and judges the
`Results`: `.outcomes` (one row per replication) and `.daily` (quantile bands per series and day).

- `zero_attacker`: every Ukrainian formation at 0 personnel ⇒ Ukraine gains no ground anywhere, ever.
- `overwhelming_odds`: Russian forces tiny on every axis Ukraine attacks ⇒ a collapse in every replication.
- `no_randomness`: `stochastic=false` (every draw replaced by its mean) ⇒ every replication identical.
- `zero_horizon`: `horizon_days=0` ⇒ nothing happens: no area, no casualties, no breaks.
- `doubled_frontage`: every `theatre.sectors.<name>.width_km` doubled, same seed ⇒ the area that changes hands
  doubles exactly, once the rules that read areas in km² are neutralised (listed in `AREA_RULES_NEUTRAL`).

Each has an `evaluate_*` function of the results alone, so tests can feed it results that must fail. Where
cheap, a check also runs a control (the same thing without the extreme condition) and reports it, to show the
check could have failed.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

import sim
from sim.config.check import to_typed
from sim.config.schema import SimConfig
from sim.experiment.results import Results
from sim.outcomes import flow_names
from sim.validation.record import CheckResult

TINY_PERSONNEL = 50.0  # soldiers left in each Russian formation on the axes Ukraine attacks

# Rules that read areas in km²: with every frontage doubled they would see twice the area and act differently,
# so the doubling check switches them off (and says so in the report).
AREA_RULES_NEUTRAL: tuple[str, ...] = (
    "mobilization.commit_area_km2=1e12",  # the Kremlin's commit rule: annexed territory lost (km²)
    "mobilization.trigger=date",  # the mobilization trigger by territory lost (km²) is not used...
    "mobilization.trigger_area_km2=1e12",  # ...and could never fire
    "decisions.annexation_trigger=date",  # the annexation as a response to territory lost (km²) is not used...
    "decisions.annexation_area_km2=1e12",  # ...and could never fire
    "decisions.w_gain=0",  # Ukraine's resolve per 1,000 km² gained
    "decisions.support_w_gain=0",  # Western support per 1,000 km² gained
    "outcome.advance_area_km2=0",  # the outcome label threshold (labels only; no effect on the dynamics)
)


@dataclass
class Runner:
    """Composes and runs configs with a common replication count, seed and executor; caches runs by overrides."""

    replications: int = 20
    seed: int = 2022
    executor: str = "processes"
    base: Sequence[str] = ()
    _cache: dict[tuple[str, ...], Results] = field(default_factory=dict)
    _typed: dict[tuple[str, ...], SimConfig] = field(default_factory=dict)

    def overrides(self, extra: Sequence[str] = ()) -> list[str]:
        return [
            *self.base,
            f"replications={self.replications}",
            f"seed={self.seed}",
            f"executor={self.executor}",
            "progress=false",
            *extra,
        ]

    def compose(self, extra: Sequence[str] = ()):
        return sim.compose(self.overrides(extra))

    def run(self, extra: Sequence[str] = ()) -> Results:
        key = tuple(extra)
        if key not in self._cache:
            self._cache[key] = sim.run(self.compose(extra))
        return self._cache[key]

    def typed(self) -> SimConfig:
        """The composed, validated base config (composed once)."""
        if () not in self._typed:
            self._typed[()] = to_typed(self.compose())
        return self._typed[()]

    def formations(self) -> dict[str, tuple[str, str]]:
        """{formation name: (side, sector)} of the base config."""
        return {name: (f.side, f.sector) for name, f in self.typed().forces.items()}

    def sectors(self) -> dict[str, tuple[float, bool]]:
        """{sector name: (width_km, ua_offensive)} of the base config."""
        return {name: (s.width_km, s.ua_offensive) for name, s in self.typed().theatre.sectors.items()}


def _area_columns(outcomes: pd.DataFrame) -> list[str]:
    return [c for c in outcomes.columns if c.startswith("area_km2_")]


def _front_series(daily: pd.DataFrame) -> pd.DataFrame:
    return daily[daily["series"].astype(str).str.startswith("front_km_")]


# ------------------------------------------------------------------------------------- zero attacker
def zero_attacker_overrides(runner: Runner, *, launchers: bool = False) -> list[str]:
    """Every Ukrainian formation at 0 personnel; with `launchers=False` also no long-range strike launchers."""
    zero = [f"forces.{name}.personnel=0" for name, (side, _) in runner.formations().items() if side == "ua"]
    return zero if launchers else [*zero, "strikes.launchers=0"]


def _gains(results: Results, skip: Sequence[str] = ()) -> tuple[float, float]:
    """(largest final area gained in any replication and sector, highest daily 95% band of any front), leaving
    out the sectors in `skip`."""
    out = results.outcomes
    cols = [c for c in _area_columns(out) if c.removeprefix("area_km2_") not in skip]
    fronts = _front_series(results.daily)
    fronts = fronts[~fronts["series"].astype(str).str.removeprefix("front_km_").isin(list(skip))]
    return float(out[cols].to_numpy().max()), float(fronts["q95"].max())


def evaluate_zero_attacker(
    results: Results,
    soldiers_only: Results | None = None,
    control: Results | None = None,
    bridgeheads: Sequence[str] = (),
) -> CheckResult:
    """`results`: no Ukrainian soldiers and no launchers; `soldiers_only`: no soldiers, launchers kept (the
    bridgehead may then still be starved by strikes and given up); `control`: forces intact."""
    out = results.outcomes
    max_gain, worst_front = _gains(results)
    max_gain = max(max_gain, float(out["area_km2"].max()))
    cas_ua = float(out["cas_ua"].max())
    passed = max_gain <= 1e-9 and worst_front <= 1e-9 and cas_ua == 0.0
    summary = (
        f"no soldiers, no launchers: largest Ukrainian gain over {len(out)} replications and all sectors "
        f"{max_gain:.3g} km², highest 95% band of any front on any day {worst_front:.3g} km, Ukrainian "
        f"casualties {cas_ua:.3g} (net area {out['area_km2'].mean():,.0f} km² on average: Russia's Donetsk "
        "offensive meets nobody)"
    )
    figures = {
        "max_ua_gain_km2": max_gain,
        "max_front_q95_km": worst_front,
        "max_cas_ua": cas_ua,
        "mean_area_km2": float(out["area_km2"].mean()),
    }
    notes = [
        "Every formation of side `ua` in the forces data (theatre reserve included) set to personnel=0, and "
        "`strikes.launchers=0`: Ukraine has no strength at all."
    ]
    if soldiers_only is not None:
        so = soldiers_only.outcomes
        other_gain, other_front = _gains(soldiers_only, skip=bridgeheads)
        given_up = so["bridgehead"].isin(["withdrawn", "trapped"])
        bh_cols = [f"area_km2_{b}" for b in bridgeheads if f"area_km2_{b}" in so.columns]
        held_gain = float(so.loc[~given_up, bh_cols].to_numpy().max()) if bh_cols and (~given_up).any() else 0.0
        ok = other_gain <= 1e-9 and other_front <= 1e-9 and held_gain <= 1e-9 and float(so["cas_ua"].max()) == 0.0
        passed = passed and ok
        gained = float(so.loc[given_up, bh_cols].sum(axis=1).mean()) if bh_cols and given_up.any() else 0.0
        summary += (
            f"; no soldiers but launchers kept: no gain outside the bridgehead ({other_gain:.3g} km², fronts "
            f"≤ {other_front:.3g} km), bridgehead given up (starved by strikes on its crossings) in "
            f"{int(given_up.sum())}/{len(so)} replications, handing over {gained:,.0f} km² on average"
        )
        figures.update(
            {
                "soldiers_only_max_gain_outside_bridgehead_km2": other_gain,
                "soldiers_only_bridgehead_given_up": float(given_up.sum()),
                "soldiers_only_bridgehead_area_km2": gained,
            }
        )
        notes.append(
            "With soldiers at 0 but the HIMARS launchers kept (the literal 'personnel=0' setup), strikes "
            "still cut the Dnipro crossings; a starved bridgehead may then be withdrawn (seldom: with no "
            "Ukrainian force pressing it the Kremlin rarely decides to) and its front moves to the river, so "
            "Ukraine 'gains' the bank without a soldier to occupy it (`sim/world/bridgehead.py`, `withdraw`). "
            "The check allows that gain only on a bridgehead sector that was given up, and nowhere else."
        )
    if control is not None:
        gain = float(control.outcomes["area_km2"].mean())
        figures["control_mean_area_km2"] = gain
        share = float((control.outcomes[_area_columns(control.outcomes)] > 0).any(axis=1).mean())
        notes.append(
            f"Control (forces intact, same seeds): Ukraine gains {gain:,.0f} km² on average and some ground "
            f"in {share:.0%} of replications, so the check would see a gain."
        )
    cols = ["area_km2", *_area_columns(out)]
    return CheckResult(
        key="extreme.zero_attacker",
        title="Zero attacker strength ⇒ no Ukrainian advance",
        group="extreme",
        passed=passed,
        criterion="with no Ukrainian soldiers or launchers, no sector's area or front ever positive "
        "(final outcomes in every replication, 95% band of every daily front) and no "
        "Ukrainian casualties; with launchers kept, ground only where a bridgehead was "
        "given up",
        summary=summary,
        figures=figures,
        data=out[["replication", *cols, "cas_ua", "cas_ru"]],
        notes=notes,
    )


def zero_attacker(runner: Runner, *, control: bool = True) -> CheckResult:
    started = time.perf_counter()
    bridgeheads = [name for name, s in runner.typed().theatre.sectors.items() if s.bridgehead]
    result = evaluate_zero_attacker(
        runner.run(zero_attacker_overrides(runner)),
        runner.run(zero_attacker_overrides(runner, launchers=True)),
        runner.run() if control else None,
        bridgeheads,
    )
    result.seconds = time.perf_counter() - started
    return result


# ---------------------------------------------------------------------------------- overwhelming odds
def overwhelming_overrides(runner: Runner, personnel: float = TINY_PERSONNEL) -> list[str]:
    """Russian formations on every axis Ukraine may attack, and Russia's theatre reserve, cut to `personnel`."""
    sectors = runner.sectors()
    attacked = {name for name, (_, ua_offensive) in sectors.items() if ua_offensive}
    return [
        f"forces.{name}.personnel={personnel:g}"
        for name, (side, sector) in runner.formations().items()
        if side == "ru" and (sector in attacked or sector == "theatre")
    ]


def evaluate_overwhelming(results: Results, attacked: Sequence[str] = ()) -> CheckResult:
    out = results.outcomes
    collapses = out["collapses"].to_numpy()
    passed = bool(len(out) > 0 and (collapses > 0).all())
    share = float((out["outcome"] == "russian_collapse").mean())
    summary = (
        f"collapses per replication: min {collapses.min()}, median {np.median(collapses):g}, max "
        f"{collapses.max()} over {len(out)} replications; outcome `russian_collapse` in {share:.0%}; "
        f"area gained {out['area_km2'].mean():,.0f} km² on average"
    )
    figures = {
        "min_collapses": float(collapses.min()),
        "median_collapses": float(np.median(collapses)),
        "russian_collapse_share": share,
        "mean_area_km2": float(out["area_km2"].mean()),
    }
    notes = [
        f"Russian formations on the axes Ukraine attacks ({', '.join(attacked) or 'see config'}) and Russia's "
        f"theatre reserve cut to {TINY_PERSONNEL:g} soldiers each."
    ]
    return CheckResult(
        key="extreme.overwhelming_odds",
        title="Overwhelming odds ⇒ collapse in every run",
        group="extreme",
        passed=passed,
        criterion="`collapses` > 0 in every replication",
        summary=summary,
        figures=figures,
        data=out[["replication", "collapses", "breakthroughs", "outcome", "area_km2"]],
        notes=notes,
    )


def overwhelming_odds(runner: Runner) -> CheckResult:
    started = time.perf_counter()
    attacked = [name for name, (_, ua_offensive) in runner.sectors().items() if ua_offensive]
    result = evaluate_overwhelming(runner.run(overwhelming_overrides(runner)), attacked)
    result.seconds = time.perf_counter() - started
    return result


# ------------------------------------------------------------------------------------- no randomness
def evaluate_identical(results: Results, control: Results | None = None) -> CheckResult:
    out = results.outcomes.drop(columns=["replication", "seed"])
    varying = [c for c in out.columns if out[c].nunique(dropna=False) > 1]
    bands = results.daily
    spread = float((bands["q95"] - bands["q05"]).abs().max())
    passed = bool(len(results.outcomes) > 1 and not varying and spread == 0.0)
    summary = (
        f"{len(results.outcomes)} replications with different seeds: {len(out.columns) - len(varying)}/"
        f"{len(out.columns)} outcome columns identical"
        + (f" (varying: {', '.join(varying[:5])})" if varying else "")
        + f"; widest daily 5–95% band of any series: {spread:.3g}"
    )
    figures = {
        "varying_columns": float(len(varying)),
        "max_daily_band": spread,
        "area_km2": float(results.outcomes["area_km2"].iloc[0]),
    }
    notes = ["`stochastic=false` replaces every draw by its distribution's mean (sim.world.streams.MeanDraws)."]
    if control is not None:
        distinct = int(control.outcomes["area_km2"].nunique())
        figures["control_distinct_area"] = float(distinct)
        notes.append(
            f"Control (`stochastic=true`, same seeds): {distinct} distinct values of `area_km2` in "
            f"{len(control.outcomes)} replications, so the check would see randomness."
        )
    return CheckResult(
        key="extreme.no_randomness",
        title="No randomness ⇒ every replication identical",
        group="extreme",
        passed=passed,
        criterion="every outcome column equal across replications and every daily band of zero width",
        summary=summary,
        figures=figures,
        data=results.outcomes,
        notes=notes,
    )


def no_randomness(runner: Runner, *, control: bool = True) -> CheckResult:
    started = time.perf_counter()
    result = evaluate_identical(runner.run(["stochastic=false"]), runner.run() if control else None)
    result.seconds = time.perf_counter() - started
    return result


# -------------------------------------------------------------------------------------- zero horizon


def evaluate_nothing(results: Results) -> CheckResult:
    out = results.outcomes
    sectors = [c.removeprefix("area_km2_") for c in _area_columns(out)]
    cols = flow_names(sectors)  # every column that accumulates from zero (sim.outcomes)
    nonzero = [c for c in cols if (out[c].abs() > 0).any()]
    days = sorted(results.daily["day"].unique().tolist())
    passed = bool(len(out) > 0 and not nonzero and days == [0])
    summary = (
        f"{len(out)} replications: "
        + ("all of " if not nonzero else "non-zero: ")
        + ", ".join(
            nonzero
            or [
                "area (total and per sector)",
                "casualties by side, category, cause and place",
                "breakthroughs, collapses and cascades",
                "aircraft lost",
                "mobilized called up and committed",
                "strike missions",
                "arrivals and equipment recovered",
            ]
        )
        + (" are 0" if not nonzero else "")
        + f"; daily series cover days {days}"
    )
    figures = {c: float(out[c].abs().max()) for c in cols if not c.startswith("area_km2_")}
    return CheckResult(
        key="extreme.zero_horizon",
        title="horizon_days=0 ⇒ nothing happens",
        group="extreme",
        passed=passed,
        criterion="every outcome that accumulates from zero (the flows of sim.outcomes: area, casualties, "
        "breaks, collapses, aircraft lost, mobilized called and committed, strikes, arrivals) is 0; daily "
        "series hold day 0 only",
        summary=summary,
        figures=figures,
        data=out[["replication", *cols]],
    )


def zero_horizon(runner: Runner) -> CheckResult:
    started = time.perf_counter()
    result = evaluate_nothing(runner.run(["horizon_days=0"]))
    result.seconds = time.perf_counter() - started
    return result


# ---------------------------------------------------------------------------------- doubled frontage
def doubled_overrides(runner: Runner, factor: float = 2.0) -> list[str]:
    return [f"theatre.sectors.{name}.width_km={factor * width:g}" for name, (width, _) in runner.sectors().items()]


def _doubling_deviation(base: Results, doubled: Results) -> tuple[float, float, pd.DataFrame]:
    """(largest |doubled - 2 base| relative to max(1, |2 base|) over total and sector areas, largest front
    difference in km, the per-replication table)."""
    b, d = base.outcomes, doubled.outcomes
    cols = ["area_km2", *_area_columns(b)]
    twice = 2.0 * b[cols].to_numpy()
    rel = np.abs(d[cols].to_numpy() - twice) / np.maximum(1.0, np.abs(twice))
    fronts = [c for c in b.columns if c.startswith("front_km_")]
    front_diff = float(np.abs(d[fronts].to_numpy() - b[fronts].to_numpy()).max()) if fronts else 0.0
    table = pd.DataFrame(
        {
            "replication": b["replication"],
            "area_km2": b["area_km2"],
            "area_km2_doubled": d["area_km2"],
            "ratio": d["area_km2"] / b["area_km2"].where(b["area_km2"] != 0),
        }
    )
    return float(rel.max()), front_diff, table


def evaluate_doubling(
    base: Results,
    doubled: Results,
    control: tuple[Results, Results] | None = None,
    *,
    tolerance: float = 1e-9,
    neutralised: Sequence[str] = AREA_RULES_NEUTRAL,
) -> CheckResult:
    deviation, front_diff, table = _doubling_deviation(base, doubled)
    moved = float(base.outcomes["area_km2"].abs().mean())
    passed = bool(deviation <= tolerance and moved > 100.0)
    ratios = table["ratio"].dropna()
    summary = (
        f"{len(table)} replications, same seeds: area with doubled frontages / area = "
        f"{ratios.min():.12g} … {ratios.max():.12g}; largest relative deviation from 2× (total and per "
        f"sector) {deviation:.2g}; fronts differ by at most {front_diff:.2g} km; mean |area| "
        f"{moved:,.0f} km²"
    )
    figures = {"max_rel_deviation": deviation, "max_front_difference_km": front_diff, "mean_abs_area_km2": moved}
    notes = [
        "Rules that read areas in km² neutralised for this check (base and doubled alike): "
        + ", ".join(f"`{o}`" for o in neutralised)
        + ". The outcome-label threshold only names the outcome "
        "category; the others change the campaign (commit of the mobilized, mobilization trigger, "
        "Ukraine's resolve and Western support)."
    ]
    extra = {}
    if control is not None:
        c_dev, c_front, c_table = _doubling_deviation(*control)
        extra["control"] = c_table
        figures["control_max_rel_deviation"] = c_dev
        figures["control_max_front_difference_km"] = c_front
        notes.append(
            f"Control without neutralising them (same seeds): the doubled campaign is a different "
            f"campaign: areas deviate from 2× by up to {c_dev:.0%} and fronts by up to {c_front:.1f} km "
            f"(doubled/base ratio {c_table['ratio'].min():.2f} … {c_table['ratio'].max():.2f})."
        )
    return CheckResult(
        key="extreme.doubled_frontage",
        title="Doubled frontages ⇒ doubled area (same seed)",
        group="extreme",
        passed=passed,
        criterion=f"area (total and per sector) with every width_km doubled = 2 × area, relative "
        f"deviation ≤ {tolerance:g}, in every replication (and some area did change hands)",
        summary=summary,
        figures=figures,
        data=table,
        notes=notes,
        extra=extra,
    )


def doubled_frontage(runner: Runner, *, control: bool = True) -> CheckResult:
    started = time.perf_counter()
    doubled = doubled_overrides(runner)
    neutral = list(AREA_RULES_NEUTRAL)
    base_run, doubled_run = runner.run(neutral), runner.run([*neutral, *doubled])
    pair = (runner.run(), runner.run(doubled)) if control else None
    result = evaluate_doubling(base_run, doubled_run, pair)
    result.seconds = time.perf_counter() - started
    return result


def all_extremes(runner: Runner, *, controls: bool = True) -> list[CheckResult]:
    return [
        zero_attacker(runner, control=controls),
        overwhelming_odds(runner),
        no_randomness(runner, control=controls),
        zero_horizon(runner),
        doubled_frontage(runner, control=controls),
    ]
