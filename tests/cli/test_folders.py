"""Run folders: one run per folder, whatever starts together; a refused or failed run leaves nothing and
touches no other run's files; a folder says `complete` only once it is."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import sim
from sim.config.check import ConfigError
from tests.conftest import ROOT, run_cli

pytestmark = pytest.mark.slow
TINY = ["replications=2", "horizon_days=5", "executor=serial", "progress=false", "plots=false"]


def start_together(args_per_run: list[list[str]], cwd: Path) -> list[subprocess.CompletedProcess[str]]:
    """Start every run at once (one `python -m sim` each) and wait for all of them."""
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "sim", *args],
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for args in args_per_run
    ]
    done = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        done.append(subprocess.CompletedProcess(proc.args, proc.returncode, out, err))
    return done


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_four_runs_into_one_folder_one_succeeds_nothing_is_mixed(tmp_path):
    run_dir = tmp_path / "shared"
    runs = start_together([[*TINY, f"seed={s}", f"hydra.run.dir={run_dir}"] for s in (1, 2, 3, 4)], tmp_path)
    ok = [r for r in runs if r.returncode == 0]
    assert len(ok) == 1, [r.stderr for r in runs]
    for refused in (r for r in runs if r.returncode != 0):
        assert refused.returncode == 2, refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1, refused.stderr
        assert "output folder" in refused.stderr
    winner = int(next(a for a in ok[0].args if a.startswith("seed=")).split("=")[1])
    assert json.loads((run_dir / "run.json").read_text())["seed"] == winner
    assert yaml_seed(run_dir / ".hydra" / "overrides.yaml") == winner
    assert not list(run_dir.glob(".hydra-*")), "an attempt's provenance was left behind"
    outcomes = pd.read_parquet(run_dir / "outcomes.parquet")
    alone = sim.run(sim.compose([*TINY, f"seed={winner}"])).outcomes
    pd.testing.assert_frame_equal(outcomes, alone)


def yaml_seed(path: Path) -> int:
    import yaml

    return int(next(o for o in yaml.safe_load(path.read_text()) if o.startswith("seed=")).split("=")[1])


def test_four_runs_with_default_folders_get_four_folders(tmp_path):
    runs = start_together([["+scenario=advance", *TINY, f"seed={s}"] for s in (1, 2, 3, 4)], tmp_path)
    assert all(r.returncode == 0 for r in runs), [r.stderr for r in runs]
    folders = sorted((tmp_path / "results" / "advance").iterdir())
    assert len(folders) == 4
    seeds = sorted(json.loads((f / "run.json").read_text())["seed"] for f in folders)
    assert seeds == [1, 2, 3, 4]


def test_a_refused_run_does_not_touch_a_finished_folder(tmp_path):
    finished = tmp_path / "finished"
    assert run_cli([*TINY, f"hydra.run.dir={finished}"], tmp_path).returncode == 0
    before = digest(finished)
    proc = run_cli([*TINY, "seed=8", f"hydra.run.dir={finished}"], tmp_path)
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert digest(finished) == before  # .hydra/config.yaml and overrides.yaml included


def test_a_refused_run_into_a_fresh_folder_leaves_nothing(tmp_path):
    proc = run_cli([*TINY, "seed=-1", f"hydra.run.dir={tmp_path / 'new'}"], tmp_path)
    assert proc.returncode == 2 and "seed=-1" in proc.stderr
    assert not (tmp_path / "new").exists()


def test_a_failed_resume_leaves_no_stray_folder(tmp_path):
    done = tmp_path / "done"
    assert run_cli([*TINY, f"hydra.run.dir={done}"], tmp_path).returncode == 0
    proc = run_cli([*TINY, "seed=99", f"resume={done}"], tmp_path)
    assert proc.returncode == 2 and "seed differs" in proc.stderr
    proc = run_cli([*TINY, f"resume={tmp_path / 'nowhere'}"], tmp_path)
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "results").exists()
    assert run_cli([*TINY, f"resume={done}"], tmp_path).returncode == 0
    assert not (tmp_path / "results").exists()  # a resume's own Hydra folder is removed too


@pytest.mark.parametrize(("name", "damage"), [("run.json", "{not json"), ("config.yaml", "a: [unclosed\n")])
def test_a_damaged_folder_is_refused_on_resume_with_one_line(tmp_path, name, damage):
    done = tmp_path / "done"
    assert run_cli([*TINY, f"hydra.run.dir={done}"], tmp_path).returncode == 0
    (done / name).write_text(damage)
    proc = run_cli([*TINY, f"resume={done}"], tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and name in proc.stderr


def test_a_scenario_name_that_is_a_path_writes_nothing_anywhere(tmp_path):
    inside = tmp_path / "work"
    inside.mkdir()
    proc = run_cli([*TINY, "scenario_name=../../escaped"], inside)
    assert proc.returncode == 2 and "scenario_name" in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["work"]
    assert not any(inside.iterdir())


def test_run_json_says_complete_only_once_everything_is_written(tmp_path, monkeypatch):
    from sim.reporting import run_report

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(run_report, "save_all", broken)  # the figures cannot be written
    with pytest.raises(OSError, match="No space"):
        sim.run(sim.compose([*TINY, "plots=true"]), out_dir=tmp_path / "run")
    assert json.loads((tmp_path / "run" / "run.json").read_text())["status"] == "running"
    monkeypatch.undo()
    sim.run(sim.compose([*TINY, "plots=true", f"resume={tmp_path / 'run'}"]))
    assert json.loads((tmp_path / "run" / "run.json").read_text())["status"] == "complete"
    assert (tmp_path / "run" / "probabilities.png").exists()


def test_the_python_api_claims_a_folder_once(tmp_path):
    cfg = sim.compose(TINY)
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / ".claim").write_text("another run\n")
    with pytest.raises(ConfigError, match="no other run has claimed"):
        sim.run(cfg, out_dir=tmp_path / "x")
    assert not (tmp_path / "x" / "config.yaml").exists()
