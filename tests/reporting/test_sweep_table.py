"""A sweep ends with its jobs' outcomes in one table: `outcomes.parquet` in the sweep folder."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from sim.reporting.compare import find_jobs
from sim.reporting.sweep import override_values, sweep_table
from tests.conftest import ROOT, run_cli

FAST = ["+scenario=advance", "replications=2", "executor=serial", "horizon_days=5", "plots=false", "progress=false"]


@pytest.mark.slow
def test_a_two_job_sweep_writes_one_row_per_job_and_replication(tmp_path):
    sweep = tmp_path / "sweep"
    proc = run_cli(["-m", *FAST, "seed=1,2", f"hydra.sweep.dir={sweep}"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert f"outcomes of 2 jobs in one table -> {sweep / 'outcomes.parquet'}" in proc.stdout
    table = pd.read_parquet(sweep / "outcomes.parquet")
    assert len(table) == 4
    heads = ["job", "scenario", "replications", "executor", "horizon_days", "plots", "progress", "job_seed"]
    assert list(table.columns[: len(heads)]) == heads  # job_seed: the override; `seed` stays the row's own
    assert table["job"].tolist() == [0, 0, 1, 1]
    assert table["job_seed"].tolist() == [1, 1, 2, 2] and set(table["scenario"]) == {"advance"}
    assert table["replications"].tolist() == [2, 2, 2, 2] and table["horizon_days"].tolist() == [5, 5, 5, 5]
    for number, job in enumerate(find_jobs(sweep)):  # the sweep folder is still a multirun to `sim compare`
        own = pd.read_parquet(job / "outcomes.parquet")
        rows = table[table["job"] == number].drop(columns=table.columns[: table.columns.get_loc("replication")])
        pd.testing.assert_frame_equal(rows.reset_index(drop=True), own, check_dtype=False)  # int here, float there
    assert (sweep / "comparison.md").exists()


def test_override_values_are_parsed_as_hydra_does():
    overrides = ["+scenario=advance", "seed=3", "plots=false", "x.y=[1,2]", "~a.b", "hydra.job.chdir=true"]
    values = override_values(overrides)
    assert values == {"scenario": "advance", "seed": 3, "plots": False, "x.y": "[1, 2]"}


def test_mixed_kinds_become_text(tmp_path):
    for i, value in enumerate(["1.5", "fast"]):
        job = tmp_path / f"job{i}_a"
        (job / ".hydra").mkdir(parents=True)
        pd.DataFrame({"replication": [0], "seed": [7], "area_km2": [1.0]}).to_parquet(job / "outcomes.parquet")
        (job / ".hydra" / "overrides.yaml").write_text(f"- combat.kill_rate={value}\n")
        (job / "run.json").write_text('{"scenario": "a"}')
    table = sweep_table(find_jobs(tmp_path))
    assert table["combat.kill_rate"].tolist() == ["1.5", "fast"] and table["job"].tolist() == [0, 1]
    assert table["scenario"].tolist() == ["a", "a"] and table["seed"].tolist() == [7, 7]


def test_the_sweep_end_loads_no_plotting_library_in_the_command():
    """The command writes the combined table; the drawer draws the comparison. Loading matplotlib for a
    fallback that is rarely taken cost a fifth of a second before the table."""
    code = (
        "import sys\n"
        "import sim.reporting.callbacks, sim.reporting.compare, sim.reporting.sweep\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'matplotlib')[:3])\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
