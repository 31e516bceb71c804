"""The garrison "extras" are no combatants, but a collapse that runs through their sector overruns them too."""

from __future__ import annotations

import pytest

from sim.world.campaign import Campaign
from sim.world.forces import Formation


def test_a_collapse_overruns_and_captures_the_garrison(typed):
    cfg = typed(["+scenario=dissuasion", "horizon_days=1"])
    campaign = Campaign(cfg, 5)
    garrison = Formation("ru_mobilized_test", "ru", "lyman", "mobilized", 5000.0, 0.5, 0.3, 0.5, 1.0, "garrison")
    campaign.forces.add(garrison, arrival=True)
    battle = campaign.battle.sectors["lyman"]
    battle.bind(campaign.kernel.hooks)
    env = campaign.kernel.env
    env.process(battle.collapse("ua"))
    env.run(until=20.0)
    captured = campaign.forces.ledger.losses[("ru", "mobilized", "captured")]
    assert captured == pytest.approx(cfg.manoeuvre.captured_share * 5000.0)
    assert garrison.personnel == pytest.approx(5000.0 - captured)
    assert garrison.posture == "garrison"  # overrun, not turned into a combat unit
    assert garrison.equipment < 0.5  # it left equipment behind, as the routed formations do
