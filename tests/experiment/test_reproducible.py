"""Same seed, same numbers, whatever the executor; different seeds, different numbers."""

from __future__ import annotations

import pandas as pd
import pytest

import sim
from sim.experiment.seeds import replication_seed, replication_seeds


def outcomes(overrides):
    return sim.run(
        sim.compose(["+scenario=advance", "replications=12", "horizon_days=60", "progress=false", *overrides])
    ).outcomes


@pytest.mark.slow
def test_serial_and_processes_give_identical_outcomes():
    serial = outcomes(["executor=serial"])
    pooled = outcomes(["executor=processes", "executor.n_workers=2", "executor.chunk_size=2"])
    pd.testing.assert_frame_equal(serial, pooled)


def test_different_seeds_differ():
    a = outcomes(["executor=serial", "seed=1"])
    b = outcomes(["executor=serial", "seed=2"])
    assert not a["area_km2"].equals(b["area_km2"])
    assert (a["seed"] != b["seed"]).all()


def test_one_replication_seed_is_the_spawned_child():
    seeds = replication_seeds(2022, 50)
    assert [replication_seed(2022, i) for i in (0, 17, 49)] == [seeds[0], seeds[17], seeds[49]]
    assert len(set(seeds)) == 50 and all(0 <= s < 2**63 for s in seeds)


def test_row_seed_reproduces_the_row_alone(typed):
    cfg = typed(["+scenario=advance", "horizon_days=60", "replications=12"])
    full = sim.run(cfg).outcomes
    from sim.world.campaign import simulate

    row = simulate(cfg, int(full.loc[7, "seed"])).row
    assert row["area_km2"] == full.loc[7, "area_km2"] and row["cas_ru"] == full.loc[7, "cas_ru"]
