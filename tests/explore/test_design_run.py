"""A design is one run: every point's replications with the same seeds (common random numbers), through the
run's executors, streamed to part files; interrupted and resumed it gives what an uninterrupted run gives."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time

import numpy as np
import pandas as pd
import pytest

import sim
from sim.config.check import ConfigError
from sim.experiment.seeds import replication_seed
from sim.explore import designs
from sim.explore.report import DESIGN_FILE, REPORT_FILE
from sim.explore.run import plan, run_design
from sim.explore.store import DesignStore
from tests.conftest import ROOT, run_cli

pytestmark = pytest.mark.model_untraced

TINY = ["+scenario=dissuasion", "+explore=deterrence", "horizon_days=40", "replications=2"]


@pytest.mark.parametrize(("method", "n", "points"), [("morris", 3, 3 * 8), ("sobol", 4, 4 * 9), ("lhs", 10, 10)])
def test_each_design_has_its_size_in_the_unit_cube_and_is_drawn_again_the_same(method, n, points):
    names = [f"p{i}" for i in range(7)]
    unit = designs.unit_design(method, names, n, seed=5)
    assert unit.shape == (points, 7) == (designs.points(method, n, 7), 7)
    assert unit.min() >= 0.0 and unit.max() <= 1.0
    assert np.array_equal(unit, designs.unit_design(method, names, n, seed=5))


def test_replication_r_of_every_point_uses_the_same_seed(typed):
    cfg = typed([*TINY, "explore.n=2"])
    design = plan(cfg)
    out = run_design(cfg, design).outcomes
    assert len(out) == len(design.unit) * 2
    assert list(out["point"]) == [p for p in range(len(design.unit)) for _ in range(2)]
    for r in (0, 1):
        assert set(out.loc[out["replication"] == r, "seed"]) == {replication_seed(cfg.seed, r)}


def test_a_point_runs_as_a_plain_run_with_its_values_set(typed):
    """The design's point 0 gives the outcomes of a plain run of the scenario with those values."""
    cfg = typed([*TINY, "explore.n=2"])
    design = plan(cfg)
    first = run_design(cfg, design).outcomes.query("point == 0")
    overrides = [f"{k}={v!r}" for k, v in zip(design.keys, design.values[0])]
    plain = sim.run(typed([*TINY, "explore.method=none", *overrides])).outcomes
    columns = [c for c in plain.columns if c in first.columns and c != "replication"]
    pd.testing.assert_frame_equal(first[columns].reset_index(drop=True), plain[columns], check_dtype=False)


def test_a_point_outside_the_model_rules_stops_the_design_before_it_runs(typed):
    cfg = typed([*TINY, "replications=auto"])
    with pytest.raises(ConfigError, match="replications"):
        plan(cfg)


def test_interrupted_and_resumed_the_design_gives_the_uninterrupted_outcomes(typed, tmp_path, monkeypatch):
    overrides = [*TINY, "explore.n=2", "executor.chunk_size=4"]
    whole = tmp_path / "whole"
    sim.run(typed(overrides), out_dir=whole)
    original = DesignStore.write
    calls = {"n": 0}

    def write_then_stop(self, rows):
        original(self, rows)
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(DesignStore, "write", write_then_stop)
    cut = tmp_path / "cut"
    with pytest.raises(KeyboardInterrupt):
        sim.run(typed(overrides), out_dir=cut)
    saved = DesignStore(cut).done()
    assert len(saved) == 8 and not (cut / "outcomes.parquet").exists()
    monkeypatch.setattr(DesignStore, "write", original)
    resumed = sim.run(typed([*overrides, f"resume={cut}"]))
    assert resumed.meta["computed_now"] == resumed.meta["replications"] - 8
    pd.testing.assert_frame_equal(
        pd.read_parquet(cut / "outcomes.parquet"), pd.read_parquet(whole / "outcomes.parquet")
    )
    pd.testing.assert_frame_equal(pd.read_parquet(cut / DESIGN_FILE), pd.read_parquet(whole / DESIGN_FILE))
    assert (cut / REPORT_FILE).read_text() == (whole / REPORT_FILE).read_text()
    assert not (cut / "parts").exists()


def test_the_design_gives_the_same_outcomes_on_every_executor(typed):
    serial = sim.run(typed([*TINY, "explore.n=2"])).outcomes
    pool = sim.run(typed([*TINY, "explore.n=2", "executor=processes", "executor.n_workers=2"])).outcomes
    pd.testing.assert_frame_equal(serial, pool)


@pytest.mark.slow
def test_a_design_stopped_by_sigterm_says_what_it_saved_and_resumes_to_the_whole(tmp_path):
    """From the command line, as a user stops and completes it: the count of saved runs is the design's, and
    the resumed folder's outcomes are an uninterrupted run's."""
    args = [*TINY, "horizon_days=90", "explore.n=6", "executor=serial", "executor.chunk_size=4", "progress=false"]
    run_dir = tmp_path / "run"
    proc = subprocess.Popen(
        [sys.executable, "-m", "sim", *args, f"hydra.run.dir={run_dir}"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    parts = run_dir / "parts"
    deadline = time.time() + 120
    while time.time() < deadline and len(list(parts.glob("outcomes-*.parquet"))) < 2:
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    saved = int(re.search(r"interrupted; (\d+) finished replications are saved", err).group(1))
    assert saved == 4 * len(list(parts.glob("outcomes-*.parquet"))) and 0 < saved < 96  # 48 points x 2
    resumed = run_cli([*args, f"resume={run_dir}"], tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert int(re.search(r"\((\d+) computed now\)", resumed.stdout).group(1)) == 96 - saved
    whole = sim.run(sim.compose(args)).outcomes
    pd.testing.assert_frame_equal(pd.read_parquet(run_dir / "outcomes.parquet"), whole)


@pytest.mark.parametrize(
    ("category", "ok"),
    [("bridgehead!=held", True), ("outcome=russian_collapse", True), ("outcome=win", False), ("front=held", False)],
)
def test_the_prim_category_is_a_category_of_the_outcome_row(typed, category, ok):
    cfg = typed([*TINY, "explore.n=1", f"explore.category='{category}'"])  # quoted: Hydra reads = as syntax
    if ok:
        assert plan(cfg).unit.shape == (8, 7)
    else:
        with pytest.raises(ConfigError, match=r"explore\.category"):
            plan(cfg)
