"""Small versions of the extreme-condition checks (sim.validation.extremes), through `sim.compose` / `sim.run`,
and proof that each evaluation fails on results that break its rule (the normal campaign, say)."""

from __future__ import annotations

import pytest

from sim.validation import extremes

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def runner():
    return extremes.Runner(replications=3, seed=7, executor="serial", base=["horizon_days=90"])


def test_zero_attacker_gains_nothing_and_the_normal_campaign_would_fail(runner):
    check = extremes.zero_attacker(runner)
    assert check.passed, check.summary
    assert check.figures["max_ua_gain_km2"] <= 0.0 and check.figures["max_cas_ua"] == 0.0
    assert check.figures["control_mean_area_km2"] > 0.0
    normal = runner.run()
    assert not extremes.evaluate_zero_attacker(normal).passed


def test_zero_attacker_overrides_cover_every_ukrainian_formation(runner):
    overrides = extremes.zero_attacker_overrides(runner)
    ua = [name for name, (side, _) in runner.formations().items() if side == "ua"]
    assert len(ua) >= 5
    assert sorted(o for o in overrides if o.startswith("forces.")) == sorted(f"forces.{n}.personnel=0" for n in ua)
    assert "strikes.launchers=0" in overrides
    assert "strikes.launchers=0" not in extremes.zero_attacker_overrides(runner, launchers=True)


def test_overwhelming_odds_collapse_in_every_run(runner):
    check = extremes.overwhelming_odds(runner)
    assert check.passed, check.summary
    assert check.figures["min_collapses"] >= 1
    horizon0 = runner.run(["horizon_days=0"])  # no time, no collapse: the rule must fail
    assert not extremes.evaluate_overwhelming(horizon0).passed


def test_no_randomness_makes_replications_identical_and_randomness_is_seen(runner):
    check = extremes.no_randomness(runner)
    assert check.passed, check.summary
    assert check.figures["control_distinct_area"] == 3
    assert not extremes.evaluate_identical(runner.run()).passed


def test_zero_horizon_means_nothing_happens(runner):
    check = extremes.zero_horizon(runner)
    assert check.passed, check.summary
    assert not extremes.evaluate_nothing(runner.run()).passed


def test_doubled_frontage_doubles_the_area_once_area_rules_are_neutralised(runner):
    check = extremes.doubled_frontage(runner)
    assert check.passed, check.summary
    assert check.figures["max_rel_deviation"] <= 1e-9
    assert check.data["ratio"].dropna().tolist() == pytest.approx([2.0] * len(check.data["ratio"].dropna()))
    # With the km² rules left on, the doubled campaign is another campaign: the same evaluation fails.
    assert check.figures["control_max_rel_deviation"] > 1e-3
    assert not extremes.evaluate_doubling(runner.run(), runner.run(extremes.doubled_overrides(runner))).passed


def test_doubled_overrides_name_every_sector_of_the_theatre(runner):
    overrides = extremes.doubled_overrides(runner)
    sectors = runner.sectors()
    assert len(overrides) == len(sectors) == 6
    for name, (width, _) in sectors.items():
        assert f"theatre.sectors.{name}.width_km={2 * width:g}" in overrides
