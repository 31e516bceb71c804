"""Unit tests of the manoeuvre laws: monotone in the right direction, bounded, zero where they must be."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.laws import manoeuvre as law


def test_no_advance_at_parity_or_below():
    assert law.advance_km(1.0, 5.0, 1.2, 0.4, 0.0, 3.0) == 0.0
    assert law.advance_km(0.5, 5.0, 1.2, 0.4, 1.0, 3.0) == 0.0


@given(st.floats(1.0, 10.0), st.floats(1.0, 10.0))
def test_advance_grows_with_ratio(r1, r2):
    lo, hi = sorted((r1, r2))
    assert law.advance_km(lo, 4.0, 1.0, 0.0, 0.0, 3.0) <= law.advance_km(hi, 4.0, 1.0, 0.0, 0.0, 3.0)


def test_fortification_lowers_the_ratio_and_so_the_advance():
    open_ground = law.power_ratio(3000, 1000, 1.0)
    fortified = law.power_ratio(3000, 1000, 2.0)
    assert law.advance_km(fortified, 4, 1, 0, 0, 3) < law.advance_km(open_ground, 4, 1, 0, 0, 3)


@given(st.floats(0, 1e5), st.floats(0, 2), st.floats(0, 1), st.floats(0, 1), st.floats(0, 1))
def test_power_non_negative_and_monotone_in_training(p, e, t, s, c):
    power = law.combat_power_law(0.4, 0.3, 0.5)
    assert power(p, e, t, s, c) >= 0.0
    assert power(p, e, min(1.0, t + 0.1), s, c) >= power(p, e, t, s, c)


def test_power_runs_from_each_floor_to_full():
    """An untrained, unsupplied, shaken soldier keeps the product of the floors; a full one counts 1."""
    power = law.combat_power_law(0.4, 0.3, 0.5)
    assert power(1.0, 1.0, 1.0, 1.0, 1.0) == 1.0
    assert power(1.0, 1.0, 0.0, 0.0, 0.0) == pytest.approx(0.4 * 0.3 * 0.5)
    assert power(1000.0, 1.0, 0.5, 1.0, 1.0) == pytest.approx(1000 * 0.7)


def test_complement_is_taken_on_the_decimal_the_config_wrote():
    """1 - 0.3 in binary floats is 0.7000000000000001; the floor 0.3 has the slope 0.7."""
    assert law.complement(0.3) == 0.7 and law.complement(0.4) == 0.6 and law.complement(0.25) == 0.75


def test_untrained_are_more_vulnerable():
    assert law.vulnerability(1.0, 1.6) == 1.0
    assert law.vulnerability(0.0, 1.6) == pytest.approx(1.6)


@given(st.floats(0.01, 20), st.floats(0.1, 5))
def test_counterattack_probability_is_a_probability(r, half):
    p = law.counterattack_success(r, half, 3.0)
    assert 0.0 <= p <= 1.0
    assert law.counterattack_success(half, half, 3.0) == pytest.approx(0.5)


def test_supply_falls_beyond_reach():
    supply_factor = law.supply_law(70, 0.3)
    assert supply_factor(50) == 1.0
    assert supply_factor(105) == pytest.approx(0.65)
    assert supply_factor(1000) == 0.3


def test_cohesion_loss_adds_flank():
    base = law.cohesion_loss(0.05, 2.0, False, 3.0, 0.04, 0.05)
    assert law.cohesion_loss(0.05, 2.0, True, 3.0, 0.04, 0.05) == pytest.approx(base + 0.05)


def test_heavy_equipment_sets_power_and_exposure():
    """A full share of heavy weapons changes nothing; none takes `heavy_weight` off the power per soldier and
    multiplies the losses per unit of fire by `unarmoured_factor`."""
    assert law.heavy_power(1.0, 0.5) == 1.0 and law.armour_exposure(1.0, 1.3) == 1.0
    assert law.heavy_power(0.0, 0.5) == 0.5 and law.armour_exposure(0.0, 1.3) == pytest.approx(1.3)
    assert law.heavy_power(0.3, 0.5) == pytest.approx(0.65)


@given(st.floats(0, 1), st.floats(0, 1), st.floats(0, 1), st.floats(1, 5))
def test_more_heavy_equipment_more_power_less_exposure(a, b, weight, unarmoured):
    lo, hi = sorted((a, b))
    assert law.heavy_power(lo, weight) <= law.heavy_power(hi, weight) <= 1.0
    assert law.armour_exposure(lo, unarmoured) >= law.armour_exposure(hi, unarmoured) >= 1.0
