"""The mobilized stay exposed after the pipeline has run: units at the front rotate through rear billets and
garrisons are housed, so ISR finds billets and strikes hit them long after the call-up (issue 13, defect 3;
Makiivka, 1 Jan 2023 = day 92)."""

from __future__ import annotations

import pytest

import sim
from sim.config.check import to_typed

pytestmark = pytest.mark.slow


def typed(*overrides: str):
    return to_typed(sim.compose(["+scenario=unprepared_conscripts", "executor=serial", "progress=false", *overrides]))


def test_billet_strikes_go_on_after_day_60():
    """Before, the last stragglers of the pipeline were struck up to day 75 at most (20 replays: 38 of 2,692
    billet strikes after day 60, none after day 75); now billets are struck until the horizon."""
    cfg = typed("horizon_days=92")
    days = []
    for i in range(6):
        days += [day for day, _, event, _ in sim.api.replay(cfg, i).trace if event == "strike on a billet"]
    assert sum(day > 60.0 for day in days) > 20
    assert any(day > 80.0 for day in days), "no strike on a billet in the last 12 days before Makiivka's day 92"


def test_billet_casualties_grow_between_day_92_and_day_180():
    rows = {
        horizon: sim.run(typed(f"horizon_days={horizon}", "replications=10")).outcomes["cas_ru_strike_billet"]
        for horizon in (92, 180)
    }
    assert rows[180].mean() > 1.2 * rows[92].mean()


def test_garrisons_are_housed_too():
    """The dissuasion future keeps the mobilized in garrison: their billets are struck after the pipeline ends."""
    cfg = to_typed(sim.compose(["+scenario=dissuasion", "executor=serial", "decisions.credibility=0"]))
    late = []
    for i in range(6):
        trace = sim.api.replay(cfg, i).trace
        late += [e for e in trace if e[2] == "strike on a billet" and e[0] > 100.0 and "garrison" in e[3]]
    assert late
