"""The Kherson bridgehead reads the ground: its supply thins with the troops on the bank, and the Kremlin gives
it up when it is both starving and pressed, not because of the calendar alone."""

from __future__ import annotations

import pytest

import sim
from sim.world.campaign import Campaign
from sim.world.forces import Formation

pytestmark = [pytest.mark.slow, pytest.mark.untraced]  # numbers of many replications, read for a direction


def test_supply_on_the_bank_falls_with_the_troops_on_it(typed):
    cfg = typed(["+scenario=baseline", "horizon_days=1"])
    campaign = Campaign(cfg, 3)
    bridgehead = campaign.bridgehead.all[0]
    bridgehead.open = 1
    thin = bridgehead.supply()
    campaign.forces.add(
        Formation("ru_extra", "ru", "kherson_right_bank", "regular", 30000.0, 1.0, 0.9, 0.7, 1.0, "defend"),
        arrival=True,
    )
    assert bridgehead.supply() < thin


def lost(scenario: str, *overrides: str, n: int = 60) -> float:
    base = [f"+scenario={scenario}", f"replications={n}", "horizon_days=180", "executor=serial", "progress=false"]
    cfg = sim.compose([*base, "seed=5", *overrides])
    out = sim.run(cfg).outcomes
    return float((out["bridgehead"] == "withdrawn").mean())


def test_no_withdrawal_without_ukrainian_pressure():
    pressed = lost("baseline")
    unpressed = lost("baseline", "theatre.sectors.kherson_right_bank.ua_offensive=false")
    assert pressed > 0.15
    assert unpressed < 0.5 * pressed


def test_no_reinforcements_across_the_river_beyond_what_the_crossings_carry(typed):
    """The hook `may_reinforce`: crossings that carry 60,000 soldiers' supply take more than the ~30,000 on the
    bank; with every crossing cut the ferries carry a quarter of it, and Russia sends no more there."""
    campaign = Campaign(typed(["+scenario=baseline", "horizon_days=1", "bridgehead.supply_capacity=60000"]), 3)
    hooks, kherson = campaign.kernel.hooks, campaign.sectors["kherson_right_bank"]
    assert hooks.may_reinforce("ru", kherson)
    campaign.bridgehead.all[0].open = 0
    assert not hooks.may_reinforce("ru", kherson)
    assert hooks.may_reinforce("ua", kherson) and hooks.may_reinforce("ru", campaign.sectors["lyman"])
    for battle in campaign.battle.sectors.values():
        battle.bind(hooks)
    assert campaign.reserves.most_needed_sector("ru") != "kherson_right_bank"
