"""The mobilized come "mostly as troops in trucks, not ... armoured vehicles, artillery" (issue 13, mechanism 7):
the share of heavy equipment they get sets their combat power and how exposed they are, apart from personal
kit; and trucks keep them exposed on the road where trains run mostly out of reach."""

from __future__ import annotations

import pytest

import sim

pytestmark = [pytest.mark.slow, pytest.mark.untraced]  # numbers of many replications, read for a direction


def outcomes(*overrides: str, n: int = 30):
    base = ["+scenario=unprepared_conscripts", f"replications={n}", "horizon_days=150", "executor=serial"]
    return sim.run(sim.compose([*base, "progress=false", "seed=7", *overrides])).outcomes


def test_armour_and_artillery_make_the_mobilized_stronger_and_less_exposed():
    """Same training and kit, same ISR: with most of a regular unit's heavy weapons the committed mobilized lose
    fewer soldiers in combat per soldier committed, and Ukraine gains less."""
    trucks = outcomes("mobilization.heavy_share=0.1", "isr.enabled=false")
    armour = outcomes("mobilization.heavy_share=0.9", "isr.enabled=false")
    rate = lambda out: out["cas_ru_mobilized_combat"].sum() / out["mobilized_committed"].sum()  # noqa: E731
    assert rate(armour) < rate(trucks)
    assert armour["area_km2"].mean() < trucks["area_km2"].mean()


def test_trains_are_struck_less_on_the_way_than_trucks():
    trucks = outcomes("mobilization.transport=trucks")
    rail = outcomes("mobilization.transport=rail")
    assert rail["cas_ru_strike_convoy"].mean() < 0.6 * trucks["cas_ru_strike_convoy"].mean()
