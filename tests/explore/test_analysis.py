"""What a design says: the noise split on tables whose answer is known, and the synthetic check of the issue,
a parameter that cannot matter (air losses with the air force grounded) gets no index."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import sim
from sim.explore import analysis
from sim.explore.report import explore
from sim.explore.run import plan

pytestmark = pytest.mark.model_untraced


def _runs(y: np.ndarray) -> pd.DataFrame:
    points, reps = y.shape
    return pd.DataFrame({"point": np.repeat(np.arange(points), reps), "y": y.ravel()})


def test_noise_shared_by_every_point_through_its_seeds_is_no_noise_in_the_point_means():
    rng = np.random.default_rng(1)
    effect, common = rng.normal(size=(30, 1)), rng.normal(size=(1, 5))
    split = analysis.noise(_runs(effect + common), 5).loc["y"]
    assert split["noise_in_means"] == pytest.approx(0.0, abs=1e-12)
    assert 0.0 < split["within_share"] < 1.0


def test_without_replication_noise_nothing_is_within_points_and_pure_noise_is_all_within():
    points = np.linspace(0, 1, 20)[:, None] * np.ones((1, 4))
    assert analysis.noise(_runs(points), 4).loc["y", "within_share"] == 0.0
    noise = np.random.default_rng(2).normal(size=(20, 400))
    split = analysis.noise(_runs(noise), 400).loc["y"]
    assert split["within_share"] > 0.95 and split["noise_in_means"] > 0.5


@pytest.mark.parametrize("method", ["sobol", "morris"])
def test_a_parameter_that_cannot_matter_gets_no_index(typed, method):
    """With `air.enabled=false` no sortie flies, so `air.loss_probability` changes nothing: under common random
    numbers its elementary effects and its total index are exactly 0, the interval covers 0, it ranks last."""
    cfg = typed(
        [
            "+scenario=dissuasion",
            "+explore=deterrence",
            "air.enabled=false",
            f"explore.method={method}",
            "explore.n=4",
            "replications=2",
            "horizon_days=90",
            "explore.parameters=[{key: decisions.credibility, low: 0, high: 1},"
            " {key: decisions.w_deter, dist: log-uniform, low: 0.001, high: 0.016},"
            " {key: air.loss_probability, low: 0.001, high: 0.05}]",
        ]
    )
    design = plan(cfg)
    ex = explore(cfg, design, sim.run(cfg).outcomes)
    for name, ix in ex.indices.items():
        if ix.note:
            continue
        assert ix.table.index[-1] == "air.loss_probability", name
        low, high = analysis.interval(ix.table, "air.loss_probability", ix.score)
        assert low <= 0.0 <= high, name
        assert ix.table.loc["air.loss_probability", ix.score] == pytest.approx(0.0, abs=1e-12)
        assert ix.table[ix.score].iloc[0] > 0.0  # credibility or w_deter moves it


def test_a_latin_hypercube_gets_rbd_fast_indices_and_too_few_points_are_refused(typed):
    from sim.config.check import ConfigError

    base = ["+scenario=dissuasion", "+explore=deterrence", "explore.method=lhs", "replications=1", "horizon_days=30"]
    with pytest.raises(ConfigError, match="at least 100 points"):
        plan(typed([*base, "explore.n=50"]))
    cfg = typed([*base, "explore.n=100", "explore.resamples=20"])
    ex = explore(cfg, plan(cfg), sim.run(cfg).outcomes)
    area = ex.indices["area_km2"]
    assert area.score == "S1" and not area.note and len(area.leading) == 3
    assert np.all(np.isfinite(area.table["S1"]))


def test_a_rare_outcome_keeps_its_indices_with_a_caveat_instead_of_a_warning_and_nan_intervals():
    """With three points of 100 where it happens, some bootstrap resamples of an outcome never vary: SALib
    divides 0 by 0 there and its interval is NaN. The indices are kept, with a caveat the report shows."""
    import warnings

    from scipy.stats import qmc

    unit = qmc.LatinHypercube(d=3, seed=3).random(100)
    rare = pd.Series((unit[:, 0] > 0.97).astype(float), name="P(outcome=freeze)")
    assert 1 <= rare.sum() <= 5
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ix = analysis.indices("rbd_fast", ["a", "b", "c"], unit, rare, resamples=50, seed=0)
    assert not ix.note and len(ix.leading) == 3 and np.all(np.isfinite(ix.table["S1"]))
    assert not np.all(np.isfinite(ix.table["S1_conf"])) and "no bootstrap interval" in ix.caveat
    common = pd.Series(unit[:, 0] + 0.1 * unit[:, 1], name="area_km2")
    assert analysis.indices("rbd_fast", ["a", "b", "c"], unit, common, resamples=50, seed=0).caveat == ""
