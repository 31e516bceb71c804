"""The bootstrap's resamples of a comparison: 9,999 by default, chosen with `sim compare --resamples N` or
`hydra.callbacks.compare.resamples=N`, and refused with one line, before anything runs, outside 999-99,999."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from omegaconf import OmegaConf

from sim.cli.compare import main
from sim.reporting.callbacks import CompareOnMultirunEnd
from sim.stats import N_RESAMPLES, check_resamples
from tests.conftest import ROOT


@pytest.fixture
def asked(monkeypatch):
    """The keyword arguments `compare` is called with (instead of comparing)."""
    made: list[dict] = []

    def fake(folders, out_dir, **kwargs):
        made.append(kwargs)
        return Path(out_dir) / "comparison.md"

    monkeypatch.setattr("sim.reporting.compare.compare", fake)
    monkeypatch.setattr("sim.reporting.sweep.write_sweep_table", lambda _, sweep: Path(sweep) / "outcomes.parquet")
    return made


def _jobs(root: Path, n: int = 2) -> Path:
    for i in range(n):
        (root / f"job{i}_a").mkdir(parents=True)
        (root / f"job{i}_a" / "outcomes.parquet").touch()
    return root


@pytest.mark.parametrize("good", [999, 1999, N_RESAMPLES, 99_999])
def test_resamples_from_999_to_99999_are_taken(good):
    assert check_resamples(good) == good


@pytest.mark.parametrize("bad", [998, 100_000, 0, -5, True, 1999.0, "1999", None])
def test_other_resamples_are_refused_saying_what_is_allowed(bad):
    with pytest.raises(ValueError, match=r"resamples=.*: a whole number from 999 to 99,999 \(default 9,999\)"):
        check_resamples(bad)


def test_sim_compare_passes_its_resamples_and_refuses_a_bad_number(tmp_path, asked, capsys):
    sweep = _jobs(tmp_path / "sweep")
    assert main([str(sweep)]) == 0 and asked[-1]["n_resamples"] == N_RESAMPLES
    assert main([str(sweep), "--resamples", "1999"]) == 0 and asked[-1]["n_resamples"] == 1999
    capsys.readouterr()
    assert main([str(sweep), "--resamples", "500", "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("sim compare: error: --resamples: resamples=500")
    assert len(asked) == 2 and not (tmp_path / "out").exists()


def test_the_sweeps_comparison_takes_its_resamples_and_refuses_bad_choices_as_it_is_made(tmp_path, asked):
    sweep = _jobs(tmp_path / "sweep")
    CompareOnMultirunEnd(resamples=1999).on_multirun_end(OmegaConf.create({"hydra": {"sweep": {"dir": str(sweep)}}}))
    assert asked == [{"pairs": "reference", "n_resamples": 1999}]
    with pytest.raises(ValueError, match="resamples=10"):
        CompareOnMultirunEnd(resamples=10)
    with pytest.raises(ValueError, match="pairs='some'"):
        CompareOnMultirunEnd(pairs="some")


def test_a_sweep_with_bad_resamples_is_refused_before_any_job(tmp_path):
    sweep = tmp_path / "sweep"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = ["-m", "+scenario=advance", "seed=1,2", "replications=2", "horizon_days=5", "progress=false"]
    done = subprocess.run(
        [sys.executable, "-m", "sim", *args, "hydra.callbacks.compare.resamples=10", f"hydra.sweep.dir={sweep}"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "resamples=10: a whole number from 999 to 99,999" in lines[0]
    assert not sweep.exists()
