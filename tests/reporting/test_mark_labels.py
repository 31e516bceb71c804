"""A track's labels go where their text crosses no other line: right of the panel above its line if it can,
else below it, else the same at the left edge; a label that cannot avoid a line is written on a white ground."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from sim.reporting.timelines import LABEL_PLACES, draw_marks, label_places
from tests.reporting.conftest import drawn

LIMITS = (-10.0, 100.0)


def test_a_label_goes_right_above_its_line_when_nothing_is_in_the_way():
    assert label_places([20.0, 50.0], 5.0, LIMITS) == [("right", "bottom", 0), ("right", "bottom", 0)]


def test_a_line_just_above_sends_the_label_below_and_a_line_on_both_sides_to_the_left():
    assert label_places([20.0, 23.0], 5.0, LIMITS)[0] == ("right", "top", 0)
    # the zero line below and a median ending just above, at the right edge: the left edge is free
    assert label_places([2.0], 5.0, LIMITS, [0.0], {"right": [(4.0, 4.0)]}) == [("left", "bottom", 0)]


def test_the_top_of_the_panel_and_a_text_box_are_in_the_way_too():
    assert label_places([98.0], 5.0, LIMITS) == [("right", "top", 0)]
    taken = {"right": [(90.0, 100.0)], "left": [(90.0, 100.0)]}
    assert label_places([94.0], 5.0, LIMITS, (), taken) == [("right", "bottom", 1)]  # the least crossed, first


def test_the_crowded_svatove_track_crosses_least():
    """Krasna at 3 km, a line at 6 and an objective at 10 over the zero line: no place is free for the
    lower two, and each takes the place crossing least, on a white ground when drawn."""
    places = label_places([3.0, 6.0, 10.0, 45.0], 6.9, (-30.0, 96.0), [0.0], {"right": [(0.0, 0.0)]})
    assert [p[2] for p in places] == [1, 1, 0, 0]
    assert len({p[:2] for p in places[:2]}) == 2  # not on top of each other


@given(st.lists(st.floats(0, 90, allow_nan=False), min_size=1, max_size=8, unique=True), st.floats(0.5, 10))
def test_every_label_gets_a_place_and_labels_far_apart_cross_nothing(levels, height):
    levels = sorted(levels)
    places = label_places(levels, height, LIMITS)
    assert len(places) == len(levels) and all(p[:2] in LABEL_PLACES and p[2] >= 0 for p in places)
    if all(b - a > height for a, b in pairwise(levels)) and levels[-1] + height < LIMITS[1]:
        assert all(p == ("right", "bottom", 0) for p in places)


def test_drawn_labels_follow_their_places():
    from sim.reporting.runinfo import Mark
    from sim.reporting.style import figure

    _, axes = figure(4, 3)
    ax = axes[0, 0]
    marks = [Mark("river", 3.0, "Krasna"), Mark("line", 6.0, "line ×2"), Mark("river", 45.0, "Aidar")]
    draw_marks(ax, marks, (-30.0, 96.0), {"left": [0.0], "right": [0.0]})
    texts = {t.get_text(): t for t in ax.texts}
    assert set(texts) == {"Krasna", "line ×2 (RU)", "Aidar"}
    assert texts["Aidar"].get_ha() == "right" and texts["Aidar"].get_bbox_patch() is None
    assert texts["Krasna"].get_bbox_patch() is not None  # crosses the line at 6 km wherever it goes


def test_a_label_over_shaded_bands_is_written_on_a_white_ground():
    """A river's pale label on the 50%/90% bands could not be read (izium's 'Oskil · objective' in
    kharkiv_2022): where the bands fill its span at its edge it gets a ground, elsewhere not."""
    from sim.reporting.runinfo import Mark
    from sim.reporting.style import figure

    _, axes = figure(4, 3)
    ax = axes[0, 0]
    marks = [Mark("river", 30.0, "Oskil"), Mark("river", 60.0, "Dnipro")]
    draw_marks(ax, marks, (-30.0, 96.0), {"left": [0.0], "right": [0.0]}, covered={"right": [(0.0, 42.0)]})
    texts = {t.get_text(): t for t in ax.texts}
    assert texts["Oskil"].get_ha() == "right" and texts["Oskil"].get_bbox_patch() is not None
    assert texts["Dnipro"].get_bbox_patch() is None


def test_band_span_is_the_band_near_each_edge():
    import pandas as pd

    from sim.reporting.timelines import band_span

    d = pd.DataFrame({"day": range(9), "q05": [0, 0, 0, 1, 2, 3, 5, 5, 6], "q95": [1, 2, 3, 10, 20, 30, 40, 42, 41]})
    assert band_span(d, "left") == (0.0, 3.0)
    assert band_span(d, "right") == (5.0, 42.0)


def test_a_joined_label_writes_each_mark_in_its_own_colour():
    """A line and the objective at one depth: 'line ×1.6 (RU)' in the line's orange, '· objective' in the
    objective's green, the second part beside the first (was one text, all orange); marks of one colour stay
    one text."""
    from matplotlib.colors import to_hex

    from sim.reporting.runinfo import Mark
    from sim.reporting.style import figure
    from sim.reporting.timelines import MARK_STYLE

    fig, axes = figure(4, 3)
    ax = axes[0, 0]
    marks = [Mark("line", 28.0, "line ×1.6"), Mark("objective", 28.0, "objective")]
    marks += [Mark("line", 60.0, "line ×1.2"), Mark("line", 60.0, "line ×1.5")]
    draw_marks(ax, marks, LIMITS)
    colours = {t.get_text(): to_hex(t.get_color()) for t in ax.texts}
    assert colours == {
        "line ×1.6 (RU)": to_hex(MARK_STYLE[("line", "ru")][0]),
        " · objective": to_hex(MARK_STYLE[("objective", "ru")][0]),
        "line ×1.2 (RU) · line ×1.5 (RU)": to_hex(MARK_STYLE[("line", "ru")][0]),
    }
    drawn(fig)
    box = {t.get_text(): t.get_window_extent() for t in ax.texts}
    first, second = box["line ×1.6 (RU)"], box[" · objective"]
    assert abs(first.x1 - second.x0) < 1.0 and abs(first.y0 - second.y0) < 1.0  # side by side, one baseline
    assert second.x1 <= ax.get_window_extent().x1  # at the right edge, inside the panel


def test_the_comparisons_range_bars_do_not_cross_out_a_label(small_run, monkeypatch):
    """The comparison's front draws each job's 50%/90% ranges as bars above its lines; near an edge they ran
    through the marks' labels ('objective', 'Dnipro' unreadable under the last bars). Each job's band at each
    edge counts as covered, and a label there is written on a white ground, above the bars."""
    from sim.reporting import compare_plots
    from sim.reporting.runinfo import of_run
    from sim.reporting.timelines import FRONT, band_span, by_series, front_sectors

    cfg, results = small_run
    seen = []
    real = compare_plots.draw_marks
    monkeypatch.setattr(compare_plots, "draw_marks", lambda *a, **k: seen.append(k["covered"]) or real(*a, **k))
    info = of_run(results, cfg)
    fig = compare_plots.fronts_figure(["a", "b"], [results, results], [info, info])
    series = by_series(results.daily)
    sectors = front_sectors(info, list(series))  # the panels' order, north to south
    assert len(seen) == len(sectors) == 6
    for covered, sector in zip(seen, sectors):
        assert covered == {edge: [band_span(series[FRONT + sector], edge)] * 2 for edge in ("left", "right")}
    grounded = [(ax, t) for ax in fig.axes for t in ax.texts if t.get_bbox_patch() is not None]
    assert grounded
    for ax, text in grounded:
        assert text.get_zorder() > max(c.get_zorder() for c in ax.collections)


def _legend_inside_below_panels(fig, labels: list[str]) -> list:
    """Asserts that the figure's legend starts with the jobs' labels, unbroken, and that every entry lies inside
    the figure and below every panel with its tick labels; returns the panels."""
    page, texts = fig.bbox, fig.legends[0].get_texts()
    assert [t.get_text() for t in texts][: len(labels)] == labels
    panels = [ax for ax in fig.axes if ax.get_visible()]
    lowest = min(ax.get_tightbbox().y0 for ax in panels)
    for text in texts:
        box = text.get_window_extent()
        assert page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0, text.get_text()
        assert box.y1 < lowest, text.get_text()
    return panels


def test_the_comparison_fronts_legend_fits_the_figure_below_the_panels(small_run):
    """Job labels of a sweep of three overrides (about 100 characters) ran off both edges in the 4 fixed
    columns: the legend takes the columns its measured entries leave room for, inside the figure and under
    the panels, and the figure grows for it rather than the panels shrinking."""
    from sim.reporting import compare_plots
    from sim.reporting.runinfo import of_run

    cfg, results = small_run
    info = of_run(results, cfg)
    panel_heights = set()
    for jobs in (2, 12):
        labels = [f"advance · combat.kill_rate=0.0{k} · mobilization.called_up={k}00000 · x.y={k}" for k in range(jobs)]
        fig = drawn(compare_plots.fronts_figure(labels, [results] * jobs, [info] * jobs))
        panels = _legend_inside_below_panels(fig, labels)
        panel_heights |= {round(ax.get_window_extent().height / fig.dpi, 2) for ax in panels}
    assert len(panel_heights) == 1


def test_the_probabilities_legend_fits_the_figure_below_the_panels(small_run):
    """The same for the outcome probabilities: labels of four overrides (some 140 characters) in 3 fixed columns
    were wider than the figure."""
    from sim.reporting import compare_plots

    _, results = small_run
    for jobs in (3, 12):
        labels = [
            f"advance · combat.kill_rate=0.0{k} · mobilization.called_up={k}00000 · manoeuvre.advance_km_day=1.{k}"
            f" · reserves.counterattack_ratio=1.{k}"
            for k in range(jobs)
        ]
        _legend_inside_below_panels(
            drawn(compare_plots.probabilities_figure(labels, [results.outcomes] * jobs)), labels
        )
