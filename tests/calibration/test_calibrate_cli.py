"""`sim calibrate` as a user runs it: a small calibration of two futures writes every file, and resumes; bad
input is one line and exit status 2 before anything runs (in-process: the same `main` the CLI calls)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from sim.cli.calibrate import main
from tests.conftest import run_cli

pytestmark = [pytest.mark.slow, pytest.mark.model_untraced]
SMALL = ["+explore=record", "calibrate.n=24", "calibrate.predictive=10", "horizon_days=92", "executor=serial"]
FILES = (
    "calibration.md",
    "calibration.json",
    "posterior.parquet",
    "predictive.parquet",
    "prior.parquet",
    "record.parquet",
    "marginals.png",
    "predictive.png",
    "choice.png",
    "conditioned/comparison.md",
)


def test_small_calibration_of_two_futures_writes_its_report_and_resumes(tmp_path, capsys):
    """In-process first (the report and figures under coverage), then resumed as a user runs it."""
    out = tmp_path / "cal"
    args = ["calibrate", "+scenario=dissuasion,advance", *SMALL, f"out={out}"]
    assert main(args[1:]) == 0
    assert "calibration of dissuasion, advance on the record to 2022-10-31" in capsys.readouterr().out
    for name in FILES:
        assert (out / name).is_file(), name
    text = (out / "calibration.md").read_text()
    assert text.startswith("# Calibration against the record to 2022-10-31")
    assert "**The record to 2022-10-31 favours" in text.splitlines()[2]
    assert "Robert, Cornuet, Marin & Pillai" in text
    posterior = pd.read_parquet(out / "posterior.parquet")
    assert set(posterior["future"]) == {"dissuasion", "advance"}
    assert posterior.groupby("future")["weight"].sum().round(9).eq(1.0).all()
    predictive = pd.read_parquet(out / "predictive.parquet")
    assert len(predictive) == 20 and "obs_wm_retaken_2022_12_31" in predictive
    facts = json.loads((out / "calibration.json").read_text())
    assert facts["meta"]["simulations_prior"] == 48

    before = pd.read_parquet(out / "prior.parquet")
    parts = sorted((out / "prior").rglob("*.parquet"))
    proc = run_cli([*args, "plots=false"], tmp_path)  # the same folder: the prior's 48 runs are read, not run again
    assert proc.returncode == 0, proc.stderr
    assert "calibration of dissuasion, advance" in proc.stdout
    assert sorted((out / "prior").rglob("*.parquet")) == parts
    after = pd.read_parquet(out / "prior.parquet")
    assert after[["future", "point", "distance"]].equals(before[["future", "point", "distance"]])
    capsys.readouterr()
    assert main([*args[1:], "record.until=2022-11-30"]) == 2  # other runs in the folder: refused
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "holds other runs" in err[0]
    assert sorted((out / "prior").rglob("*.parquet")) == parts


@pytest.mark.parametrize(
    ("arg", "says"),
    [
        ("record.until=yesterday", "record.until='yesterday'"),
        ("record.until=2022-09-01", "on or after the start"),
        ("calibrate.accept=2", "calibrate.accept"),
        ("+scenario=atlantis", "atlantis"),
    ],
)
def test_bad_input_is_one_line_and_status_2(tmp_path, capsys, arg, says):
    args = [*([] if arg.startswith("+scenario") else ["+scenario=advance"]), *SMALL, arg, f"out={tmp_path / 'cal'}"]
    assert main(args) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and says in lines[0], lines
    assert not (tmp_path / "cal").exists()


def test_a_plain_run_without_an_explore_set_is_refused(tmp_path, capsys):
    assert main(["+scenario=advance", f"out={tmp_path / 'cal'}"]) == 2
    assert "explore" in capsys.readouterr().err
