"""`--help` is sim's own page, short and true, and a closed pipe ends any command quietly."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from sim.config.registry import scenario_names
from tests.conftest import ROOT, run_cli

pytestmark = pytest.mark.slow


def test_help_is_a_short_page_of_sims_own(tmp_path):
    proc = run_cli(["--help"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    page = proc.stdout
    assert len(page.splitlines()) < 60, page
    for text in ("+scenario=", "replay=", "resume=", "replications=auto", "compare", "validate", "provenance"):
        assert text in page, text
    assert "+explore=deterrence" in page
    assert all(name in page for name in scenario_names())
    assert "== Config ==" not in page and "powered by Hydra" not in page
    assert not any(line.startswith("scenario:") for line in page.splitlines())  # `scenario=x` fails: `+scenario=x`
    assert not (tmp_path / "results").exists()


@pytest.mark.parametrize("args", [["--help"], ["provenance"]])
def test_a_closed_pipe_ends_quietly(tmp_path, args):
    """`python -m sim --help | head`: the reader is gone; no message, no traceback, exit 0 or 141."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "sim", *args],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # before sim has written anything: its first write finds no reader
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) in (0, 141)
    assert err == ""
