"""Historical backtest: the Kharkiv counter-offensive from 6 Sept 2022 against the public record.

The scenario `scenarios/kharkiv_2022.yaml` swaps in the theatre and forces of 6 Sept 2022
(`configs/theatre/sep2022.yaml`, `configs/forces/sep2022.yaml`) and lets the Kremlin respond to the ground it
loses: the call-up and the annexation follow the loss of ~3,000 km² (Zaluzhnyi, 11 Sept) by the shared
defaults' delays, instead of being set to their dates (mobilization 21 Sept = day 15, annexation 30 Sept = day
24), which are compared with the simulated days; every other parameter is the model's shared default. Nothing is
calibrated: the record below is only compared with afterwards.

Day d of the daily series is the state d days after 6 Sept 00:00, i.e. at the end of 6 Sept + (d - 1) days:
day 7 is the evening of 12 Sept, when Zelensky gave his figure, and day 30 the end of 5 Oct ("early October").
An event reported on date D counts as reached by day (D - 6 Sept) + 1.

The check: the record's percentile in the simulated distribution of the area retaken
(`scipy.stats.percentileofscore`) at both dates; it passes when the record lies inside the simulated 95%
interval (percentile between 2.5 and 97.5: a two-sided test at the 5% level) and the summary flags a record in
the outer 10% on either side. The percentiles of the ends of the range of public claims are given too. Days on
which the front reached named places are reported beside it, for information.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

import sim
from sim.config import provenance
from sim.config.check import to_typed
from sim.config.fields import MODEL
from sim.experiment.replicate import run_replication
from sim.experiment.seeds import replication_seeds
from sim.validation.record import CheckResult

SCENARIO = "kharkiv_2022"
START = "2022-09-06"
LOW_PERCENTILE, HIGH_PERCENTILE = 2.5, 97.5  # the record inside the simulated 95% interval (two-sided 5% test)
TAIL = 10.0  # a record in the outer 10% on either side is flagged in the summary


@dataclass(frozen=True)
class AreaRecord:
    """Area Ukraine had retaken by `day`, as publicly reported, with the range of other public claims."""

    day: int
    date: str
    area_km2: float
    low_km2: float
    high_km2: float
    source: str


@dataclass(frozen=True)
class Response:
    """A Kremlin response to the offensive (an outcome column holding its simulated day) and its day in history."""

    column: str
    what: str
    day: int
    date: str
    source: str


@dataclass(frozen=True)
class Milestone:
    """The day the front on `sector` first reached `km` in history (end of the reported date)."""

    sector: str
    km: float
    day: int
    place: str
    source: str


RECORD: tuple[AreaRecord, ...] = (
    AreaRecord(
        7,
        "2022-09-12",
        6000.0,
        3800.0,
        8000.0,
        'Zelensky, evening address of 12 Sept 2022: "more than 6,000 km² ... in the east and south" since '
        "1 Sept (it includes ~500 km² claimed in Kherson oblast since 29 Aug, Ukrainian southern command, "
        "12 Sept). Range of other claims: 3,800 km² in Kharkiv oblast since 6 Sept (Malyar, 13 Sept) to "
        "~8,000 km² (Zelensky, 13 Sept).",
    ),
    AreaRecord(
        30,
        "2022-10-05",
        10000.0,
        10000.0,
        12000.0,
        '"over 10,000 km² by early October" (DESIGN.md section 6); about 12,000 km² in Kharkiv oblast over '
        'the whole operation, 6 Sept - 2 Oct (Wikipedia, "2022 Kharkiv counteroffensive").',
    ),
)

RESPONSES: tuple[Response, ...] = (
    Response("call_up_day", "partial mobilization", 15, "2022-09-21", "Putin's decree of 21 Sept 2022 (public record)"),
    Response(
        "annexation_day",
        "annexation",
        24,
        "2022-09-30",
        "referendums announced 20 Sept, held 23-27 Sept; annexation declared 30 Sept 2022 (public record)",
    ),
)

MILESTONES: tuple[Milestone, ...] = (
    Milestone(
        "kharkiv_oskil",
        60.0,
        5,
        "Kupiansk / the Oskil",
        "Kupiansk entered 10 Sept 2022 (public reporting); 60 km = its western edge, ~5 km short of the river",
    ),
    Milestone("izium", 30.0, 5, "Izium", "Izium retaken 10 Sept 2022 (public reporting; Russian MoD 'regrouping')"),
    Milestone("kharkiv_north", 20.0, 8, "Vovchansk", "Vovchansk retaken 13 Sept 2022 (State Border Guard video)"),
    Milestone("lyman", 12.0, 26, "Lyman", "Lyman encircled and retaken 1 Oct 2022 (public reporting)"),
)


def _schema_default(key: str) -> tuple[str, str, str]:
    """An input the scenario leaves at the model's shared default: value and source as the schema records them."""
    row = provenance.row(key)
    kind = "source" if row.basis == provenance.PUBLIC else row.basis
    return (f"`{key}`", f"{row.default:,g}", f"{kind} (default): {row.source}")


def _other_defaults() -> tuple[str, str, str]:
    model = [r for r in provenance.rows(MODEL) if r.basis != provenance.DATA]
    assumed = sum(r.basis == provenance.ASSUMPTION for r in model)
    return (
        "every other parameter (combat, manoeuvre, reserves, decisions, ...)",
        "",
        f"default: the shared values of sim/config/schema.py, unchanged ({assumed} of its {len(model)} model "
        "parameters are assumptions; `python -m sim.config.provenance` gives each one's source); none calibrated "
        "on this record",
    )


# Where each input of the backtest comes from (printed in the report). "source" = public record; "assumption" =
# not from a source; "default" = the model's shared default, unchanged by the scenario (its value and source
# read from the schema). The scenario's own values and the data files' figures are cited here by hand.
PROVENANCE: tuple[tuple[str, str, str], ...] = (
    ("start date", "6 Sept 2022", "source: the counter-offensive began 6 Sept 2022 (ISW 7 Sept; public reporting)"),
    (
        "`mobilization.trigger`, `decisions.annexation_trigger`",
        "territory",
        'the analysis: "this offensive ... precipitated Russia to mobilize and organize referendums"',
    ),
    _schema_default("mobilization.trigger_area_km2"),
    _schema_default("mobilization.trigger_delay_days"),
    _schema_default("decisions.annexation_area_km2"),
    _schema_default("decisions.annexation_delay_days"),
    _schema_default("mobilization.called_up"),
    _schema_default("strikes.launchers"),
    ("sector frontages (`width_km`)", "35-160 km", "source: ISW/CTP maps of 5-6 Sept 2022, read approximately"),
    (
        "Oskil on the Kupiansk axis",
        "65 km",
        "source: map distance Balakliia-Kupiansk; 'up to 70 km from the "
        "pre-counteroffensive line by 11 Sept' (Wikipedia)",
    ),
    ("Izium / Oskil mouth, Lyman, Vovchansk, border depths", "30, 12, 20, 25 km", "source: map distances (approx.)"),
    ("Russian line positions, fortification factors, river crossing days", "", "assumption"),
    (
        "Russian strengths",
        "1,500-6,000 per Kharkiv axis; 5,500 at Lyman; 30,000 in Kherson",
        "source for totals: ~10,000 in Kharkiv oblast on 9 Sept (D. Axe), ~9,000 at Izium in Aug (Syrskyi), 5,500 at "
        "Lyman on 30 Sept (Berezovets), ~30,000 withdrawn from Kherson in Nov (Russian MoD); split: assumption",
    ),
    (
        "Ukrainian strengths",
        "18,000 strike group; 5,000-12,000 elsewhere",
        "source for the ratio: 'outnumbered eight times' (Ganchev, 12 Sept) and the unit list (Long War Journal, "
        "14 Sept); counts: assumption",
    ),
    ("equipment, training, cohesion of each formation", "", "assumption"),
    ("theatre reserves (10,000 a side)", "", "assumption (Russian columns sent from 9 Sept: Russian media)"),
    _other_defaults(),
)


@dataclass
class BacktestRuns:
    """Per-replication daily series of the backtest: `area` (replications × days) and the fronts per sector."""

    area: np.ndarray
    fronts: dict[str, np.ndarray]
    rows: pd.DataFrame
    seeds: list[int]


def run_backtest(replications: int, seed: int = 2022, overrides: Sequence[str] = ()) -> BacktestRuns:
    """Run the scenario `replications` times (serially; each run is a few milliseconds)."""
    typed = to_typed(sim.compose([f"+scenario={SCENARIO}", f"seed={seed}", "progress=false", *overrides]))
    seeds = replication_seeds(seed, replications)
    outputs = [run_replication(typed, i, s) for i, s in enumerate(seeds)]
    names = outputs[0].series
    stack = np.stack([o.daily for o in outputs]).astype(float)
    fronts = {
        name.removeprefix("front_km_"): stack[:, i, :] for i, name in enumerate(names) if name.startswith("front_km_")
    }
    return BacktestRuns(stack[:, names.index("area_km2"), :], fronts, pd.DataFrame([o.row for o in outputs]), seeds)


def first_reached(front: np.ndarray, km: float) -> np.ndarray:
    """Per replication, the first day index at which the front is at or beyond `km` (inf if never)."""
    reached = front >= km - 1e-9
    days = np.argmax(reached, axis=1).astype(float)
    days[~reached.any(axis=1)] = math.inf
    return days


def response_table(rows: pd.DataFrame, horizon: int, responses: Sequence[Response] = RESPONSES) -> pd.DataFrame:
    """Per Kremlin response: the simulated day (median, 5-95%; a response not made by the horizon counts as
    after it) against history's day."""
    out = []
    for r in responses:
        if r.column not in rows:
            continue
        days = rows[r.column].to_numpy(dtype=float)
        made = np.isfinite(days)
        capped = np.where(made, days, horizon + 1.0)
        q05, median, q95 = np.percentile(capped, [5, 50, 95])
        out.append(
            {
                "response": r.what,
                "record_day": r.day,
                "record_date": r.date,
                "sim_median_day": _day(median, horizon),
                "sim_q05_day": _day(q05, horizon),
                "sim_q95_day": _day(q95, horizon),
                "share_by_horizon": float(made.mean()),
                "record_percentile": float(stats.percentileofscore(capped, r.day)),
                "source": r.source,
            }
        )
    return pd.DataFrame(out)


def evaluate_backtest(
    runs: BacktestRuns, record: Sequence[AreaRecord] = RECORD, milestones: Sequence[Milestone] = MILESTONES
) -> CheckResult:
    started = time.perf_counter()
    n, horizon = runs.area.shape[0], runs.area.shape[1] - 1
    rows, ok = [], True
    for r in record:
        if r.day > horizon:
            raise ValueError(f"the record of day {r.day} lies beyond the horizon ({horizon} days)")
        values = runs.area[:, r.day]
        pct = float(stats.percentileofscore(values, r.area_km2))
        inside = LOW_PERCENTILE <= pct <= HIGH_PERCENTILE
        ok = ok and inside
        q = np.percentile(values, [2.5, 5, 25, 50, 75, 95, 97.5])
        rows.append(
            {
                "day": r.day,
                "date": r.date,
                "record_km2": r.area_km2,
                "record_percentile": pct,
                "sim_q025": q[0],
                "sim_q05": q[1],
                "sim_q25": q[2],
                "sim_median": q[3],
                "sim_q75": q[4],
                "sim_q95": q[5],
                "sim_q975": q[6],
                "sim_mean": float(values.mean()),
                "claims_low_km2": r.low_km2,
                "claims_high_km2": r.high_km2,
                "claims_low_percentile": float(stats.percentileofscore(values, r.low_km2)),
                "claims_high_percentile": float(stats.percentileofscore(values, r.high_km2)),
                "inside_95pct": inside,
            }
        )
    table = pd.DataFrame(rows)

    mrows = []
    for m in milestones:
        if m.sector not in runs.fronts:
            continue
        days = first_reached(runs.fronts[m.sector], m.km)
        capped = np.where(np.isfinite(days), days, horizon + 1.0)  # never reached counts as after the horizon
        q05, median, q95 = np.percentile(capped, [5, 50, 95])
        mrows.append(
            {
                "sector": m.sector,
                "place": m.place,
                "km": m.km,
                "record_day": m.day,
                "sim_q05_day": _day(q05, horizon),
                "sim_median_day": _day(median, horizon),
                "sim_q95_day": _day(q95, horizon),
                "share_reached_by_horizon": float(np.isfinite(days).mean()),
                "record_percentile": float(stats.percentileofscore(capped, m.day)),
                "source": m.source,
            }
        )
    milestone_table = pd.DataFrame(mrows)
    responses = response_table(runs.rows, horizon)

    parts = [
        f"day {row.day} ({row.date}): record {row.record_km2:,.0f} km² at the "
        f"{_ordinal(row.record_percentile)} percentile of {n} runs (simulated median {row.sim_median:,.0f}, "
        f"95% interval {row.sim_q025:,.0f}–{row.sim_q975:,.0f} km²){_flag(row.record_percentile)}"
        for row in table.itertuples()
    ]
    parts += [
        f"{row.response}: simulated day {row.sim_median_day:g} (median; history {row.record_day})"
        for row in responses.itertuples()
    ]
    summary = "; ".join(parts)
    figures = {}
    for row in responses.itertuples():
        figures[f"sim_median_day_{row.response.replace(' ', '_')}"] = float(row.sim_median_day)
    for row in table.itertuples():
        figures[f"record_percentile_day{row.day}"] = row.record_percentile
        figures[f"sim_median_day{row.day}"] = float(row.sim_median)
    notes = [r.source for r in record]
    notes.append(
        "Sources and assumptions of every number are in the scenario header and the two data files; no "
        "parameter was calibrated on this record."
    )
    return CheckResult(
        key="backtest.kharkiv_2022",
        title="Backtest: Kharkiv counter-offensive from 6 Sept 2022",
        group="backtest",
        passed=bool(ok),
        criterion=f"at both dates the public record lies inside the simulated 95% interval "
        f"(its percentile between {LOW_PERCENTILE:g} and {HIGH_PERCENTILE:g})",
        summary=summary,
        figures=figures,
        data=table,
        notes=notes,
        extra={
            "area": runs.area,
            "milestones": milestone_table,
            "responses": responses,
            "record": list(record),
            "replications": n,
        },
        seconds=time.perf_counter() - started,
    )


def _day(value: float, horizon: int) -> float:
    """A day index, or inf for 'not reached by the horizon'."""
    return math.inf if value > horizon else float(value)


def _ordinal(pct: float) -> str:
    value = round(pct)
    suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    return f"{value}{suffix}"


def _flag(pct: float) -> str:
    if pct > 100 - TAIL:
        return " - upper tail: the model retakes less than history"
    if pct < TAIL:
        return " - lower tail: the model retakes more than history"
    return ""


def kharkiv_backtest(replications: int = 500, seed: int = 2022) -> CheckResult:
    started = time.perf_counter()
    result = evaluate_backtest(run_backtest(replications, seed))
    result.seconds = time.perf_counter() - started
    return result
