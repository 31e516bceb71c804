"""Rejection ABC, the regression adjustment and model choice, on problems whose answer is known."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.calibration import abc


def test_distances_scale_each_summary_by_its_sd():
    s = np.array([[1.0, 10.0], [0.0, 0.0], [np.nan, 0.0]])
    d = abc.distances(s, np.array([0.0, 0.0]), np.array([1.0, 10.0]))
    assert d[0] == pytest.approx(1.0)  # one sd off on both
    assert d[1] == 0.0
    assert d[2] == pytest.approx(np.sqrt(50.0))  # a missing summary is 10 sd away


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0, 100), min_size=3, max_size=200), st.floats(0.01, 1.0))
def test_keep_takes_the_nearest_with_positive_weights_summing_to_one(d, share):
    d = np.asarray(d)
    kept = abc.keep(d, share)
    assert len(kept.index) == min(len(d), max(2, round(share * len(d))))
    assert kept.weight.sum() == pytest.approx(1.0)
    assert (kept.weight > 0).all()
    assert d[kept.index].max() <= np.sort(d)[len(kept.index) - 1] + 1e-12
    assert np.all(np.diff(kept.weight) <= 1e-12)  # nearer, heavier


def test_rejection_and_adjustment_recover_a_linear_gaussian_posterior():
    """theta ~ U(0, 1), s = theta + N(0, 0.02): the posterior given s_obs = 0.6 is centred on 0.6 with sd
    ~0.02; what rejection keeps at 10% is wider, the adjustment brings it close."""
    rng = np.random.default_rng(1)
    theta = rng.uniform(size=(20_000, 1))
    s = theta + rng.normal(0, 0.02, size=theta.shape)
    obs, scale = np.array([0.6]), np.array([0.02])
    kept = abc.keep(abc.distances(s, obs, scale), 0.1)
    rejected = theta[kept.index, 0]
    adjusted = abc.adjust(theta, s, obs, scale, kept)[:, 0]
    mean_adj = float(np.sum(adjusted * kept.weight))
    sd_adj = float(np.sqrt(np.sum(kept.weight * (adjusted - mean_adj) ** 2)))
    assert mean_adj == pytest.approx(0.6, abs=0.01)
    assert 0.014 < sd_adj < 0.026
    assert np.std(rejected) > 1.3 * sd_adj  # the adjustment narrowed what rejection kept
    assert ((adjusted > 0) & (adjusted < 1)).all()  # the logit keeps the prior's bounds


def test_adjustment_falls_back_to_rejection_with_too_few_points():
    rng = np.random.default_rng(2)
    theta = rng.uniform(size=(40, 2))
    s = rng.normal(size=(40, 5))
    kept = abc.keep(abc.distances(s, np.zeros(5), np.ones(5)), 0.25)  # 10 kept for 6 coefficients
    out = abc.adjust(theta, s, np.zeros(5), np.ones(5), kept)
    assert np.allclose(out, theta[kept.index], atol=1e-6)


def test_weighted_quantiles_match_numpy_for_equal_weights():
    x = np.random.default_rng(3).normal(size=2001)
    q = abc.weighted_quantiles(x, np.ones_like(x), [0.05, 0.5, 0.95])
    assert np.allclose(q, np.quantile(x, [0.05, 0.5, 0.95]), atol=0.02)


def test_model_choice_favours_the_generating_model():
    """Model a: s ~ N(0, 1); model b: s ~ N(3, 1); s_obs = 0 -> P(a) near 1; s_obs = 1.5 -> even."""
    rng = np.random.default_rng(4)
    s = np.concatenate([rng.normal(0, 1, 5000), rng.normal(3, 1, 5000)])[:, None]
    model = np.array(["a"] * 5000 + ["b"] * 5000)
    d0 = abc.distances(s, np.array([0.0]), np.array([1.0]))
    p0 = abc.model_probabilities(d0, model, ["a", "b"], 0.05)
    assert p0[0] > 0.95 and p0.sum() == pytest.approx(1.0)
    d1 = abc.distances(s, np.array([1.5]), np.array([1.0]))
    p1 = abc.model_probabilities(d1, model, ["a", "b"], 0.02)
    assert abs(p1[0] - 0.5) < 0.1


def test_a_record_beyond_every_kept_run_is_found():
    rng = np.random.default_rng(5)
    theta = rng.uniform(size=(2000, 1))
    s = np.column_stack([theta[:, 0], 5.0 + rng.normal(0, 0.1, 2000)])  # s2 never comes near its record, 0
    kept = abc.keep(abc.distances(s, np.array([0.5, 0.0]), np.ones(2)), 0.1)
    assert abc.beyond(s, np.array([0.5, 0.0]), np.ones(2), kept).tolist() == [1]
    assert abc.beyond(s[:, :1], np.array([0.5]), np.ones(1), kept).tolist() == []
