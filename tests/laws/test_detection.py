"""ISR detection: bigger groups and longer dwell are seen sooner; the closed-form time to detection inverts the
cumulative hazard; the share a strike destroys is a Beta with the configured mean."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sim.laws import detection as law

sizes = st.floats(1.0, 1e5)
bases = st.floats(1e-4, 1.0)  # hazard per day for 1,000 people (schema: non-negative)
exponents = st.floats(0.0, 3.0)  # schema range of isr.size_exponent
growths = st.floats(0.0, 2.0)
days = st.floats(0.0, 60.0)
# where the closed-form time to detection is used in earnest: a billet or convoy, a plausible ISR, and dwell
# growth either off or not vanishingly small (see the expected failure below)
group_sizes = st.floats(1.0, 2e4)
isr_bases = st.floats(1e-4, 0.1)
isr_exponents = st.floats(0.0, 1.5)
isr_growths = st.just(0.0) | st.floats(1e-3, 2.0)


def test_rate_scales_with_group_size_by_hand():
    """A billet of 1,000 is seen at the base hazard; four times as many, with exponent ½, twice as fast."""
    assert law.detection_rate(1000.0, 0.01, 0.8) == pytest.approx(0.01)
    assert law.detection_rate(4000.0, 0.01, 0.5) == pytest.approx(0.02)
    assert law.detection_rate(250.0, 0.04, 1.0) == pytest.approx(0.01)


@pytest.mark.parametrize(("size", "base"), [(0.0, 0.01), (-5.0, 0.01), (1000.0, 0.0)])
def test_nobody_or_no_isr_is_never_seen(size, base):
    """An empty group, or ISR with no hazard at all, is never detected."""
    assert law.detection_rate(size, base, 0.8) == 0.0
    assert law.time_to_detection(size, base, 0.8, 0.1, 1.0) == math.inf
    assert law.detection_probability(size, 30.0, base, 0.8, 0.1) == 0.0


def test_time_to_detection_by_hand():
    """With no dwell growth the wait is E/k; with growth g it solves k(t + g·t²/2) = E: (√5 − 1)/0.2 days here."""
    assert law.time_to_detection(1000.0, 0.1, 0.8, 0.0, 1.5) == pytest.approx(15.0)
    assert law.time_to_detection(1000.0, 0.1, 0.8, 0.2, 1.0) == pytest.approx((math.sqrt(5.0) - 1.0) / 0.2)


def test_detection_probability_by_hand():
    """A billet of 1,000 for 10 days at k = 0.01, g = 0.1: H = 0.01·(10 + 5) = 0.15, p = 1 − e^−0.15."""
    assert law.detection_probability(1000.0, 10.0, 0.01, 0.8, 0.1) == pytest.approx(1.0 - math.exp(-0.15))
    assert law.detection_probability(1000.0, 0.0, 0.01, 0.8, 0.1) == 0.0


@settings(deadline=None, max_examples=100, derandomize=True)
@given(group_sizes, isr_bases, isr_exponents, isr_growths, st.floats(1e-3, 10.0))
def test_time_to_detection_inverts_the_cumulative_hazard(size, base, exponent, growth, draw):
    """Dwelling exactly the drawn time to detection gives cumulative hazard E: p = 1 − e^−E."""
    t = law.time_to_detection(size, base, exponent, growth, draw)
    assert t >= 0.0
    assert law.detection_probability(size, t, base, exponent, growth) == pytest.approx(-math.expm1(-draw), rel=1e-6)


@settings(deadline=None, max_examples=100, derandomize=True)
@given(sizes, sizes, days, bases, exponents, growths)
def test_bigger_groups_are_more_likely_seen(size_a, size_b, dwell, base, exponent, growth):
    """More people in one place is never harder to see: the detection probability grows with size."""
    small, big = sorted((size_a, size_b))
    assert law.detection_probability(small, dwell, base, exponent, growth) <= law.detection_probability(
        big, dwell, base, exponent, growth
    )


@settings(deadline=None, max_examples=100, derandomize=True)
@given(group_sizes, group_sizes, isr_bases, isr_exponents, isr_growths, st.floats(1e-3, 10.0))
def test_bigger_groups_are_seen_sooner(size_a, size_b, base, exponent, growth, draw):
    """For the same luck (exponential draw) a bigger group is found no later than a smaller one."""
    small, big = sorted((size_a, size_b))
    t_big = law.time_to_detection(big, base, exponent, growth, draw)
    assert t_big <= law.time_to_detection(small, base, exponent, growth, draw) * (1 + 1e-9)


def test_vanishing_dwell_growth_tends_to_no_growth():
    """Dwell growth 1e-20 per day is no growth: a billet of 1,000 at k = 0.01 is found after about E/k = 100 days."""
    assert law.time_to_detection(1000.0, 0.01, 0.8, 1e-20, 1.0) == pytest.approx(100.0, rel=1e-6)


@settings(deadline=None, max_examples=100, derandomize=True)
@given(sizes, days, days, bases, exponents, growths)
def test_longer_dwell_is_seen_more_often(size, dwell_a, dwell_b, base, exponent, growth):
    """Staying longer in one billet never lowers the chance of being found, which stays a probability."""
    short, long_ = sorted((dwell_a, dwell_b))
    p_short = law.detection_probability(size, short, base, exponent, growth)
    p_long = law.detection_probability(size, long_, base, exponent, growth)
    assert 0.0 <= p_short <= p_long <= 1.0


@settings(deadline=None, max_examples=100, derandomize=True)
@given(sizes, days, bases, exponents, st.floats(0.0, 1.0), st.floats(0.0, 1.0))
def test_pattern_of_life_raises_detection(size, dwell, base, exponent, g_a, g_b):
    """A faster build-up of pattern of life (dwell growth) never lowers the chance of detection."""
    lo, hi = sorted((g_a, g_b))
    assert law.detection_probability(size, dwell, base, exponent, lo) <= law.detection_probability(
        size, dwell, base, exponent, hi
    )


def test_beta_params_by_hand():
    """A mean share of 0.15 with concentration 6 is Beta(0.9, 5.1)."""
    a, b = law.beta_params(0.15, 6.0)
    assert (a, b) == (pytest.approx(0.9), pytest.approx(5.1))


@settings(deadline=None, max_examples=100, derandomize=True)
@given(st.floats(-1.0, 2.0), st.floats(0.01, 100.0))
def test_beta_params_keep_the_mean_and_concentration(mean, concentration):
    """Any mean is clamped into (0, 1) so both parameters stay positive; they sum to the concentration."""
    a, b = law.beta_params(mean, concentration)
    assert a > 0.0 and b > 0.0
    assert a + b == pytest.approx(concentration)
    assert a / (a + b) == pytest.approx(min(max(mean, 1e-6), 1.0 - 1e-6))


def test_in_range_probability_grows_with_launchers_and_reach():
    """16 launchers each reaching 15% of the front: 1 - exp(-2.4) = 0.909; none, or no reach, never."""
    assert law.in_range_probability(16, 0.15) == pytest.approx(1 - math.exp(-2.4))
    assert law.in_range_probability(0, 0.15) == 0.0 and law.in_range_probability(16, 0.0) == 0.0
    values = [law.in_range_probability(n, 0.15) for n in (1, 2, 8, 16, 20, 32)]
    assert values == sorted(values) and 0.0 < values[0] < values[-1] < 1.0


@settings(deadline=None, max_examples=200, derandomize=True)
@given(sizes, bases, exponents, st.floats(1e-6, 2.0), st.floats(1e-3, 10.0))
def test_the_stable_root_is_the_textbook_root_where_that_one_is_well_conditioned(size, base, exponent, growth, draw):
    """Where 2gE/k is not tiny, (-1 + sqrt(1 + 2gE/k)) / g loses nothing, and the law gives the same days."""
    k = law.detection_rate(size, base, exponent)
    u = 2.0 * growth * draw / k
    assume(u > 1e-6)
    textbook = (-1.0 + math.sqrt(1.0 + u)) / growth
    assert law.time_to_detection(size, base, exponent, growth, draw) == pytest.approx(textbook, rel=1e-9)
