"""Ukrainian resolve and Western support: a non-credible threat deters nothing, levels stay in [0, 1], gains raise
and losses and deterrence lower them, and the decision follows resolve × support across its two thresholds."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.laws import resolve as law

levels = st.floats(0.0, 1.0)
weights = st.floats(0.0, 2.0)

# update(level, gained_km2, casualties, deterrence, days, w_gain, w_loss, w_deter, drift_to, drift_rate)
NEUTRAL = {"w_gain": 0.05, "w_loss": 0.02, "w_deter": 0.01, "drift_to": 0.5, "drift_rate": 0.0}


def test_deterrence_signal_by_hand():
    """Credibility ½ × (annexation 0.2 + 0.1 × mass 3 + threat 0.3) = 0.4; without annexation 0.3."""
    assert law.deterrence_signal(True, 3.0, 0.3, 0.5, w_annex=0.2, w_mass=0.1) == pytest.approx(0.4)
    assert law.deterrence_signal(False, 3.0, 0.3, 0.5, w_annex=0.2, w_mass=0.1) == pytest.approx(0.3)


@settings(deadline=None, max_examples=60, derandomize=True)
@given(st.booleans(), st.floats(0.0, 10.0), levels, weights, weights)
def test_a_threat_without_credibility_deters_nothing(annexed, mass, threat, w_annex, w_mass):
    """Whatever is annexed or mobilized, credibility 0 gives no deterrence."""
    assert law.deterrence_signal(annexed, mass, threat, 0.0, w_annex, w_mass) == 0.0


@settings(deadline=None, max_examples=60, derandomize=True)
@given(st.floats(0.0, 10.0), st.floats(0.0, 10.0), levels, levels, weights, weights)
def test_deterrence_grows_with_mass_and_annexation(m_a, m_b, threat, credibility, w_annex, w_mass):
    """More mobilized, or annexation declared, never lowers the deterrence signal."""
    lo, hi = sorted((m_a, m_b))
    assert law.deterrence_signal(False, lo, threat, credibility, w_annex, w_mass) <= law.deterrence_signal(
        False, hi, threat, credibility, w_annex, w_mass
    )
    assert law.deterrence_signal(False, lo, threat, credibility, w_annex, w_mass) <= law.deterrence_signal(
        True, lo, threat, credibility, w_annex, w_mass
    )


@pytest.mark.parametrize(("x", "clamped"), [(-0.3, 0.0), (0.0, 0.0), (0.42, 0.42), (1.0, 1.0), (7.0, 1.0)])
def test_clamp01(x, clamped):
    """Levels are shares: below 0 is 0, above 1 is 1."""
    assert law.clamp01(x) == clamped


def test_update_by_hand():
    """From 0.6 over 14 days: +0.05 × 2 (2,000 km²) − 0.02 × 0.5 (5,000 casualties) − 0.01 × 0.4 × 14
    + 0.01 × (0.5 − 0.6) × 14 = 0.6 + 0.1 − 0.01 − 0.056 − 0.014 = 0.62."""
    new = law.update(0.6, 2000.0, 5000.0, 0.4, 14.0, 0.05, 0.02, 0.01, 0.5, 0.01)
    assert new == pytest.approx(0.62)


def test_update_clamps_at_both_ends():
    """A huge gain cannot push resolve past 1, nor huge losses below 0."""
    assert law.update(0.9, 1e6, 0.0, 0.0, 1.0, **NEUTRAL) == 1.0
    assert law.update(0.1, 0.0, 1e7, 0.0, 1.0, **NEUTRAL) == 0.0


updates = st.fixed_dictionaries(
    {
        "level": levels,
        "gained_km2": st.floats(-5e4, 5e4),
        "casualties": st.floats(0.0, 1e6),
        "deterrence": st.floats(0.0, 2.0),
        "days": st.floats(0.0, 60.0),
        "w_gain": weights,
        "w_loss": weights,
        "w_deter": st.floats(0.0, 0.1),
        "drift_to": levels,
        "drift_rate": st.floats(0.0, 0.05),
    }
)


@settings(deadline=None, max_examples=100, derandomize=True)
@given(updates, st.floats(0.0, 5e4), st.floats(0.0, 1e5), st.floats(0.0, 1.0))
def test_update_stays_a_share_and_moves_the_right_way(kw, more_gain, more_cas, more_deter):
    """Resolve stays in [0, 1]; more ground gained never lowers it, more casualties or deterrence never raise it."""
    base = law.update(**kw)
    assert 0.0 <= base <= 1.0
    assert law.update(**{**kw, "gained_km2": kw["gained_km2"] + more_gain}) >= base
    assert law.update(**{**kw, "casualties": kw["casualties"] + more_cas}) <= base
    assert law.update(**{**kw, "deterrence": kw["deterrence"] + more_deter}) <= base


@settings(deadline=None, max_examples=60, derandomize=True)
@given(levels, levels, st.floats(0.0, 60.0), st.floats(0.0, 0.016))
def test_drift_pulls_towards_its_level_without_overshooting(level, drift_to, days, rate):
    """With nothing happening, resolve drifts towards its resting level and never past it (rate × days ≤ 1)."""
    new = law.update(level, 0.0, 0.0, 0.0, days, 0.0, 0.0, 0.0, drift_to, rate)
    lo, hi = sorted((level, drift_to))
    assert lo - 1e-12 <= new <= hi + 1e-12


@pytest.mark.parametrize(
    ("resolve", "support", "decision"),
    [
        (0.9, 0.8, "continue"),  # 0.72 ≥ 0.45
        (0.9, 0.5, "continue"),  # exactly 0.45: at the threshold Ukraine continues
        (0.6, 0.5, "pause"),  # 0.30: between the thresholds
        (0.4, 0.5, "pause"),  # exactly 0.20: not below the halt threshold
        (0.3, 0.5, "halt"),  # 0.15 < 0.20
        (0.0, 1.0, "halt"),
    ],
)
def test_decide_thresholds(resolve, support, decision):
    """Continue at or above `continue_at`, halt strictly below `halt_below`, pause between."""
    assert law.decide(resolve, support, continue_at=0.45, halt_below=0.2) == decision


@settings(deadline=None, max_examples=100, derandomize=True)
@given(levels, levels, levels, st.floats(0.0, 0.5), st.floats(0.5, 1.0))
def test_more_will_never_means_a_weaker_decision(r_a, r_b, support, halt_below, continue_at):
    """Raising resolve (at the same support) moves the decision only towards continuing: halt < pause < continue."""
    order = {"halt": 0, "pause": 1, "continue": 2}
    lo, hi = sorted((r_a, r_b))
    weak = law.decide(lo, support, continue_at, halt_below)
    strong = law.decide(hi, support, continue_at, halt_below)
    assert order[weak] <= order[strong]
