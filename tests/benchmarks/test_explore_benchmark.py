"""The design-overhead benchmark runs end to end at a toy size and prints its table (no timing asserted)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def test_the_explore_benchmark_prints_design_against_plain(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "explore.py"), "--n", "1", "--replications", "1", "--repeats", "1"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "| design | deterrence on dissuasion, morris n=1: 8 points x 1 = 8 runs |" in done.stdout
    assert "| design / plain |" in done.stdout
