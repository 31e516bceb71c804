"""Counter-attacks by local and arriving reserves against a break-in (issue 13, mechanism 10): they happen as
often as `reserves.counterattack_probability` says, succeed more often the lower the ratio they need
(`counterattack_ratio`), and what they retake is ground Ukraine does not keep."""

from __future__ import annotations

import pytest

import sim

pytestmark = [pytest.mark.slow, pytest.mark.untraced]  # numbers of many replications, read for a direction


def outcomes(*overrides: str, n: int = 40):
    base = ["+scenario=advance", f"replications={n}", "horizon_days=120", "executor=serial", "progress=false"]
    return sim.run(sim.compose([*base, "seed=3", *overrides])).outcomes


def test_reserves_counter_attack_arriving_or_local_and_the_probability_sets_how_often():
    rare = outcomes("reserves.counterattack_probability=0.2")
    always = outcomes("reserves.counterattack_probability=1")
    assert always["counterattacks"].mean() > 2 * rare["counterattacks"].mean() > 0


def test_an_easier_counter_attack_wins_more_often_and_costs_ukraine_ground():
    easy = outcomes("reserves.counterattack_probability=1", "reserves.counterattack_ratio=0.2")
    hard = outcomes("reserves.counterattack_probability=1", "reserves.counterattack_ratio=5")
    won = lambda out: out["counterattacks_won"].sum() / max(out["counterattacks"].sum(), 1)  # noqa: E731
    assert won(easy) > won(hard) + 0.3
    assert easy["area_km2"].mean() < hard["area_km2"].mean()


def test_a_replay_shows_arriving_reserves_counter_attacking():
    cfg = sim.compose(["+scenario=advance", "reserves.counterattack_probability=1", "executor=serial"])
    events = []
    for i in range(10):
        events += [e for e in sim.api.replay(cfg, i).trace if e[2] == "counter-attack"]
    assert events
    assert all(
        "counter-attack" in detail and ("ground retaken" in detail or "repulsed" in detail) for *_, detail in events
    )
