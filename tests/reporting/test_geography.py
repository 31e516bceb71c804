"""The map: every sector of every theatre the project ships has sourced coordinates, the geometry is right,
both theatres draw (the Kharkiv backtest's too), and what has no coordinates is left out with a note."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import yaml

from sim.reporting import geography
from sim.reporting.runinfo import RunInfo, Track, from_cfg
from sim.reporting.style import pretty

ROOT = Path(__file__).resolve().parents[2]
THEATRES = sorted((ROOT / "configs" / "theatre").glob("*.yaml"))


@pytest.mark.parametrize("path", THEATRES, ids=lambda p: p.stem)
def test_every_sector_of_every_theatre_has_sourced_coordinates(path):
    theatre = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries = geography.data()["theatres"][theatre["name"]]
    assert set(theatre["sectors"]) <= set(entries)
    for sector, entry in entries.items():
        assert len(entry.get("source", "")) > 20, sector
        assert ("end" in entry) != ("bearing" in entry), sector
        for lon, lat in [entry["start"], *entry.get("front", [])]:
            assert 30 < lon < 41 and 45 < lat < 52, sector  # eastern and southern Ukraine
    for river in geography.data()["rivers"].values():
        assert river["source"] and len(river["points"]) >= 5


def test_offsets_and_bearings():
    kupiansk = (37.58, 49.72)
    north = geography.offset(kupiansk, 0, geography.KM_PER_DEGREE)
    assert math.isclose(north[0], kupiansk[0]) and math.isclose(north[1], kupiansk[1] + 1)
    east = geography.offset(kupiansk, 90, 50)
    assert math.isclose(geography.bearing_to(kupiansk, east), 90, abs_tol=1e-6)
    axis = geography.axis("x", {"start": kupiansk, "bearing": 90}, width_km=40)
    (a, b) = axis.front_at(10)
    assert math.isclose(geography.bearing_to(a, b), 180, abs_tol=0.5)  # the default front is across the axis


def _fronts(info: RunInfo) -> dict[str, dict[str, geography.Front]]:
    return {"day 0": {s: (0, 0, 0) for s in info.sectors}, "day 30": {s: (-5.0, 10.0, 40.0) for s in info.sectors}}


@pytest.mark.parametrize("scenario", ["baseline", "kharkiv_2022"])
def test_both_theatres_draw_their_map(typed, scenario):
    info = from_cfg(typed([f"+scenario={scenario}"]))
    fig = geography.map_figure(info, _fronts(info), "test")
    assert fig is not None
    ax = fig.axes[0]
    named = {t.get_text() for t in ax.texts}
    assert {pretty(s) for s in info.sectors} <= named
    assert {" Dnipro", " Oskil"} & named  # rivers in view are named


def test_a_sector_without_coordinates_is_left_out_with_a_note_and_an_unknown_theatre_has_no_map(typed):
    info = from_cfg(typed())
    extra = RunInfo(theatre=info.theatre, tracks=(*info.tracks, Track("atlantis", 30.0, -10.0, 40.0)))
    fig = geography.map_figure(extra, _fronts(extra), "test")
    assert fig is not None
    notes = " ".join(t.get_text() for t in fig.texts)
    assert "atlantis: no coordinates, not drawn" in notes
    assert "atlantis" not in {t.get_text() for t in fig.axes[0].texts}
    nowhere = RunInfo(theatre="nowhere", tracks=info.tracks)
    assert geography.map_figure(nowhere, _fronts(nowhere), "test") is None
    assert geography.axes_of(nowhere)[1] == ["no coordinates for the theatre nowhere: no map"]
