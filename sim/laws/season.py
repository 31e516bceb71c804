"""The season by calendar date: a monthly table of factors, read as a smooth daily curve.

Each month's value holds on the 15th of that month; between two 15ths the factor is interpolated linearly in
time, so autumn mud sets in from mid-October towards its November value rather than on 1 November. Months
missing from the table count as 1 (no effect). Pure functions of dates and numbers (the standard library only).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

MID = 15  # the day of the month a monthly value holds on


def _mid(year: int, month: int) -> dt.date:
    return dt.date(year, month, MID)


def _shift(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def factor_on(day: dt.date, table: Mapping[int, float]) -> float:
    """The factor on a calendar day, interpolated between the mid-month values around it."""
    if day.day >= MID:
        before, after = (day.year, day.month), _shift(day.year, day.month, 1)
    else:
        before, after = _shift(day.year, day.month, -1), (day.year, day.month)
    start, end = _mid(*before), _mid(*after)
    weight = (day - start).days / (end - start).days
    v0, v1 = table.get(before[1], 1.0), table.get(after[1], 1.0)
    return v0 + (v1 - v0) * weight


def daily_factors(start: dt.date, days: int, table: Mapping[int, float]) -> list[float]:
    """The factor on each of days 0 .. days (day d is `start` + d days)."""
    return [factor_on(start + dt.timedelta(days=d), table) for d in range(days + 1)]
