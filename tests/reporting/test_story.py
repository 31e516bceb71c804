"""The replay's figure tells the story: each collapse is marked in the panel of the sector where it happened,
and the theatre's turning points (the Kremlin commits, the bridgehead falls, Ukraine halts) are named."""

from __future__ import annotations

import matplotlib.dates as mdates
import pandas as pd

import sim
from sim.reporting.style import pretty

# The events that change the campaign as a whole, named on the figure wherever they happen.
TURNING_POINTS = (
    "mobilization",
    "mobilized committed",
    "Ukraine pauses",
    "Ukraine halts",
    "withdrawal ordered",
    "bridgehead withdrawn",
    "bridgehead trapped",
)


def test_replay_marks_each_collapse_in_its_sector_and_names_the_turning_points(tmp_path, typed, captured):
    cfg = typed(["+scenario=advance", "horizon_days=90"])
    replay = sim.api.replay(cfg, 4, out_dir=tmp_path)
    fig = captured["replay-4.png"]
    start = pd.Timestamp(cfg.theatre.start_date)
    panels = {ax.get_title(): ax for ax in fig.axes if ax.get_title()}
    collapses = [(day, sector) for day, sector, event, _ in replay.trace if event == "collapse"]
    assert collapses
    for day, sector in collapses:
        ax = panels[pretty(sector)]
        marked = [x for line in ax.lines if line.get_label() == "collapse" for x in mdates.date2num(line.get_xdata())]
        assert any(abs(x - mdates.date2num(start + pd.Timedelta(days=day))) < 0.01 for x in marked), (sector, day)
    said = " ".join(t.get_text() for t in fig.texts + [t for ax in fig.axes for t in ax.texts])
    turning = {event for _, _, event, _ in replay.trace if event in TURNING_POINTS}
    assert turning and all(event in said for event in turning), turning
