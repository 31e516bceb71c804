"""An interrupted run (a signal to the process) resumes to exactly the uninterrupted result, computing only
what was missing; a resume with another config or from another version is refused."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import sim
from tests.conftest import ROOT, run_cli, untraced

pytestmark = [pytest.mark.slow, pytest.mark.model_untraced]
ARGS = [
    "+scenario=advance",
    "replications=120",
    "horizon_days=90",
    "executor=serial",
    "executor.chunk_size=5",
    "progress=false",
    "plots=false",
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
    with untraced():  # the reference numbers
        whole = sim.run(sim.compose(ARGS)).outcomes
    pd.testing.assert_frame_equal(final, whole)


def test_resume_refuses_another_config_or_version(tmp_path):
    run_dir = tmp_path / "run"
    small = [
        "+scenario=advance",
        "replications=4",
        "horizon_days=10",
        "executor=serial",
        "progress=false",
        "plots=false",
    ]
    assert run_cli([*small, f"hydra.run.dir={run_dir}"], tmp_path).returncode == 0
    other = run_cli([*small, "seed=99", f"resume={run_dir}"], tmp_path)
    assert other.returncode == 2 and "seed differs" in other.stderr and len(other.stderr.strip().splitlines()) == 1
    meta = json.loads((run_dir / "run.json").read_text())
    (run_dir / "run.json").write_text(json.dumps({**meta, "version": "0.0.1"}))
    old = run_cli([*small, f"resume={run_dir}"], tmp_path)
    assert old.returncode == 2 and "0.0.1" in old.stderr


def test_a_fresh_run_will_not_overwrite_a_finished_folder(tmp_path):
    cfg = sim.compose(["replications=2", "horizon_days=5", "executor=serial", "progress=false", "plots=false"])
    sim.run(cfg, out_dir=tmp_path / "x")
    with pytest.raises(sim.config.check.ConfigError, match="resume="):
        sim.run(cfg, out_dir=tmp_path / "x")


def interrupted_by_a_full_disk(overrides: list[str], folder: Path, monkeypatch, chunk: int = 4) -> None:
    """A run into `folder` whose `chunk`-th part cannot be written (no space left): the parts before stay."""
    from sim.experiment import store

    calls = {"n": 0}
    real = store.PartStore.write_chunk

    def full_disk_at(self, outputs):
        calls["n"] += 1
        if calls["n"] == chunk:
            raise OSError(28, "No space left on device")
        real(self, outputs)

    with monkeypatch.context() as patched:
        patched.setattr(store.PartStore, "write_chunk", full_disk_at)
        with pytest.raises(OSError, match="No space"):
            sim.run(sim.compose(overrides), out_dir=folder)


DAMAGE = {
    "zero_byte": lambda p: p.write_bytes(b""),
    "truncated": lambda p: p.write_bytes(p.read_bytes()[:-40]),
    "garbage": lambda p: p.write_bytes(b"not parquet at all\n" * 10),
}


@pytest.mark.parametrize(
    ("kind", "how"),
    [("outcomes", "zero_byte"), ("outcomes", "truncated"), ("outcomes", "garbage"), ("daily", "truncated")],
)
def test_a_damaged_part_is_computed_again_before_anything_else(tmp_path, monkeypatch, kind, how):
    small = [
        "replications=10",
        "executor=serial",
        "executor.chunk_size=2",
        "horizon_days=10",
        "progress=false",
        "plots=false",
    ]
    interrupted_by_a_full_disk(small, tmp_path / "run", monkeypatch)
    DAMAGE[how](tmp_path / "run" / "parts" / f"{kind}-000000002.parquet")
    resumed = sim.run(sim.compose([*small, f"resume={tmp_path / 'run'}"]))
    assert resumed.meta["computed_now"] == 10 - 6 + 2  # the four never written, and the damaged chunk of two
    whole = sim.run(sim.compose(small))
    pd.testing.assert_frame_equal(resumed.outcomes, whole.outcomes)
    pd.testing.assert_frame_equal(resumed.daily, whole.daily)


def test_a_resume_into_a_folder_another_run_is_writing_is_refused(tmp_path):
    import fcntl

    small = ["replications=2", "horizon_days=5", "executor=serial", "progress=false", "plots=false"]
    sim.run(sim.compose(small), out_dir=tmp_path / "run")
    with open(tmp_path / "run" / ".claim", "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(sim.config.check.ConfigError, match="no other run is writing"):
            sim.run(sim.compose([*small, f"resume={tmp_path / 'run'}"]))


SMALL = ["replications=10", "executor=serial", "executor.chunk_size=2", "horizon_days=10", "progress=false"]


def test_resume_auto_runs_fresh_completes_an_interrupted_run_and_reads_a_finished_one(tmp_path, monkeypatch):
    small = [*SMALL, "plots=false", "resume=auto"]
    interrupted_by_a_full_disk(small, tmp_path / "run", monkeypatch)  # nothing there: a fresh run, 3 chunks kept
    resumed = sim.run(sim.compose(small), out_dir=tmp_path / "run")
    assert resumed.meta["computed_now"] == 10 - 6  # completed there, not started again
    again = sim.run(sim.compose(small), out_dir=tmp_path / "run")
    assert again.meta["computed_now"] == 0  # finished: read back
    whole = sim.run(sim.compose(SMALL))
    for results in (resumed, again):
        pd.testing.assert_frame_equal(results.outcomes, whole.outcomes)
        pd.testing.assert_frame_equal(results.daily, whole.daily)
    with pytest.raises(sim.config.check.ConfigError, match="seed differs"):  # the same checks as resume=FOLDER
        sim.run(sim.compose([*small, "seed=99"]), out_dir=tmp_path / "run")
    with pytest.raises(sim.config.check.ConfigError, match="output folder"):
        sim.run(sim.compose(small))


def test_an_interrupted_sweep_is_completed_by_the_command_it_prints(tmp_path):
    sweep = tmp_path / "sweep"
    args = ["-m", "+scenario=advance", "seed=1,2", *SMALL, "replications=120", f"hydra.sweep.dir={sweep}"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "sim", *args],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    parts = sweep / "job1_advance" / "parts"
    deadline = time.time() + 120
    while time.time() < deadline and not list(parts.glob("outcomes-*.parquet")):
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    command = err.strip().splitlines()[-1].split()
    assert command[:3] == ["python", "-m", "sim"] and command[-1] == "resume=auto", err
    done = run_cli(command[3:], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "already complete" in done.stdout and (sweep / "comparison.md").exists()
    for job, seed in (("job0_advance", 1), ("job1_advance", 2)):
        with untraced():
            whole = sim.run(sim.compose(["+scenario=advance", f"seed={seed}", *SMALL, "replications=120"])).outcomes
        pd.testing.assert_frame_equal(pd.read_parquet(sweep / job / "outcomes.parquet"), whole)
