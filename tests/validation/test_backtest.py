"""The Kharkiv 2022 backtest: its scenario composes with the 6 Sept 2022 data, runs small, and its evaluation
places the record in the simulated distribution (and fails when the record lies far outside it)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

import sim
from sim.config import provenance
from sim.config.check import to_typed
from sim.validation import backtest


@pytest.fixture(scope="module")
def runs():
    return backtest.run_backtest(40, seed=3)


def test_scenario_swaps_in_the_data_of_6_september_2022():
    cfg = to_typed(sim.compose(["+scenario=kharkiv_2022"]))
    assert cfg.scenario_name == "kharkiv_2022"
    assert cfg.theatre.start_date == "2022-09-06" and cfg.theatre.name == "sep2022"
    assert cfg.horizon_days == 30
    # the call-up and the annexation are the Kremlin's responses to the ground lost, not dates
    assert cfg.mobilization.trigger == "territory" and cfg.decisions.annexation_trigger == "territory"
    kharkiv = cfg.theatre.sectors["kharkiv_oskil"]
    assert [r.name for r in kharkiv.rivers] == ["Oskil"] and not kharkiv.annexed
    assert {"izium", "lyman", "kharkiv_north"} <= set(cfg.theatre.sectors)
    assert all(f.sector == "theatre" or f.sector in cfg.theatre.sectors for f in cfg.forces.values())
    assert "ua_kharkiv_oskil" in cfg.forces and "ua_svatove" not in cfg.forces  # oct2022 forces replaced
    # The other scenarios keep the 1 Oct 2022 data.
    assert to_typed(sim.compose([])).theatre.start_date == "2022-10-01"


def test_runs_give_per_replication_daily_area(runs):
    assert runs.area.shape == (40, 31)
    assert np.all(runs.area[:, 0] == 0.0)
    assert np.median(runs.area[:, 30]) > np.median(runs.area[:, 7]) > 0.0
    assert runs.rows["area_km2"].to_numpy() == pytest.approx(runs.area[:, 30], rel=1e-5)
    assert {"kharkiv_oskil", "izium", "lyman"} <= set(runs.fronts)


def test_evaluation_reports_the_record_percentile_at_both_dates(runs):
    check = backtest.evaluate_backtest(runs)
    assert check.key == "backtest.kharkiv_2022"
    table = check.data.set_index("day")
    assert list(table.index) == [7, 30]
    for day, record in ((7, 6000.0), (30, 10000.0)):
        expected = stats.percentileofscore(runs.area[:, day], record)
        assert table.loc[day, "record_percentile"] == pytest.approx(expected)
        assert check.figures[f"record_percentile_day{day}"] == pytest.approx(expected)
        assert table.loc[day, "inside_95pct"] == (2.5 <= expected <= 97.5)
    assert check.passed == bool(table["inside_95pct"].all())
    milestones = check.extra["milestones"]
    assert set(milestones["place"]) >= {"Izium", "Lyman"}


def test_evaluation_fails_for_a_record_far_outside_and_passes_at_the_median(runs):
    far = [
        backtest.AreaRecord(7, "2022-09-12", 60_000.0, 50_000.0, 70_000.0, "test"),
        backtest.AreaRecord(30, "2022-10-05", 10_000.0, 9_000.0, 11_000.0, "test"),
    ]
    assert not backtest.evaluate_backtest(runs, far).passed
    median = [backtest.AreaRecord(d, "x", float(np.median(runs.area[:, d])), 0.0, 1.0, "test") for d in (7, 30)]
    check = backtest.evaluate_backtest(runs, median)
    assert check.passed
    assert check.data["record_percentile"].tolist() == pytest.approx([50.0, 50.0], abs=3.0)


def test_first_reached_counts_never_as_infinite():
    front = np.array([[0.0, 5.0, 10.0, 12.0], [0.0, 1.0, 2.0, 3.0]])
    assert backtest.first_reached(front, 10.0).tolist() == [2.0, np.inf]


def test_inputs_left_at_the_default_cite_the_schema_source():
    """The report's provenance table reads the defaults' values and sources from the schema, not a copy."""
    table = {name: (value, origin) for name, value, origin in backtest.PROVENANCE}
    assert table["`mobilization.called_up`"] == (
        "300,000",
        "source (default): " + provenance.row("mobilization.called_up").source,
    )
    assert table["`strikes.launchers`"][0] == "16"
    assert "US DoD" in table["`strikes.launchers`"][1]
    others = next(origin for name, _, origin in backtest.PROVENANCE if name.startswith("every"))
    assert "assumptions" in others and "none calibrated" in others


def test_the_kremlin_responds_on_roughly_the_historical_days(runs):
    """Call-up 21 Sept (day 15) and annexation 30 Sept (day 24) in history; simulated as responses to the ground
    lost, within a few days of them (the model retakes ground more slowly than history did)."""
    table = backtest.evaluate_backtest(runs).extra["responses"].set_index("response")
    assert list(table.index) == ["partial mobilization", "annexation"]
    for what, day in (("partial mobilization", 15), ("annexation", 24)):
        assert table.loc[what, "record_day"] == day
        assert abs(table.loc[what, "sim_median_day"] - day) <= 5, what
    assert table.loc["partial mobilization", "share_by_horizon"] > 0.9


def test_a_weaker_offensive_precipitates_the_responses_later():
    """The analysis: the offensive "precipitated Russia to mobilize and organize referendums". Half the strike
    group on the Balakliia-Kupiansk axis loses Russia less ground, and the Kremlin responds later, if at all;
    a lower threshold brings the responses forward."""
    base = backtest.run_backtest(30, seed=3).rows
    weak = backtest.run_backtest(30, seed=3, overrides=["forces.ua_kharkiv_oskil.personnel=9000"]).rows
    jumpy = backtest.run_backtest(
        30, seed=3, overrides=["mobilization.trigger_area_km2=1000", "decisions.annexation_area_km2=1000"]
    ).rows
    day = lambda rows, column: rows[column].fillna(31.0).median()  # noqa: E731  (never = after the horizon)
    for column in ("call_up_day", "annexation_day"):
        assert day(weak, column) > day(base, column) > day(jumpy, column), column
