"""Supply across a river: shared by the troops on the bank, never above full, and the withdrawal decision that
waits for Ukrainian pressure."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.laws import logistics as law


def test_by_hand():
    """3 crossings, ferries keep 25%: with 2 open 75% of the capacity; 30,000 capacity for 45,000 troops is 1/2."""
    assert law.crossing_share(2, 3, 0.25) == pytest.approx(0.75)
    assert law.crossing_supply(3, 3, 0.25, 30000.0, 20000.0) == 1.0
    assert law.crossing_supply(3, 3, 0.25, 30000.0, 45000.0) == pytest.approx(2 / 3)
    assert law.crossing_supply(0, 3, 0.25, 30000.0, 30000.0) == pytest.approx(0.25)
    assert law.crossing_supply(0, 3, 0.25, 30000.0, 0.0) == 1.0  # nobody to feed


@settings(deadline=None, max_examples=100, derandomize=True)
@given(st.integers(0, 3), st.floats(0, 1), st.floats(1, 1e5), st.floats(0, 1e5), st.floats(0, 1e5))
def test_more_troops_thinner_supply(open_, floor, capacity, a, b):
    few, many = sorted((a, b))
    s_few = law.crossing_supply(open_, 3, floor, capacity, few)
    s_many = law.crossing_supply(open_, 3, floor, capacity, many)
    assert 0.0 <= s_many <= s_few <= 1.0


def test_withdrawal_waits_for_pressure():
    assert law.withdrawal_probability(0.6, 1.0, 0.1) == 0.6
    assert law.withdrawal_probability(0.6, 0.0, 0.1) == pytest.approx(0.06)
    assert law.withdrawal_probability(0.6, 0.5, 0.0) == pytest.approx(0.3)
    assert law.withdrawal_probability(0.6, 7.0, 0.1) == 0.6  # pressure is a share: capped


@given(st.floats(0, 1), st.floats(0, 1), st.floats(0, 1), st.floats(0, 1))
def test_more_pressure_more_likely(base, a, b, unpressed):
    lo, hi = sorted((a, b))
    assert law.withdrawal_probability(base, lo, unpressed) <= law.withdrawal_probability(base, hi, unpressed) + 1e-12
