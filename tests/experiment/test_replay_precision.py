"""replay=N reproduces row N; replications=auto stops within its cap and meets its target."""

from __future__ import annotations

import pytest

import sim

pytestmark = [pytest.mark.slow, pytest.mark.model_untraced]


def test_replay_reproduces_rows(tmp_path):
    cfg = sim.compose(["+scenario=advance", "replications=20", "progress=false", "executor=serial"])
    full = sim.run(cfg).outcomes
    for n in (0, 7, 19):
        replay = sim.api.replay(cfg, n, out_dir=tmp_path)
        row = full.loc[n].to_dict()
        for key, value in replay.row.items():
            assert row[key] == value or (value != value and row[key] != row[key]), key
        text = (tmp_path / f"replay-{n}.md").read_text()
        assert "## Timeline" in text and (tmp_path / f"replay-{n}.png").exists()


def test_auto_replications_meet_target_within_cap():
    cfg = sim.compose(
        [
            "+scenario=baseline",
            "replications=auto",
            "precision.target=0.1",
            "precision.batch=20",
            "precision.min_replications=20",
            "precision.max_replications=400",
            "horizon_days=90",
            "progress=false",
        ]
    )
    res = sim.run(cfg)
    p = res.meta["precision"]
    assert 20 <= res.meta["replications"] <= 400 and len(res.outcomes) == res.meta["replications"]
    assert p["met"]
    assert all(w <= 0.1 for w in p["relative_halfwidth"].values())


def test_auto_replications_stop_at_the_cap():
    cfg = sim.compose(
        [
            "+scenario=baseline",
            "replications=auto",
            "precision.target=0.0001",
            "precision.batch=10",
            "precision.min_replications=10",
            "precision.max_replications=30",
            "horizon_days=30",
            "progress=false",
            "executor=serial",
        ]
    )
    res = sim.run(cfg)
    assert res.meta["replications"] == 30 and not res.meta["precision"]["met"]
