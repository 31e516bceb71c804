"""The process pool through the command line, as a user meets it: a worker killed mid-run, Ctrl-C pressed
twice, the main process killed. The run completes (or stops) within a bounded time, with the numbers of an
uninterrupted run, and no process of the run is left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import psutil
import pytest

import sim
from tests.conftest import ROOT, untraced

pytestmark = pytest.mark.slow
CASE = [
    "+scenario=advance",
    "replications=60",
    "horizon_days=120",
    "progress=false",
    "plots=false",
    "executor.chunk_size=3",
]
POOL = ["executor=processes", "executor.n_workers=2"]


def start(args: list[str], cwd: Path) -> subprocess.Popen[str]:
    """`python -m sim ...` in a session of its own, so that a Ctrl-C can be sent to its process group."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("HYDRA_FULL_ERROR", None)
    return subprocess.Popen(
        [sys.executable, "-m", "sim", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def busy_workers(proc: subprocess.Popen[str], wait: float = 120) -> list[psutil.Process]:
    """The run's worker processes, once two of them have started computing."""
    main = psutil.Process(proc.pid)
    deadline = time.time() + wait
    while time.time() < deadline and proc.poll() is None:
        busy = []
        for child in main.children(recursive=True):
            try:
                if child.cpu_times().user > 0.5:
                    busy.append(child)
            except psutil.Error:
                continue
        if len(busy) >= 2:
            return busy
        time.sleep(0.05)
    pytest.fail("the run's workers never started computing")


def alive(processes: list[psutil.Process]) -> list[psutil.Process]:
    left = []
    for p in processes:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                left.append(p)
        except psutil.Error:
            continue
    return left


def wait_gone(processes: list[psutil.Process], seconds: float) -> list[psutil.Process]:
    deadline = time.time() + seconds
    while alive(processes) and time.time() < deadline:
        time.sleep(0.1)
    return alive(processes)


def test_a_killed_worker_of_a_cli_run_loses_nothing_and_hangs_nothing(tmp_path):
    run_dir = tmp_path / "run"
    case = [*CASE, "replications=200"]  # 60 were all done before two workers had 0.5 s of CPU on a fast host
    started = time.perf_counter()
    proc = start([*case, *POOL, f"hydra.run.dir={run_dir}"], tmp_path)
    try:
        workers = busy_workers(proc)
        os.kill(workers[0].pid, signal.SIGKILL)
        _, err = proc.communicate(timeout=180)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    elapsed = time.perf_counter() - started
    assert proc.returncode == 0, err
    print(f"killed-worker run completed in {elapsed:.1f} s")
    pooled = pd.read_parquet(run_dir / "outcomes.parquet")
    with untraced():  # the reference: 200 replications
        serial = sim.run(sim.compose([*case, "executor=serial"])).outcomes
    pd.testing.assert_frame_equal(pooled, serial)


def test_ctrl_c_twice_exits(tmp_path):
    run_dir = tmp_path / "run"
    proc = start([*CASE, *POOL, "replications=400", f"hydra.run.dir={run_dir}"], tmp_path)
    try:
        workers = busy_workers(proc)
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C reaches the whole foreground process group
        time.sleep(0.3)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            pytest.fail("Ctrl-C twice did not end the run within 30 s")
    assert proc.returncode in (130, -signal.SIGINT), err  # -2: the second came as Python was exiting
    assert "interrupted" in err and "Traceback" not in err
    assert not wait_gone(workers, 10)


def test_ctrl_c_once_stops_the_workers_and_the_run_resumes(tmp_path):
    run_dir = tmp_path / "run"
    case = [*CASE, "replications=150"]  # 60 can all be done before the Ctrl-C lands on a busy machine
    proc = start([*case, *POOL, f"hydra.run.dir={run_dir}"], tmp_path)
    try:
        workers = busy_workers(proc)
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            pytest.fail("Ctrl-C did not end the run within 30 s")
    assert proc.returncode == 130, err
    assert "resume=" in err and "Traceback" not in err
    assert not wait_gone(workers, 10)
    resumed = start([*case, *POOL, f"resume={run_dir}"], tmp_path)
    _, err = resumed.communicate(timeout=180)
    assert resumed.returncode == 0, err
    with untraced():  # the reference: 150 replications
        serial = sim.run(sim.compose([*case, "executor=serial"])).outcomes
    pd.testing.assert_frame_equal(pd.read_parquet(run_dir / "outcomes.parquet"), serial)


def test_sigkill_of_the_main_process_leaves_no_process_of_the_run(tmp_path):
    proc = start([*CASE, *POOL, "replications=400", f"hydra.run.dir={tmp_path / 'run'}"], tmp_path)
    busy_workers(proc)
    family = psutil.Process(proc.pid).children(recursive=True)
    try:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)  # not communicate(): orphans would hold its pipes open
        left = wait_gone(family, 10)
        assert not left, [p.pid for p in left]
    finally:
        for p in alive(family):  # leave nothing behind, whatever the verdict
            p.kill()
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
