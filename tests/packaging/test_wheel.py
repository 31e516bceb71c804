"""An installed sim (a wheel, not the checkout) carries its configs and scenarios and runs a future."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
QUIET = ("executor=serial", "progress=false")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    (built,) = out.glob("sim-*.whl")
    return built


def test_the_wheel_holds_every_config_and_scenario_file(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"sim/configs/{p.relative_to(ROOT / 'configs')}" for p in (ROOT / "configs").rglob("*.yaml")}
    expected |= {f"sim/scenarios/{p.name}" for p in (ROOT / "scenarios").glob("*.yaml")}
    assert expected and expected <= names, sorted(expected - names)


def test_an_installed_wheel_runs_a_scenario_away_from_the_checkout(wheel: Path, tmp_path: Path):
    """Installed into a folder of its own and run from elsewhere: nothing comes from the checkout."""
    site = tmp_path / "site"
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-compile", "-q", "--target", str(site), str(wheel)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    env = {**os.environ, "PYTHONPATH": str(site)}
    out = f"hydra.run.dir={tmp_path / 'run'}"
    env.pop("HYDRA_FULL_ERROR", None)
    where = subprocess.run(
        [sys.executable, "-c", "import sim; print(sim.__file__)"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert where.stdout.strip().startswith(str(site)), where.stdout + where.stderr
    run = subprocess.run(
        [sys.executable, "-m", "sim", "+scenario=dissuasion", "replications=2", "horizon_days=20", *QUIET, out],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert (tmp_path / "run" / "outcomes.parquet").is_file() and (tmp_path / "run" / "summary.md").is_file()
