"""What a run's figures show: every replication's ground (Russian gains too), one set of bins for both sides'
casualties, whole numbers on count axes, the front per sector in geographic order on one scale with the
track's lines, rivers and objective marked."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest
from matplotlib.patches import Rectangle

from sim.reporting.run_report import write_run
from sim.reporting.style import pretty
from tests.reporting.conftest import drawn, widened


def _panel(fig, title: str):
    return next(ax for ax in fig.axes if title in ax.get_title())


def _filled_edges(ax) -> list[set[float]]:
    """The x positions of the edges of each colour's filled patches (bars or a step-filled polygon)."""
    by_colour: dict[tuple[float, ...], set[float]] = {}
    for patch in ax.patches:
        if not patch.get_fill():
            continue
        key = tuple(np.round(patch.get_facecolor()[:3], 3))
        if isinstance(patch, Rectangle):
            xs = [patch.get_x(), patch.get_x() + patch.get_width()]
        else:
            xs = list(patch.get_xy()[:, 0])
        by_colour.setdefault(key, set()).update(float(x) for x in np.round(xs, 6))
    return list(by_colour.values())


def test_area_per_sector_shows_the_ground_russia_takes(wide_run, captured, tmp_path):
    """Donetsk: Russia gains ground in 30 of 200 runs, up to 9,000 km²; the panel must not draw it as zero."""
    cfg, results = wide_run
    write_run(results, cfg, tmp_path)
    ax = _panel(captured["outcomes.png"], "per sector")
    assert ax.get_xlim()[0] <= -9.0  # thousand km²
    said = " ".join(t.get_text() for t in ax.get_yticklabels())
    assert "RU 30 of 200" in said


@pytest.fixture
def ten_thousand(small_run, captured, tmp_path):
    """The outcomes figure of 10,000 replications, both sides gaining ground in every sector thousands of times."""
    cfg, results = small_run
    wide = widened(results, n=10_000)
    out = wide.outcomes
    for column in [c for c in out.columns if str(c).startswith("area_km2_")]:
        out[column] = np.random.default_rng(2).normal(0.0, 3000.0, len(out))
    write_run(wide, cfg, tmp_path)
    fig = captured["outcomes.png"]
    drawn(fig)
    return fig, out


def _visible_ticks(axis) -> list:
    low, high = sorted(axis.get_view_interval())
    return [t for t in axis.get_ticklabels() if t.get_text() and low <= t.get_position()[0] <= high]


def test_large_runs_keep_their_numbers_apart(ten_thousand):
    """At 10,000 replications the outcome counts ('2448 of 10000') were wider than their bars' slots and the
    area's ticks ('−10000', '−5000') ran together."""
    fig, _ = ten_thousand
    bars = _panel(fig, "Campaign outcome")
    boxes = sorted((t.get_window_extent() for t in bars.texts), key=lambda b: b.x0)
    centres = sorted(bars.transData.transform((p.get_x() + p.get_width() / 2, 0))[0] for p in bars.patches)
    assert len(boxes) == len(centres) == 4
    bounds = [-np.inf, *((a + b) / 2 for a, b in pairwise(centres)), np.inf]  # each bar's slot
    assert all(low <= box.x0 and box.x1 <= high for box, low, high in zip(boxes, bounds, bounds[1:]))
    assert all(b.y1 <= bars.get_window_extent().y1 for b in boxes)  # inside the panel, under its title
    ticks = sorted((t.get_window_extent() for t in _visible_ticks(_panel(fig, "Net area").xaxis)), key=lambda b: b.x0)
    assert len(ticks) >= 3 and all(left.x1 < right.x0 for left, right in pairwise(ticks))


def test_the_sectors_counts_stand_beside_their_names_clear_of_the_dots_and_the_next_panel(ten_thousand):
    """How often each side gained ground is written under the sector's name: inside the panel it sat on the
    replications at its right edge. With four-digit counts it still clears the panel to its left."""
    fig, out = ten_thousand
    ax, left = _panel(fig, "per sector"), _panel(fig, "Collapses")
    assert not ax.texts  # nothing written over the dots
    labels = ax.get_yticklabels()
    assert labels and all(f" of {len(out):,}" in t.get_text() or f" of {len(out)}" in t.get_text() for t in labels)
    room = left.get_window_extent()
    for label in labels:
        box = label.get_window_extent()
        assert box.x0 > room.x1 and box.x1 <= ax.get_window_extent().x0, label.get_text()
    title = ax.title.get_window_extent()
    assert fig.bbox.x0 <= title.x0 and title.x1 <= fig.bbox.x1


def test_both_sides_casualties_share_their_bins(wide_run, captured, tmp_path):
    cfg, results = wide_run
    write_run(results, cfg, tmp_path)
    sides = _filled_edges(_panel(captured["outcomes.png"], "Casualties"))
    assert len(sides) == 2 and sides[0] == sides[1]


def test_the_campaign_outcomes_are_named_apart(wide_run, captured, tmp_path):
    """Every campaign outcome named under its bar, a word a line, no name touching the next (tilted by 15°,
    'ukraine advance' ran into 'stalemate' and 'russian collapse' at the panel's width)."""
    cfg, results = wide_run
    write_run(results, cfg, tmp_path)
    fig = captured["outcomes.png"]
    ax = _panel(fig, "Campaign outcome")
    drawn(fig)
    labels = ax.get_xticklabels()
    assert [t.get_text() for t in labels] == ["freeze", "ukraine\nadvance", "stalemate", "russian\ncollapse"]
    boxes = [t.get_window_extent() for t in labels]
    assert all(t.get_rotation() == 0 for t in labels)
    assert all(left.x1 < right.x0 for left, right in pairwise(boxes))


def test_count_axes_tick_whole_numbers(wide_run, captured, tmp_path):
    cfg, results = wide_run
    write_run(results, cfg, tmp_path)
    checked = 0
    for ax in captured["outcomes.png"].axes:
        for axis, label in ((ax.xaxis, ax.get_xlabel()), (ax.yaxis, ax.get_ylabel())):
            if label.split(" ")[0] not in ("replications", "count"):
                continue
            low, high = sorted(axis.get_view_interval())
            ticks = [t for t in axis.get_majorticklocs() if low <= t <= high]
            assert ticks and all(float(t).is_integer() for t in ticks), (ax.get_title(), label, ticks)
            checked += 1
    assert checked >= 4  # area and casualties (replications), breakthroughs and collapses (count)


def test_front_panels_follow_the_theatre_on_one_scale_with_the_track_marked(small_run, captured, tmp_path):
    cfg, results = small_run
    write_run(results, cfg, tmp_path)
    fig = captured["front.png"]
    panels = [ax for ax in fig.axes if ax.get_visible() and ax.get_title()]
    sectors = list(cfg.theatre.sectors)
    assert [ax.get_title() for ax in panels][: len(sectors)] == [pretty(s) for s in sectors]  # north to south
    assert len({ax.get_ylim() for ax in panels[: len(sectors)]}) == 1
    lyman = panels[sectors.index("lyman")]
    levels = {float(line.get_ydata()[0]) for line in lyman.lines if len(set(line.get_ydata())) == 1}
    assert {12.0, 22.0} <= levels  # the Zherebets at 12 km, the Kreminna line and objective at 22 km
    said = " ".join(t.get_text() for t in lyman.texts)
    assert "Zherebets" in said and "objective" in said
