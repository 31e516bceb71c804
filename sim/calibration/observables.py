"""What one simulated campaign says about each row of the record, on the row's calendar date.

A row of the record (`sim.calibration.record.comparable`) is either a *stock* read off a daily series at the
end of its date (area retaken, casualties, the mobilized by stage, aircraft lost; less its value at the end
of `basis_day` for a change counted from a reading after the start) or an *event* whose day is an outcome
column (the Kherson withdrawal ordered and completed). Day d of a daily series is the state d days
after the start at 00:00, so the end of date D is index (D - start).days + 1 (as the Kharkiv backtest counts).

For calibration up to a date `until`, an event the record dates after `until` still says something: it had
not happened by then. Such a row enters as its day censored at the end of `until` (`censor`), for the record
and the runs alike: a run whose bridgehead fell in October is as far from the record as its days early.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

Daily = Mapping[str, Sequence[float]]

MOBILIZED_IN_ZONE = ("convoy", "billet", "garrison", "combat")  # sent to the zone: on the move, housed or in line


def _sum(daily: Daily, names: Sequence[str]) -> np.ndarray:
    return np.sum([np.asarray(daily[n], dtype=float) for n in names], axis=0)


def _area(daily: Daily, sector: str) -> np.ndarray:
    return np.asarray(daily[f"area_km2_{sector}" if sector else "area_km2"], dtype=float)


STOCKS: dict[str, Callable[[Daily, str], np.ndarray]] = {
    "area_retaken_km2": _area,
    "cas_ru": lambda d, _: np.asarray(d["cas_ru"], dtype=float),
    "cas_ua": lambda d, _: np.asarray(d["cas_ua"], dtype=float),
    "mobilized_called": lambda d, _: _sum(d, [n for n in d if n.startswith("mobilized_")]),
    "mobilized_in_zone": lambda d, _: _sum(d, [f"mobilized_{s}" for s in MOBILIZED_IN_ZONE]),
    "mobilized_in_combat_units": lambda d, _: np.asarray(d["mobilized_combat"], dtype=float),
    "aircraft_lost_ru": lambda d, _: np.asarray(d["aircraft_lost"], dtype=float),
    "front_advance_km": lambda d, sector: np.asarray(d[f"front_km_{sector}"], dtype=float),
}
EVENTS: dict[str, str] = {  # observable -> the outcome column holding its simulated day (NaN: not by the horizon)
    "bridgehead_withdrawal_ordered": "bridgehead_order_day",
    "bridgehead_withdrawal_complete": "bridgehead_day",
}
OBSERVED = tuple(STOCKS) + tuple(EVENTS)


def usable(table: pd.DataFrame) -> pd.DataFrame:
    """The rows of a comparable record the model has a quantity for."""
    return table[table["observable"].isin(OBSERVED)].reset_index(drop=True)


def index_of(day: int) -> int:
    """The daily-series index of the end of the date `day` days after the start."""
    return int(day) + 1


def horizon_for(table: pd.DataFrame) -> float:
    """Days a run must last to reach every row of `table` (the end of its last date)."""
    return float(max(index_of(int(d)) for d in table["day"])) if len(table) else 0.0


def observe(row: Mapping[str, object], daily: Daily, table: pd.DataFrame) -> np.ndarray:
    """One value per row of `table`: the run's stock at the end of the row's date (its last day if the run
    ended before), or the day of its event (NaN when it did not happen by the run's horizon)."""
    out = np.full(len(table), math.nan)
    cache: dict[tuple[str, str], np.ndarray] = {}
    basis = table["basis_day"] if "basis_day" in table else [math.nan] * len(table)
    rows = zip(table["observable"], table["sector"], table["day"], basis)
    for i, (observable, sector, day, since) in enumerate(rows):
        sector = "" if not isinstance(sector, str) else sector
        if observable in EVENTS:
            value = row.get(EVENTS[observable])
            out[i] = math.nan if value is None else float(value)  # type: ignore[arg-type]
            continue
        key = (observable, sector)
        if key not in cache:
            cache[key] = STOCKS[observable](daily, sector)
        series = cache[key]
        out[i] = series[min(index_of(int(day)), len(series) - 1)]
        if since > 0:  # a change since a reading after the start: the run's change over the same days
            out[i] -= series[min(index_of(int(since)), len(series) - 1)]
    return out


def is_event(table: pd.DataFrame) -> np.ndarray:
    return table["observable"].isin(list(EVENTS)).to_numpy()


def calibration_rows(table: pd.DataFrame, until_day: int) -> np.ndarray:
    """Which rows a calibration up to `until_day` uses: stocks dated on or before it, and every event (an
    event dated after it enters censored: not yet by then)."""
    return is_event(table) | (table["day"].to_numpy() <= until_day)


def censor(values: np.ndarray, table: pd.DataFrame, until_day: int) -> np.ndarray:
    """Event days capped at the end of `until_day` (not happened by then, NaN included, is the cap); stocks as
    they are. `values` is (runs, rows) or (rows,), columns in the order of `table`."""
    cap = float(index_of(until_day))
    out = np.array(values, dtype=float, copy=True)
    events = is_event(table)
    block = out[..., events]
    out[..., events] = np.where(np.isnan(block), cap, np.minimum(block, cap))
    return out
