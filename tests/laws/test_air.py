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
