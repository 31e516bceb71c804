"""A pool worker that dies while it is sending a chunk's result leaves half a message in the result pipe;
CPython's pool then waits for the rest forever. The run must neither hang when that worker was killed (the
chunks are re-run) nor when the run itself stops the workers mid-send (Ctrl-C). Each case runs in a
subprocess with a timeout, so that a hang fails the test instead of stalling the suite."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow
COMMON = """
import os, signal, struct, sys, time
from multiprocessing import connection
from sim.config.schema import ExecutorConfig
from sim.experiment.executors import _processes

CFG = ExecutorConfig(name="processes", n_workers=2)


def send_half_then(then):
    \"\"\"Make this worker's next message stop halfway: its length and half its bytes, then `then()`.\"\"\"

    def half(self, buf):
        self._send(struct.pack("!i", len(buf)))
        self._send(buf[: len(buf) // 2])
        then()

    connection.Connection._send_bytes = half


def die():
    os.kill(os.getpid(), signal.SIGKILL)


def stall():
    time.sleep(600)
"""
KILLED_WHILE_SENDING = """
marker = sys.argv[1]


def chunk(keys):
    if keys[0] == 0 and not os.path.exists(marker):  # once: the re-run of chunk 0 sends normally
        open(marker, "w").close()
        time.sleep(0.5)  # the other chunks are sent first: nothing later completes the broken message
        send_half_then(die)
    return b"x" * 1_000_000


results = list(_processes(chunk, [[i] for i in range(3)], CFG))
assert os.path.exists(marker), "no worker died"
print(len(results), "results", {len(r) for r in results})
"""
STOPPED_WHILE_SENDING = """
def chunk(keys):
    if keys[0] == 0:
        time.sleep(0.3)  # chunk 1 is received first
        send_half_then(stall)
    return b"x" * 1_000_000


results = _processes(chunk, [[0], [1]], CFG)
next(results)
time.sleep(1.0)  # chunk 0 is half sent now: the pool's manager waits for the rest of it
try:
    results.throw(KeyboardInterrupt)  # what Ctrl-C raises in the loop that consumes the results
except KeyboardInterrupt:
    print("stopped")
"""


def run_script(body: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "case.py"
    script.write_text(textwrap.dedent(COMMON) + textwrap.dedent(body))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        return subprocess.run(
            [sys.executable, str(script), str(tmp_path / "killed-once")],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the pool hung on a result that a dead worker had half sent")


def test_a_worker_killed_while_sending_its_result_does_not_hang_the_pool(tmp_path):
    done = run_script(KILLED_WHILE_SENDING, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["3", "results", "{1000000}"]
    assert "re-running" in done.stderr  # the pool was restarted for the chunks the dead worker held


def test_stopping_the_workers_while_they_send_results_does_not_hang(tmp_path):
    done = run_script(STOPPED_WHILE_SENDING, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "stopped"
