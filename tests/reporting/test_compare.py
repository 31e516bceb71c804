"""Comparing result folders: job labels, pairing, the report and figures, the command line and the
Hydra callback, over two small real runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml
from omegaconf import OmegaConf

import sim
from sim.cli.compare import main
from sim.experiment.results import Results
from sim.reporting.callbacks import CompareOnMultirunEnd
from sim.reporting.compare import Job, compare, find_jobs, is_paired, label_jobs, load_job
from tests.conftest import replications_untraced

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.model_untraced
SMALL = ["horizon_days=20", "replications=8", "executor=serial", "progress=false", "plots=false"]
FIGURES = ("compare_distributions.png", "compare_probabilities.png", "compare_front.png", "compare_casualties.png")


def make_runs(root: Path) -> Path:
    """A sweep-like folder of two jobs: job0 written by `sim.run` (no .hydra: its overrides are recovered
    from config.yaml), job1 with Hydra's overrides.yaml, as `-m combat.kill_rate=...` would leave it."""
    sim.run(sim.compose(SMALL), out_dir=root / "job0_baseline")
    job1 = ["+scenario=baseline", *SMALL[:3], "combat.kill_rate=0.02"]
    sim.run(sim.compose([*job1, "progress=false", "plots=false"]), out_dir=root / "job1_baseline")
    (root / "job1_baseline" / ".hydra").mkdir()
    (root / "job1_baseline" / ".hydra" / "overrides.yaml").write_text(yaml.safe_dump(job1))
    (root / "not_a_job").mkdir()
    return root


def _job(name: str, overrides: list[str], scenario: str = "a") -> Job:
    frame = pd.DataFrame({"replication": [0, 1], "seed": [11, 12], "area_km2": [1.0, 2.0]})
    return Job(Path("/x") / name, Results(frame, pd.DataFrame(), {"scenario": scenario}), overrides)


def test_labels_are_scenario_plus_distinguishing_overrides():
    jobs = [
        _job("job0_a", ["+scenario=a", "x.y=1", "replications=9", "executor=serial"]),
        _job("job1_a", ["+scenario=a", "x.y=2", "replications=9", "executor=serial"]),
        _job("job2_b", ["+scenario=b", "x.y=1", "replications=9"], "b"),
        _job("job3_b", ["+scenario=b", "x.y=1", "replications=9"], "b"),
    ]
    common = label_jobs(jobs)
    assert common == ["replications=9"]
    assert [j.label for j in jobs] == ["a · x.y=1", "a · x.y=2", "b · x.y=1 · job2_b", "b · x.y=1 · job3_b"]
    assert jobs[0].replay_command(4) == "python -m sim +scenario=a x.y=1 replications=9 replay=4"


def test_the_reports_title_names_the_jobs_or_what_a_long_sweep_varies():
    from sim.reporting.compare_report import title_jobs

    assert (
        title_jobs(["dissuasion", "advance", "unprepared_conscripts"]) == "dissuasion, advance, unprepared_conscripts"
    )
    swept = [f"advance · combat.kill_rate={r} · mobilization.called_up={n}" for r in (1, 2, 4, 8) for n in (1, 3)]
    assert title_jobs(swept) == "advance over `combat.kill_rate`, `mobilization.called_up`"
    assert title_jobs([f"{s} · x.y=1 · job{k}_{s}" for k, s in enumerate(["baseline", "advance"] * 5)]) == (
        "baseline, advance over `x.y`"  # a folder name that tells identical labels apart is not a key
    )


def test_pairing_needs_the_same_replications_and_seeds():
    a = pd.DataFrame({"replication": [0, 1, 2], "seed": [5, 6, 7], "area_km2": [1.0, 2.0, 3.0]})
    assert is_paired(a, a.assign(area_km2=0.0))
    assert not is_paired(a, a.assign(seed=[8, 9, 10]))
    assert not is_paired(a, a.iloc[:2])


def test_compare_two_real_runs_writes_the_report_and_figures(tmp_path):
    """One test, so that the runs are made once (xdist would build a shared fixture once per worker)."""
    runs = make_runs(tmp_path / "multirun")
    jobs = find_jobs(runs)
    assert [p.name for p in jobs] == ["job0_baseline", "job1_baseline"]
    assert find_jobs(jobs[0]) == [jobs[0]]
    recovered = load_job(jobs[0]).overrides
    assert recovered[0] == "+scenario=baseline" and {"horizon_days=20", "replications=8"} <= set(recovered)
    assert not any(o.startswith(("executor", "progress")) for o in recovered)

    report = compare(jobs, tmp_path / "out")
    assert report == tmp_path / "out" / "comparison.md"
    text = report.read_text()
    glance = text[text.index("## At a glance") : text.index("## Jobs")]
    assert "| baseline | 8 |" in glance and "| baseline · combat.kill_rate=0.02 | 8 |" in glance
    shared = next(line for line in text.splitlines() if line.startswith("Overrides shared by every job:"))
    assert "`horizon_days=20`" in shared and "`replications=8`" in shared
    for section in (
        "## Outcome categories",
        "Chi-square test",
        "## Differences between jobs",
        "### baseline · combat.kill_rate=0.02 − baseline",
        "paired: same seed and replications",
        "Wilcoxon p (paired)",
        "## Numeric outcomes per job",
        "## Replications to replay",
    ):
        assert section in text, section
    assert "python -m sim +scenario=baseline horizon_days=20 replications=8 combat.kill_rate=0.02 replay=" in text
    for name in FIGURES:
        assert (tmp_path / "out" / name).stat().st_size > 10_000 and f"]({name})" in text


@pytest.fixture
def calls(monkeypatch):
    """Record what `compare` is asked to do instead of doing it (the real one is tested above)."""
    made: list[tuple[list[Path], Path]] = []

    def fake(folders, out_dir, **_):
        made.append((list(folders), Path(out_dir)))
        return Path(out_dir) / "comparison.md"

    monkeypatch.setattr("sim.reporting.compare.compare", fake)
    monkeypatch.setattr("sim.reporting.sweep.write_sweep_table", lambda _, sweep: Path(sweep) / "outcomes.parquet")
    return made


def _fake_sweep(root: Path, n: int) -> Path:
    for i in range(n):
        (root / f"job{i}_a").mkdir(parents=True)
        (root / f"job{i}_a" / "outcomes.parquet").touch()
    return root


def test_callback_compares_the_sweep_folder_once_two_jobs_finished(tmp_path, calls, capsys):
    sweep = _fake_sweep(tmp_path / "sweep", 11)
    CompareOnMultirunEnd().on_multirun_end(OmegaConf.create({"hydra": {"sweep": {"dir": str(sweep)}}}))
    assert calls == [([sweep / f"job{i}_a" for i in range(11)], sweep)]  # job order, not text order
    assert capsys.readouterr().out.strip().splitlines() == [
        f"outcomes of 11 jobs in one table -> {sweep / 'outcomes.parquet'}",
        f"comparison of 11 jobs -> {sweep / 'comparison.md'}",
    ]
    lone = _fake_sweep(tmp_path / "lone", 1)
    CompareOnMultirunEnd().on_multirun_end(OmegaConf.create({"hydra": {"sweep": {"dir": str(lone)}}}))
    assert len(calls) == 1  # one job: its table, no comparison
    assert capsys.readouterr().out.strip() == f"outcomes of 1 job in one table -> {lone / 'outcomes.parquet'}"


def test_callback_failure_is_one_line_not_a_failed_sweep(tmp_path, monkeypatch, capsys):
    def broken(*_, **__):
        raise ValueError("bad\nparquet")

    monkeypatch.setattr("sim.reporting.compare.compare", broken)
    monkeypatch.setattr("sim.reporting.sweep.write_sweep_table", lambda _, sweep: Path(sweep) / "outcomes.parquet")
    sweep = _fake_sweep(tmp_path / "sweep", 2)
    CompareOnMultirunEnd().on_multirun_end(OmegaConf.create({"hydra": {"sweep": {"dir": str(sweep)}}}))
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "ValueError: bad parquet" in err[0] and f"python -m sim compare {sweep}" in err[0]


def test_command_line_default_out(tmp_path, calls, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    sweep = _fake_sweep(tmp_path / "sweep", 2)
    single = _fake_sweep(tmp_path / "other", 1) / "job0_a"
    assert main([str(single), str(sweep)]) == 0
    assert calls[-1] == ([single, sweep / "job0_a", sweep / "job1_a"], sweep)  # beside the multirun's jobs
    assert main([str(single), str(single), "--out", "cmp"]) == 0
    assert calls[-1] == ([single], Path("cmp"))
    assert main([str(single)]) == 0
    assert calls[-1][1].parent == Path("results") / "comparisons"
    assert "comparison of 1 job -> " in capsys.readouterr().out


def test_command_line_refuses_a_folder_that_is_not_a_result_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-m", "sim", "compare", str(tmp_path / "empty")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        f"sim compare: error: {tmp_path / 'empty'} is not a result folder: no outcomes.parquet in it or in its "
        "subfolders"
    ]
    assert list((tmp_path / "empty").iterdir()) == [] and not (tmp_path / "results").exists()


@pytest.fixture(scope="module")
def two_finished_runs(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("two")
    with replications_untraced():  # a module's fixture: outside the marker's reach
        sim.run(sim.compose(SMALL), out_dir=root / "a")
        sim.run(sim.compose([*SMALL, "seed=5"]), out_dir=root / "b")
    return root


@pytest.fixture
def two_runs(two_finished_runs, tmp_path) -> tuple[Path, Path]:
    """Copies of two finished runs, to spoil at will."""
    import shutil

    for name in ("a", "b"):
        shutil.copytree(two_finished_runs / name, tmp_path / name)
    return tmp_path / "a", tmp_path / "b"


@pytest.mark.parametrize(
    ("spoil", "expected"),
    [
        (lambda f: (f / "outcomes.parquet").write_bytes(b"PAR1 garbage"), "outcomes.parquet cannot be read"),
        (lambda f: (f / "outcomes.parquet").write_bytes(b""), "outcomes.parquet cannot be read"),
        (lambda f: (f / "run.json").write_text("{broken"), "run.json cannot be read"),
        (lambda f: (f / "run.json").unlink(), "is not a sim result folder"),
        (
            lambda f: pd.DataFrame({"area_km2": [1.0, 2.0]}).to_parquet(f / "outcomes.parquet"),
            "is not a sim result folder: outcomes.parquet has no replication, seed",
        ),
    ],
    ids=["garbage", "zero_byte", "bad_run_json", "no_run_json", "foreign_parquet"],
)
def test_command_line_refuses_a_damaged_or_foreign_folder_with_one_line(tmp_path, two_runs, capsys, spoil, expected):
    a, b = two_runs
    spoil(b)
    assert main([str(a), str(b), "--out", str(tmp_path / "cmp")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and expected in err[0], err
    assert not (tmp_path / "cmp").exists()


def test_command_line_an_unwritable_out_is_status_3(tmp_path, two_runs, capsys):
    a, b = two_runs
    (tmp_path / "file").write_text("not a folder")
    assert main([str(a), str(b), "--out", str(tmp_path / "file" / "cmp")]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cannot write the comparison" in err[0]
