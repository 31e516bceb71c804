"""Invariants of the campaign over random configurations (hypothesis): strengths never negative,
personnel conserved (initial + arrivals = present + losses), fronts and area within the track."""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sim
from sim.config.check import check, to_typed
from sim.config.registry import scenario_names
from sim.world.campaign import Campaign

BASE = {name: to_typed(sim.compose([f"+scenario={name}", "executor=serial"])) for name in scenario_names()}

configs = st.fixed_dictionaries(
    {
        "scenario": st.sampled_from(sorted(BASE)),
        "law": st.sampled_from(["square", "linear", "helmbold"]),
        "kill_rate": st.floats(0.001, 0.08),
        "attack_threshold": st.floats(0.5, 3.0),
        "dispersion": st.floats(0.0, 100.0),
        "cascade_shock": st.floats(0.0, 1.0),
        "horizon": st.floats(0.0, 240.0),
        "seed": st.integers(0, 2**63 - 1),
    }
)


def build(params):
    cfg = BASE[params["scenario"]]
    cfg = dataclasses.replace(
        cfg,
        horizon_days=params["horizon"],
        combat=dataclasses.replace(
            cfg.combat,
            law=params["law"],
            kill_rate=params["kill_rate"],
            attack_threshold=params["attack_threshold"],
            dispersion=params["dispersion"],
        ),
        manoeuvre=dataclasses.replace(cfg.manoeuvre, cascade_shock=params["cascade_shock"]),
    )
    check(cfg)
    return cfg


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(configs)
def test_campaign_invariants(params):
    cfg = build(params)
    world = Campaign(cfg, params["seed"])
    result = world.run()
    ledger = world.forces.ledger
    for f in world.forces.formations:
        assert f.personnel >= 0.0 and f.equipment >= 0.0 and 0.0 <= f.cohesion <= 1.0
    for side in ("ua", "ru"):
        assert ledger.lost(side) >= 0.0
        start_plus_in = ledger.initial[side] + ledger.arrivals[side]
        present_plus_out = world.forces.present(side) + ledger.lost(side)
        assert abs(start_plus_in - present_plus_out) <= 1e-6 * start_plus_in
    mob = world.mobilization
    stages = sum(mob.count_stages().values())
    assert abs(mob.called - stages) <= 1e-6 * max(mob.called, 1.0)
    row = result.row
    total = 0.0
    for name in world.sectors:
        s = cfg.theatre.sectors[name]
        assert s.min_km - 1e-9 <= row[f"front_km_{name}"] <= s.max_km + 1e-9
        assert all(s.min_km - 1e-9 <= x <= s.max_km + 1e-9 for x in result.daily[f"front_km_{name}"])
        total += row[f"area_km2_{name}"]
    assert abs(row["area_km2"] - total) < 1e-6
    causes = row["cas_ru_combat"] + row["cas_ru_strike"] + row["cas_ru_captured"]
    assert abs(causes - row["cas_ru"]) <= 1e-6 * max(row["cas_ru"], 1.0)
    assert abs(row["cas_ru_regular"] + row["cas_ru_mobilized"] - row["cas_ru"]) <= 1e-6 * max(row["cas_ru"], 1.0)


def test_horizon_zero_nothing_happens():
    cfg = dataclasses.replace(BASE["advance"], horizon_days=0.0)
    row = Campaign(cfg, 1).run().row
    assert row["area_km2"] == 0.0 and row["cas_ua"] == 0.0 and row["cas_ru"] == 0.0 and row["breakthroughs"] == 0
