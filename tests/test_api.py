"""The notebook user's API: `sim.api` without ceremony, a trace with named columns, a short repr, and a cell
that can be run again into the same folder."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

import sim
from sim.config.check import ConfigError
from tests.conftest import ROOT

pytestmark = pytest.mark.slow
SMALL = ["+scenario=advance", "replications=2", "horizon_days=20", "executor=serial", "progress=false", "plots=false"]


def test_sim_api_is_there_after_a_bare_import():
    code = "import sim; print(sim.api.replay.__name__, sim.replay.__name__)"
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["replay", "replay"]


def test_a_replays_trace_has_named_columns():
    story = sim.api.replay(sim.compose(SMALL), 1)
    first = story.trace[0]
    assert (first.day, first.sector, first.event, first.detail) == tuple(first)
    events = story.events
    assert isinstance(events, pd.DataFrame) and list(events.columns) == ["day", "sector", "event", "detail"]
    assert len(events) == len(story.trace) and events["day"].is_monotonic_increasing
    assert len(repr(story)) < 300


def test_results_repr_is_short():
    res = sim.run(sim.compose(SMALL))
    text = repr(res)
    assert len(text) < 400, text
    assert "advance" in text and "replications=2" in text and "columns" in text and "folder=None" in text


def test_a_cell_run_again_overwrites_its_own_run_folder_only(tmp_path):
    cfg = sim.compose(SMALL)
    out = tmp_path / "mine"
    sim.run(cfg, out_dir=out)
    (out / "notes.txt").write_text("mine, not sim's")
    with pytest.raises(ConfigError, match="overwrite=True"):
        sim.run(cfg, out_dir=out)
    again = sim.run(sim.compose([*SMALL, "seed=5"]), out_dir=out, overwrite=True)
    assert again.meta["seed"] == 5 and sim.load(out).meta["seed"] == 5
    assert (out / "notes.txt").read_text() == "mine, not sim's"
    other = tmp_path / "other"
    other.mkdir()
    (other / "data.csv").write_text("a,b\n")
    with pytest.raises(ConfigError, match="not a sim run folder"):
        sim.run(cfg, out_dir=other, overwrite=True)
    assert [p.name for p in other.iterdir()] == ["data.csv"]
