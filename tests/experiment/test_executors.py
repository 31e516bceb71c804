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
CASE = ["+scenario=unprepared_conscripts", "replications=24", "horizon_days=60", "progress=false",
        "executor.chunk_size=3"]


def outcomes(*overrides):
    return sim.run(sim.compose([*CASE, *overrides])).outcomes


def test_serial_processes_and_dask_agree():
    serial = outcomes("executor=serial")
    for other in (["executor=processes", "executor.n_workers=1"], ["executor=processes", "executor.n_workers=2"],
                  ["executor=dask", "executor.n_workers=2"]):
        pd.testing.assert_frame_equal(serial, outcomes(*other), obj=" ".join(other))


def test_a_killed_worker_process_loses_nothing():
    me = psutil.Process()
    killed = []

    def kill_one_worker():
        deadline = time.time() + 60
        while time.time() < deadline and not killed:
            workers = [c for c in me.children(recursive=True) if c.is_running()]
            if workers:
                time.sleep(0.5)  # let it take work
                os.kill(workers[0].pid, signal.SIGKILL)
                killed.append(workers[0].pid)
            time.sleep(0.05)

    case = ["+scenario=advance", "replications=80", "horizon_days=120", "progress=false", "executor.chunk_size=4"]
    thread = threading.Thread(target=kill_one_worker, daemon=True)
    thread.start()
    pooled = sim.run(sim.compose([*case, "executor=processes", "executor.n_workers=2"])).outcomes
    thread.join()
    assert killed, "no worker was killed"
    serial = sim.run(sim.compose([*case, "executor=serial"])).outcomes
    assert len(pooled) == 80 and pooled["replication"].is_unique
    pd.testing.assert_frame_equal(serial, pooled)
