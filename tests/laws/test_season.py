"""The season table read as a daily curve: monthly values hold mid-month and are interpolated between."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.laws import season as law

TABLE = {10: 1.0, 11: 0.5, 12: 0.6}


def test_mid_month_values_hold_and_are_interpolated_between():
    assert law.factor_on(dt.date(2022, 11, 15), TABLE) == 0.5
    assert law.factor_on(dt.date(2022, 10, 15), TABLE) == 1.0
    assert law.factor_on(dt.date(2022, 10, 31), TABLE) == pytest.approx(1.0 - 0.5 * 16 / 31)  # mud sets in
    assert law.factor_on(dt.date(2022, 10, 1), TABLE) == 1.0  # Sept (missing: 1) to mid-October: no mud yet
    assert law.factor_on(dt.date(2022, 12, 31), TABLE) == pytest.approx(0.6 + 0.4 * 16 / 31)  # towards January's 1


def test_daily_factors_start_on_the_start_date():
    days = law.daily_factors(dt.date(2022, 10, 1), 60, TABLE)
    assert len(days) == 61 and days[0] == 1.0 and days[45] == 0.5  # 15 Nov is day 45
    assert days == [law.factor_on(dt.date(2022, 10, 1) + dt.timedelta(days=d), TABLE) for d in range(61)]


@given(st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31)), st.dictionaries(st.integers(1, 12), st.floats(0, 2)))
def test_the_curve_stays_between_the_months_values(day, table):
    value = law.factor_on(day, table)
    values = [table.get(m, 1.0) for m in range(1, 13)]
    assert min(values) - 1e-12 <= value <= max(values) + 1e-12
