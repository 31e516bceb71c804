"""The CLI as a user meets it: runs, sweeps, help, and one-line refusals of bad input."""

from __future__ import annotations

import pandas as pd
import pytest

from sim.config.registry import scenario_names
from tests.conftest import run_cli

pytestmark = pytest.mark.slow
FAST = ["replications=6", "executor=serial", "horizon_days=30"]


def test_run_writes_tables_summary_plots_and_config(tmp_path):
    out = tmp_path / "run"
    proc = run_cli(["+scenario=dissuasion", *FAST, f"hydra.run.dir={out}"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    for name in (
        "outcomes.parquet",
        "daily.parquet",
        "summary.md",
        "outcomes.png",
        "front.png",
        "run.json",
        "config.yaml",
        ".hydra/config.yaml",
        "sim.log",
    ):
        assert (out / name).exists(), name
    outcomes = pd.read_parquet(out / "outcomes.parquet")
    assert len(outcomes) == 6
    assert {"replication", "seed", "area_km2", "outcome", "cas_ua", "cas_ru", "breakthroughs"} <= set(outcomes)
    assert "dissuasion" in (out / "summary.md").read_text()


def test_default_folder_is_results_scenario_timestamp(tmp_path):
    proc = run_cli(["+scenario=advance", *FAST], tmp_path)
    assert proc.returncode == 0, proc.stderr
    runs = list((tmp_path / "results" / "advance").iterdir())
    assert len(runs) == 1 and (runs[0] / "outcomes.parquet").exists()


def test_multirun_sweep_makes_one_folder_per_job(tmp_path):
    sweep = tmp_path / "sweep"
    proc = run_cli(["-m", *FAST, "combat.law=square,linear", f"hydra.sweep.dir={sweep}"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    jobs = sorted(p for p in sweep.iterdir() if p.is_dir() and (p / "outcomes.parquet").exists())
    assert len(jobs) == 2
    # a sweep's jobs leave their figures to the comparison, which is still drawn (plots=null, the default)
    assert not [p.name for job in jobs for p in job.glob("*.png")]
    assert "Figures not drawn" in (jobs[0] / "summary.md").read_text()
    assert (sweep / "comparison.md").exists() and (sweep / "compare_front.png").exists()


def test_plots_false_writes_the_tables_and_reports_without_figures_and_true_draws_in_a_sweep(tmp_path):
    out, sweep = tmp_path / "run", tmp_path / "sweep"
    proc = run_cli(["+scenario=advance", *FAST, "plots=false", f"hydra.run.dir={out}"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert not list(out.glob("*.png")) and not list(out.glob("*.svg"))
    for name in ("outcomes.parquet", "daily.parquet", "summary.md", "summary.json", "report.html", "run.json"):
        assert (out / name).exists(), name
    proc = run_cli(["-m", *FAST, "horizon_days=5", "plots=true", "seed=1,2", f"hydra.sweep.dir={sweep}"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert len(list(sweep.glob("job*/front.png"))) == 2


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["+scenario=nowhere"], ["scenario='nowhere'", *scenario_names()]),
        (["replications=0"], ["replications=0", ">= 1"]),
        (["manoeuvre.captured_share=1.5"], ["manoeuvre.captured_share=1.5", "[0, 1]"]),
        (["replications=many"], ["replications='many'", "an integer >= 1"]),
        (["combat.kill_rate=fast"], ["combat.kill_rate", "fast", "Float"]),
        (["combat.law=parabolic"], ["combat.law='parabolic'", "square, linear, helmbold"]),
        (["theatre.sectors.lyman.neighbours=[atlantis]"], ["neighbours='atlantis'", "lyman"]),
    ],
)
def test_bad_input_one_line_nonzero_exit_nothing_written(tmp_path, args, expected):
    proc = run_cli([*FAST, *args], tmp_path)
    assert proc.returncode == 2
    message = proc.stderr.strip()
    assert len(message.splitlines()) == 1, message
    for text in expected:
        assert text in message
    assert not (tmp_path / "results").exists()


def test_cfg_job_and_help(tmp_path):
    proc = run_cli(["+scenario=advance", "--cfg", "job"], tmp_path)
    assert proc.returncode == 0 and "scenario_name: advance" in proc.stdout
    proc = run_cli(["--help"], tmp_path)
    assert proc.returncode == 0 and "scenario" in proc.stdout
