"""A vacuum of means pushes the aircraft to take risks (issue 13, mechanism 8): where Russia lacks ground power
and the cover it carries, more aircraft are lost; the losses cost sorties, and fewer sorties slow Ukraine less."""

from __future__ import annotations

import numpy as np
import pytest

import sim
from sim.config.check import to_typed
from sim.experiment.replicate import run_replication
from sim.experiment.seeds import replication_seeds

pytestmark = [pytest.mark.slow, pytest.mark.untraced]  # numbers of many replications, read for a direction


def outcomes(*overrides: str, n: int = 30):
    base = ["+scenario=advance", f"replications={n}", "horizon_days=120", "executor=serial", "progress=false"]
    return sim.run(sim.compose([*base, "seed=9", *overrides])).outcomes


def area_on_day(day: int, *overrides: str, n: int = 40) -> np.ndarray:
    """The area Ukraine holds on `day` in each of n paired runs (same seeds)."""
    cfg = to_typed(sim.compose(["+scenario=advance", f"horizon_days={day}", "executor=serial", *overrides]))
    outs = [run_replication(cfg, i, seed) for i, seed in enumerate(replication_seeds(cfg.seed, n))]
    return np.array([o.row["area_km2"] for o in outs])


def test_the_vacuum_costs_aircraft_and_sorties():
    calm = outcomes("air.vacuum_multiplier=1", "air.uncovered_multiplier=1")
    risky = outcomes("air.vacuum_multiplier=6", "air.uncovered_multiplier=6")
    assert risky["aircraft_lost"].mean() > 1.5 * calm["aircraft_lost"].mean()
    assert risky["sorties_flown"].mean() < calm["sorties_flown"].mean()


def test_aircraft_lost_are_drag_lost_on_the_advance():
    """Over the first 20 days, before the campaign's later turns blur it: paired runs with a riskier vacuum (more
    aircraft lost, fewer sorties) end with more Ukrainian ground more than twice as often as with less; so do runs
    without close air support at all."""
    calm = area_on_day(20, "air.vacuum_multiplier=1", "air.uncovered_multiplier=1")
    risky = area_on_day(20, "air.vacuum_multiplier=10", "air.uncovered_multiplier=10")
    assert (risky > calm).sum() > 2 * max((risky < calm).sum(), 1)
    flying, grounded = area_on_day(20), area_on_day(20, "air.enabled=false")
    assert (grounded > flying).sum() > 2 * max((grounded < flying).sum(), 1)


def test_a_small_fleet_runs_out_of_sorties():
    small = outcomes("air.fleet=30")
    usual = outcomes()
    assert small["sorties_flown"].mean() < 0.8 * usual["sorties_flown"].mean()
