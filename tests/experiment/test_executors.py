"""Same seed, same numbers: serial, one and two worker processes, and Dask; a worker killed mid-run loses
and duplicates nothing."""

from __future__ import annotations

import os
import signal
import threading
import time

import pandas as pd
import psutil
import pytest

import sim
from tests.conftest import untraced

pytestmark = [pytest.mark.slow, pytest.mark.model_untraced]
CASE = [
    "+scenario=unprepared_conscripts",
    "replications=24",
    "horizon_days=60",
    "progress=false",
    "plots=false",
    "executor.chunk_size=3",
]


def outcomes(*overrides):
    return sim.run(sim.compose([*CASE, *overrides])).outcomes


def test_serial_processes_and_dask_agree():
    serial = outcomes("executor=serial")
    for other in (
        ["executor=processes", "executor.n_workers=1"],
        ["executor=processes", "executor.n_workers=2"],
        ["executor=dask", "executor.n_workers=2"],
    ):
        pd.testing.assert_frame_equal(serial, outcomes(*other), obj=" ".join(other))


def test_the_tapered_chunks_of_a_pool_give_the_serial_numbers():
    overrides = [o for o in CASE if not o.startswith(("executor.chunk_size", "replications"))] + ["replications=72"]
    serial = sim.run(sim.compose([*overrides, "executor=serial"])).outcomes
    pool = sim.run(sim.compose([*overrides, "executor=processes", "executor.n_workers=2"])).outcomes  # 9 ... 1
    pd.testing.assert_frame_equal(serial, pool)


def busy_worker(me: psutil.Process, wait: float) -> psutil.Process | None:
    """A child process that has started computing (used CPU), found within `wait` seconds."""
    deadline = time.time() + wait
    while time.time() < deadline:
        for child in me.children(recursive=True):
            try:
                if child.cpu_times().user > 1.0:
                    return child
            except psutil.Error:
                continue
        time.sleep(0.05)
    return None


@pytest.mark.parametrize("executor", ["processes", "dask"])
def test_a_killed_worker_process_loses_nothing(executor):
    me = psutil.Process()
    killed = []

    def kill_one_worker():
        worker = busy_worker(me, 90)
        if worker is not None:
            os.kill(worker.pid, signal.SIGKILL)
            killed.append(worker.pid)

    case = [
        "+scenario=advance",
        "replications=120",
        "horizon_days=120",
        "progress=false",
        "plots=false",
        "executor.chunk_size=4",
    ]
    thread = threading.Thread(target=kill_one_worker, daemon=True)
    thread.start()
    pooled = sim.run(sim.compose([*case, f"executor={executor}", "executor.n_workers=2"])).outcomes
    thread.join()
    assert killed, "no worker was killed"
    with untraced():  # the reference numbers; the serial executor's lines are measured elsewhere
        serial = sim.run(sim.compose([*case, "executor=serial"])).outcomes
    assert len(pooled) == 120 and pooled["replication"].is_unique
    pd.testing.assert_frame_equal(serial, pooled)


def test_every_executor_the_schema_allows_has_a_runner():
    """The schema's executor names and the executor table are the same set: a new one needs both."""
    from sim.config.schema import EXECUTORS
    from sim.experiment.executors import BY_NAME

    assert set(BY_NAME) == set(EXECUTORS)


SCRIPT = """
import sim
res = sim.run(sim.compose(["replications=4", "horizon_days=5", "executor=dask", "executor.n_workers=2",
                           "progress=false", "plots=false"]))
print("rows", len(res.outcomes))
"""


@pytest.mark.parametrize("how", ["script_without_main_guard", "stdin"])
def test_dask_from_a_script_without_a_main_guard_or_from_stdin_works(tmp_path, how):
    import subprocess
    import sys

    from tests.conftest import ROOT

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if how == "stdin":
        cmd, stdin = [sys.executable, "-"], SCRIPT
    else:
        (tmp_path / "mine.py").write_text(SCRIPT)
        cmd, stdin = [sys.executable, str(tmp_path / "mine.py")], None
    proc = subprocess.run(
        cmd, input=stdin, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180, check=False
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "rows 4" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_an_unreachable_dask_scheduler_is_one_line_not_a_write_error(tmp_path):
    import socket

    from tests.conftest import run_cli

    with socket.socket() as s:  # a port that was free a moment ago: nothing listens there
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = run_cli(
        [
            "replications=2",
            "horizon_days=2",
            "progress=false",
            "executor=dask",
            f"executor.address=tcp://127.0.0.1:{port}",
        ],
        tmp_path,
        timeout=120,
        env={"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"},
    )
    assert proc.returncode == 2, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "cannot reach the Dask scheduler" in proc.stderr and "cannot write" not in proc.stderr
    assert not (tmp_path / "results").exists()
