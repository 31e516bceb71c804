"""Parameters that were read nowhere (issue 13, defect 2) now shape the campaign: billets are buildings of
`billet_size`, the mobilized deploy as units of `unit_size`, the number of launchers decides how often one is
in range of a fleeting target, and reserves counter-attack break-ins with `counterattack_probability`."""

from __future__ import annotations

from collections import Counter

import pytest

import sim
from sim.config.check import to_typed
from sim.experiment.seeds import replication_seed
from sim.world.campaign import Campaign
from sim.world.strikes import StrikeForce

pytestmark = [pytest.mark.slow, pytest.mark.untraced]  # numbers of many replications, read for a direction


def compose(*overrides: str):
    return to_typed(sim.compose(["executor=serial", "progress=false", *overrides]))


def outcomes(scenario: str, *overrides: str, n: int = 20, horizon: int = 120):
    base = [f"+scenario={scenario}", f"replications={n}", f"horizon_days={horizon}", "executor=serial"]
    cfg = sim.compose([*base, "progress=false", "seed=11", *overrides])
    return sim.run(cfg).outcomes


def watched(monkeypatch, cfg, seed: int = 1) -> Counter:
    """(kind, size) of every concentration ISR was told to watch in one campaign."""
    seen: Counter = Counter()
    original = StrikeForce.watch

    def spy(self, group, dwell_days):
        seen[(group.kind, round(group.size / group.parts, 1), group.parts)] += 1
        return original(self, group, dwell_days)

    monkeypatch.setattr(StrikeForce, "watch", spy)
    Campaign(cfg, seed).run()
    return seen


def test_a_convoy_larger_than_a_billet_is_housed_in_several(monkeypatch):
    """Convoys of 800 in billets of 300: three buildings of 266.7 each, less if the convoy was struck on the road
    (before: one billet of the convoy's size). ISR looks for the buildings one by one."""
    cfg = compose("+scenario=baseline", "horizon_days=70", "mobilization.billet_size=300")
    seen = watched(monkeypatch, cfg)
    convoys = sum(n for (kind, _, _), n in seen.items() if kind == "convoy")
    billets = [(size, parts, n) for (kind, size, parts), n in seen.items() if kind == "billet"]
    assert convoys > 0 and sum(n for *_, n in billets) == convoys
    assert {parts for _, parts, _ in billets} == {3} and max(size for size, _, _ in billets) == 266.7


def sectors_of_first_wave(cfg) -> set[str]:
    campaign = Campaign(cfg, replication_seed(2022, 0))
    campaign.run()
    return {f.sector for f in campaign.forces.formations if f.name.startswith("ru_mobilized_w1_") and f.personnel > 0}


def test_the_mobilized_deploy_as_units_each_whole_to_one_sector():
    """One unit as large as the wave (100,000) puts the whole first wave in one sector; units of 600 spread it over
    the annexed sectors by density (before: unit_size was read nowhere)."""
    base = ["+scenario=dissuasion", "horizon_days=75", "decisions.credibility=0"]
    assert len(sectors_of_first_wave(compose(*base, "mobilization.unit_size=100000"))) == 1
    assert len(sectors_of_first_wave(compose(*base, "mobilization.unit_size=600"))) > 1


def test_more_launchers_reach_more_fleeting_targets():
    few = outcomes("unprepared_conscripts", "strikes.launchers=8")
    many = outcomes("unprepared_conscripts", "strikes.launchers=32")
    usual = outcomes("unprepared_conscripts", "strikes.launchers=16")
    assert not usual.equals(outcomes("unprepared_conscripts", "strikes.launchers=20"))  # 16 vs 20: no longer equal
    hit = lambda out: (out["cas_ru_strike_billet"] + out["cas_ru_strike_convoy"]).mean()  # noqa: E731
    assert hit(many) > hit(few)


def test_counterattack_probability_matters_in_the_baseline():
    never = outcomes("baseline", "reserves.counterattack_probability=0")
    always = outcomes("baseline", "reserves.counterattack_probability=1")
    assert (never["counterattacks"] == 0).all() and always["counterattacks"].sum() > 0
    assert not never["area_km2"].equals(always["area_km2"])
