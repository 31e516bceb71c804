"""Shared fixtures: small, fast configs composed exactly as the CLI composes them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import sim
from sim.config.check import to_typed

ROOT = Path(__file__).resolve().parents[1]
SMALL = ["executor=serial", "progress=false"]


@pytest.fixture
def typed():
    """Compose + validate, as the CLI does: typed(["+scenario=advance", "seed=3"])."""

    def make(overrides: list[str] | None = None):
        return to_typed(sim.compose(SMALL + list(overrides or [])))

    return make


def run_cli(
    args: list[str], cwd: Path, timeout: float = 300, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m sim ...` the way a user does, from `cwd` (with `env` added to the environment)."""
    env = {**os.environ, **(env or {}), "PYTHONPATH": str(ROOT)}
    env.pop("HYDRA_FULL_ERROR", None)
    return subprocess.run(
        [sys.executable, "-m", "sim", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
