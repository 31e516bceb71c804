"""Rivers are crossed as rivers: the front stops on the bank, the crossing takes its days (an event in the
trace), and the crossing days change the ground taken."""

from __future__ import annotations

import dataclasses

import pytest

import sim
from sim.experiment.seeds import replication_seed
from sim.world.campaign import simulate

pytestmark = pytest.mark.slow


def with_crossing_days(cfg, sector: str, days: float):
    sectors = dict(cfg.theatre.sectors)
    rivers = [dataclasses.replace(r, crossing_days=days) for r in sectors[sector].rivers]
    sectors[sector] = dataclasses.replace(sectors[sector], rivers=rivers)
    return dataclasses.replace(cfg, theatre=dataclasses.replace(cfg.theatre, sectors=sectors))


def test_a_replay_of_advance_shows_river_crossings_with_their_delay(typed):
    cfg = typed(["+scenario=advance", "horizon_days=120"])
    crossings, stories = [], [sim.api.replay(cfg, i) for i in range(8)]
    for story in stories:
        crossings += [(day, sector, detail) for day, sector, event, detail in story.trace if event == "river crossing"]
    assert crossings, "no river crossing in 8 replays of advance"
    for story in stories:
        assert story.row["river_crossings"] == sum(1 for e in story.trace if e[2] == "river crossed")
    assert all(detail.endswith(" days") for _, _, detail in crossings)
    assert {"lyman", "svatove_kreminna"} & {sector for _, sector, _ in crossings}


def test_crossing_days_change_the_area(typed):
    """The Zherebets (12 km on the Lyman axis): forced in no time, Ukraine goes beyond it; taking 300 days to
    force, it stops on the bank."""
    base = typed(["+scenario=advance", "horizon_days=120"])
    quick, slow = with_crossing_days(base, "lyman", 0.0), with_crossing_days(base, "lyman", 300.0)
    rows = {
        name: [simulate(cfg, replication_seed(base.seed, i)).row for i in range(8)]
        for name, cfg in (("quick", quick), ("slow", slow))
    }
    assert max(r["front_km_lyman"] for r in rows["slow"]) <= 12.0 + 1e-9
    assert max(r["front_km_lyman"] for r in rows["quick"]) > 12.5
    mean = {name: sum(r["area_km2_lyman"] for r in rs) / len(rs) for name, rs in rows.items()}
    assert mean["quick"] > mean["slow"]
