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

pytestmark = pytest.mark.slow
CASE = [
    "+scenario=unprepared_conscripts",
    "replications=24",
    "horizon_days=60",
    "progress=false",
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

    case = ["+scenario=advance", "replications=120", "horizon_days=120", "progress=false", "executor.chunk_size=4"]
    thread = threading.Thread(target=kill_one_worker, daemon=True)
    thread.start()
    pooled = sim.run(sim.compose([*case, f"executor={executor}", "executor.n_workers=2"])).outcomes
    thread.join()
    assert killed, "no worker was killed"
    serial = sim.run(sim.compose([*case, "executor=serial"])).outcomes
    assert len(pooled) == 120 and pooled["replication"].is_unique
    pd.testing.assert_frame_equal(serial, pooled)


def test_every_executor_the_schema_allows_has_a_runner():
    """The schema's executor names and the executor table are the same set: a new one needs both."""
    from sim.config.schema import EXECUTORS
    from sim.experiment.executors import BY_NAME

    assert set(BY_NAME) == set(EXECUTORS)
