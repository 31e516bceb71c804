"""`python -m sim validate` as a user runs it: the report, the figures, the exit status, the arguments."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import sim.cli.validate as cli
from sim.reporting.markdown import frame_table
from sim.validation.record import CheckResult
from sim.validation.report import write_report

ROOT = Path(__file__).resolve().parents[2]


def run_validate(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "sim", "validate", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_analytic_run_writes_the_report_and_figures(tmp_path, monkeypatch):
    """The whole path of `python -m sim validate --quick --only analytic`, in-process and smaller still."""
    monkeypatch.setattr(cli, "QUICK", cli.QUICK.with_(chains=100, convergence_duels=100, ctmc_duels=600))
    out = tmp_path / "val"
    assert cli.main(["--quick", "--only", "analytic", "--out", str(out)]) == 0
    report = (out / "validation.md").read_text(encoding="utf-8")
    assert "All 3 checks passed" in report
    assert "| status | check | result | time |" in report
    assert "![" in report and "convergence.png" in report and "ctmc.png" in report
    for name in ("convergence.png", "ctmc.png"):
        assert (out / name).stat().st_size > 10_000
    data = json.loads((out / "validation.json").read_text())
    assert data["passed"] and data["mode"] == "quick" and len(data["checks"]) == 3
    assert pd.read_parquet(out / "tables" / "analytic.win_probability.parquet")["z"].abs().max() <= 3


@pytest.mark.slow
def test_module_entry_point_refuses_bad_arguments_with_status_2(tmp_path):
    proc = run_validate(["--only", "astrology"], tmp_path)
    assert proc.returncode == 2
    assert "--only takes groups of analytic, extreme, backtest" in proc.stderr


def test_hydra_style_arguments_are_accepted():
    args = cli.parse(["quick=true", "out=/tmp/x", "seed=3", "only=analytic,backtest", "executor=serial"])
    assert args.quick and args.out == Path("/tmp/x") and args.seed == 3
    assert args.groups == ("analytic", "backtest") and args.executor == "serial"
    assert not cli.parse(["quick=false"]).quick


def _check(passed: bool) -> CheckResult:
    return CheckResult(
        key="extreme.demo",
        title="Demo",
        group="extreme",
        passed=passed,
        criterion="x = 1",
        summary="x = 2" if not passed else "x = 1",
        data=pd.DataFrame({"x": [1.0]}),
    )


def test_exit_status_is_non_zero_when_a_check_fails(tmp_path, monkeypatch):
    monkeypatch.setattr(cli, "run_suite", lambda settings, progress=None: [_check(True), _check(False)])
    assert cli.main(["--quick", "--out", str(tmp_path)]) == 1
    report = (tmp_path / "validation.md").read_text(encoding="utf-8")
    assert "1 of 2 checks FAILED" in report and "❌ FAIL" in report
    monkeypatch.setattr(cli, "run_suite", lambda settings, progress=None: [_check(True)])
    assert cli.main(["--quick", "--out", str(tmp_path / "ok")]) == 0


def test_default_folder_is_results_validation_timestamp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli, "run_suite", lambda settings, progress=None: [_check(True)])
    assert cli.main(["--quick"]) == 0
    runs = list((tmp_path / "results" / "validation").iterdir())
    assert len(runs) == 1 and (runs[0] / "validation.md").exists()


def test_markdown_table_formats_numbers_and_escapes_pipes(tmp_path):
    table = frame_table(pd.DataFrame({"a": [1234567.0, 0.5, float("inf")], "b": ["x|y", "z", "w"]}))
    assert table.splitlines()[0] == "| a | b |"
    assert "1.235e+06" in table and "0.5" in table and "never" in table and "x\\|y" in table
    path = write_report([_check(True)], tmp_path, {"mode": "quick"})
    assert path.name == "validation.md" and (tmp_path / "tables" / "extreme.demo.parquet").exists()


@pytest.mark.parametrize("args", [["--seed", "-1"], ["seed=-1"], ["--seed", "x"], ["--only", "astrology"]])
def test_bad_arguments_are_one_line_and_status_2(args, capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(args)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and err.startswith("sim validate: error:"), err


def test_an_unwritable_report_folder_is_refused_before_any_check_runs(tmp_path, monkeypatch, capsys):
    ran = []
    monkeypatch.setattr(cli, "run_suite", lambda settings, progress=None: ran.append(1) or [_check(True)])
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert cli.main(["--quick", "--out", str(blocker / "report")]) == 3
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "cannot write the report" in err
    assert not ran
