"""An interrupted run (a signal to the process) resumes to exactly the uninterrupted result, computing only
what was missing; a resume with another config or from another version is refused."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

import sim
from tests.conftest import ROOT, run_cli

pytestmark = pytest.mark.slow
ARGS = [
    "+scenario=advance",
    "replications=120",
    "horizon_days=90",
    "executor=serial",
    "executor.chunk_size=5",
    "progress=false",
]


def test_sigterm_then_resume_matches_an_uninterrupted_run(tmp_path):
    run_dir = tmp_path / "run"
    proc = subprocess.Popen(
        [sys.executable, "-m", "sim", *ARGS, f"hydra.run.dir={run_dir}"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    parts = run_dir / "parts"
    deadline = time.time() + 120
    while time.time() < deadline and len(list(parts.glob("outcomes-*.parquet"))) < 3:
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "resume=" in err
    saved = len(list(parts.glob("outcomes-*.parquet"))) * 5
    assert 0 < saved < 120
    assert not (run_dir / "outcomes.parquet").exists()

    resumed = run_cli([*ARGS, f"resume={run_dir}"], tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    computed = int(re.search(r"\((\d+) computed now\)", resumed.stdout).group(1))
    assert computed == 120 - saved  # nothing computed twice
    assert not parts.exists()

    final = pd.read_parquet(run_dir / "outcomes.parquet")
    whole = sim.run(sim.compose(ARGS)).outcomes
    pd.testing.assert_frame_equal(final, whole)


def test_resume_refuses_another_config_or_version(tmp_path):
    run_dir = tmp_path / "run"
    small = ["+scenario=advance", "replications=4", "horizon_days=10", "executor=serial", "progress=false"]
    assert run_cli([*small, f"hydra.run.dir={run_dir}"], tmp_path).returncode == 0
    other = run_cli([*small, "seed=99", f"resume={run_dir}"], tmp_path)
    assert other.returncode == 2 and "seed differs" in other.stderr and len(other.stderr.strip().splitlines()) == 1
    meta = json.loads((run_dir / "run.json").read_text())
    (run_dir / "run.json").write_text(json.dumps({**meta, "version": "0.0.1"}))
    old = run_cli([*small, f"resume={run_dir}"], tmp_path)
    assert old.returncode == 2 and "0.0.1" in old.stderr


def test_a_fresh_run_will_not_overwrite_a_finished_folder(tmp_path):
    cfg = sim.compose(["replications=2", "horizon_days=5", "executor=serial", "progress=false"])
    sim.run(cfg, out_dir=tmp_path / "x")
    with pytest.raises(sim.config.check.ConfigError, match="resume="):
        sim.run(cfg, out_dir=tmp_path / "x")
