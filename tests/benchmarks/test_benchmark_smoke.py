"""The benchmark script runs end to end in its quick mode and prints its table. No timing is asserted:
performance is read from the printed figures (DESIGN §5), never tested against a threshold."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sim.config.registry import scenario_names

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "benchmarks" / "benchmark.py"

pytestmark = pytest.mark.slow


def test_quick_benchmark_prints_the_table(tmp_path: Path) -> None:
    figures = tmp_path / "figures.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--json", str(figures)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    out = done.stdout
    assert "| measure | value | how |" in out
    assert "|---|---|---|" in out
    rows = (
        "| bare SimPy loop |",
        "| model / bare loop, per event |",
        *(f"| `{name}`, serial |" for name in scenario_names()),
        "| 2 workers vs 1",
        "| peak memory, 10 replications |",
        "| peak memory, 30 replications |",
        "| start-up, serial |",
        "| start-up, processes (2 workers) |",
        "| start-up, dask LocalCluster",
        "| `import sim.api` |",
        "| `python -m sim +scenario=advance replications=2",
        "| `sim.run` overhead, 1 replication |",
        "| sweep, 2 jobs × 2 replications |",
        "| one `advance` replication / fixed bare loop |",
        "| 2 workers vs 1, whole command",
    )
    for row in rows:
        assert row in out, f"missing row {row!r}"
    assert f"{os.cpu_count()} CPUs" in out
    assert "Python 3." in out and "numpy" in out and "simpy" in out

    data = json.loads(figures.read_text())
    assert data["mode"] == "quick"
    assert data["model_events_per_rep"] > 0 and data["bare_events"] > 0
    check = data["model_events_check"]
    assert check["patched_step"] == check["eid_minus_queue"]  # the two ways of counting events agree
    assert set(data["scenarios"]) == set(scenario_names())
    assert set(data["memory"]) == {"10", "30"}
    assert set(data["startup"]["tiny_job_s"]) == {"serial", "processes", "dask"}
    commands = data["commands"]
    assert commands["sweep"]["jobs"] == 2 and commands["sweep"]["simulation_s"] > 0
    assert set(commands["sim_run_overhead"]) == {"1", "5"} and commands["replication_vs_bare"]["bare_ms"] > 0
    assert commands["workers_whole_command"]["machine_ceiling"] > 0  # measured beside the 2-vs-1 runs
    assert not list(tmp_path.glob("results")), "the benchmark must not write results into the working folder"


def test_rejects_unknown_section() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--sections", "events,nope"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "nope" in done.stderr
