"""Close air support: a fluid front multiplies the loss per sortie (capped at certain loss), and sorties drag the
attacker's advance by a factor in (0, 1]."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.laws import air as law

probabilities = st.floats(0.0, 1.0)
multipliers = st.floats(1.0, 100.0)  # schema range of air.fluid_multiplier


def test_loss_probability_by_hand():
    """0.15% per sortie over a stable front; ×8 over a fluid one: 1.2%."""
    assert law.loss_probability(0.0015, False, 8.0) == 0.0015
    assert law.loss_probability(0.0015, True, 8.0) == pytest.approx(0.012)


def test_loss_probability_is_capped_at_one():
    """A sortie cannot be lost more than surely: 0.2 × 10 over a fluid front is 1, not 2."""
    assert law.loss_probability(0.2, True, 10.0) == 1.0


@settings(deadline=None, max_examples=100, derandomize=True)
@given(probabilities, multipliers)
def test_a_fluid_front_is_riskier_and_still_a_probability(base, multiplier):
    """Over a fluid front the loss probability is the stable one times the multiplier (capped), in [0, 1]."""
    stable = law.loss_probability(base, False, multiplier)
    fluid = law.loss_probability(base, True, multiplier)
    assert stable == base
    assert 0.0 <= stable <= fluid <= 1.0
    assert fluid == pytest.approx(min(1.0, base * multiplier))


def test_advance_drag_by_hand():
    """No sorties, no drag; 60 sorties at 0.015 each give 1 / (1 + 0.9)."""
    assert law.advance_drag(0.0, 0.015) == 1.0
    assert law.advance_drag(60.0, 0.015) == pytest.approx(1.0 / 1.9)
    assert law.advance_drag(-5.0, 0.015) == 1.0  # a negative count is no sortie


@settings(deadline=None, max_examples=100, derandomize=True)
@given(st.floats(0.0, 1000.0), st.floats(0.0, 1000.0), st.floats(0.0, 1.0))
def test_more_sorties_slow_the_attacker_more(s_a, s_b, slow):
    """The drag is in (0, 1] and never weakens as sorties are added."""
    few, many = sorted((s_a, s_b))
    d_few, d_many = law.advance_drag(few, slow), law.advance_drag(many, slow)
    assert 0.0 < d_many <= d_few <= 1.0


def test_a_vacuum_of_means_and_no_cover_raise_the_risk():
    """Parity under cover: the base; no Russian ground power left: x vacuum_multiplier; no cover: x uncovered."""
    assert law.loss_probability(0.001, False, 8.0, 0.0, 3.0, 0.0, 3.0) == 0.001
    assert law.loss_probability(0.001, False, 8.0, 1.0, 3.0, 0.0, 3.0) == pytest.approx(0.003)
    assert law.loss_probability(0.001, True, 8.0, 0.5, 3.0, 1.0, 3.0) == pytest.approx(0.001 * 8 * 2 * 3)
    assert law.vacuum_share(1000.0, 2000.0) == 0.5 and law.vacuum_share(3000.0, 2000.0) == 0.0
    assert law.vacuum_share(1000.0, 0.0) == 0.0
    assert law.uncovered_share(250.0, 1000.0) == 0.75 and law.uncovered_share(2000.0, 1000.0) == 0.0


@settings(deadline=None, max_examples=100, derandomize=True)
@given(probabilities, st.floats(0, 1), st.floats(0, 1), st.floats(1, 100), st.floats(1, 100))
def test_the_vacuum_never_lowers_the_risk(base, a, b, vacuum_multiplier, uncovered_multiplier):
    lo, hi = sorted((a, b))
    low = law.loss_probability(base, False, 1.0, lo, vacuum_multiplier, lo, uncovered_multiplier)
    high = law.loss_probability(base, False, 1.0, hi, vacuum_multiplier, hi, uncovered_multiplier)
    assert base <= low <= high <= 1.0 or base == 1.0


def test_aircraft_lost_are_sorties_no_longer_flown():
    assert law.sorties_flown(60.0, 120.0, 0.0) == 60.0
    assert law.sorties_flown(60.0, 120.0, 30.0) == 45.0
    assert law.sorties_flown(60.0, 120.0, 500.0) == 0.0
