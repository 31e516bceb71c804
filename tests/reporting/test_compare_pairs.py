"""The comparison's pairs: each job against the reference by default, so its cost grows with the number of jobs
and not with its square; every pair on request."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest

from sim.reporting.compare import label_jobs, load_job
from sim.reporting.compare_report import report_markdown
from sim.reporting.compare_stats import comparison_data, job_pairs
from tests.reporting.test_compare_honest import N, _job


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8])
def test_reference_pairs_grow_with_the_jobs_and_all_pairs_with_their_square(n):
    jobs = [f"job{k}" for k in range(n)]
    reference = job_pairs(jobs)  # type: ignore[arg-type]
    assert reference == [("job0", j) for j in jobs[1:]]
    assert len(job_pairs(jobs, "all")) == n * (n - 1) // 2  # type: ignore[arg-type]


def test_an_unknown_choice_of_pairs_is_refused():
    with pytest.raises(ValueError, match="pairs='some'"):
        job_pairs([], "some")


def _three_jobs(tmp_path, small_run):
    """baseline, advance and dissuasion as jobs of paired replications, with their common overrides."""
    cfg, results = small_run
    days = np.full(N, np.nan)
    folders = [
        _job(tmp_path / f"job{k}_{s}", cfg, s, days, results.daily)
        for k, s in enumerate(["baseline", "advance", "dissuasion"])
    ]
    jobs = [load_job(f) for f in folders]
    return jobs, label_jobs(jobs)


def test_three_jobs_compared_against_the_first_unless_all_pairs_are_asked(tmp_path, small_run):
    jobs, common = _three_jobs(tmp_path, small_run)
    data = comparison_data(jobs, common, n_resamples=99, seed=0)
    assert [(p["first"], p["second"]) for p in data["pairs"]] == [("baseline", "advance"), ("baseline", "dissuasion")]
    assert "compared with the first, `baseline`" in "\n".join(report_markdown(data, {}, tmp_path).splitlines())
    every = comparison_data(jobs, common, n_resamples=99, seed=0, pairs="all")
    assert len(every["pairs"]) == 3 and ("advance", "dissuasion") in [(p["first"], p["second"]) for p in every["pairs"]]


def test_the_forest_plot_says_which_pairs_it_shows_and_gives_a_zero_difference_a_readable_axis(tmp_path, small_run):
    from sim.reporting.compare_plots import forest_figure

    cfg, results = small_run
    days = np.full(N, np.nan)
    folders = [_job(tmp_path / f"job{k}_{s}", cfg, s, days, results.daily) for k, s in enumerate(["a", "b", "c"])]
    jobs = [load_job(f) for f in folders]
    labels = [j.label for j in jobs]
    common = label_jobs(jobs)
    for pairs, scope in (("reference", "each job minus the first"), ("all", "every pair, later minus earlier")):
        fig = forest_figure(labels, comparison_data(jobs, common, n_resamples=99, seed=0, pairs=pairs))
        assert fig is not None and f"({scope})" in fig.get_suptitle()
    same = [ax for ax in fig.axes if ax.get_title() == "Campaign outcome"]  # every job: all stalemates
    assert same and same[0].get_xlim() == (-1.0, 1.0)
    assert [t.get_text() for t in same[0].get_xticklabels()] == ["−1", "0", "1"]
    assert "no difference in any replication" in [t.get_text() for t in same[0].texts]


def test_a_difference_the_same_in_every_replication_is_labelled_not_left_a_bare_point(tmp_path, small_run):
    from sim.reporting.compare_plots import forest_figure

    cfg, results = small_run
    folders = [
        _job(tmp_path / f"job{k}_{s}", cfg, s, np.full(N, day), results.daily)
        for k, (s, day) in enumerate([("a", 10.0), ("b", 30.0)])
    ]
    jobs = [load_job(f) for f in folders]
    fig = forest_figure([j.label for j in jobs], comparison_data(jobs, label_jobs(jobs), n_resamples=99, seed=0))
    assert fig is not None
    day = next(ax for ax in fig.axes if ax.get_title().startswith("Day the bridgehead"))
    assert "the same in every replication" in [t.get_text() for t in day.texts]  # +20 days in each of the N
    area = next(ax for ax in fig.axes if ax.get_title() == "Net area gained by Ukraine")
    assert "the same in every replication" not in [t.get_text() for t in area.texts]  # identical draws: 0


def test_the_pairs_cells_computed_by_forked_workers_give_the_numbers_computed_here(tmp_path, small_run):
    """The differences are computed cell by cell (an outcome of a pair) by the figure workers; the comparison
    holds the same numbers, in the same order, as one computed in this process."""
    import json
    import os
    from functools import partial

    from sim.reporting import style
    from sim.reporting.compare_stats import comparison_cells
    from sim.reporting.jsondata import jsonable

    jobs, common = _three_jobs(tmp_path, small_run)
    here = comparison_data(jobs, common, n_resamples=99, seed=0, pairs="all")
    plans, cells = comparison_cells(jobs, n_resamples=99, seed=0, pairs="all")
    assert len(cells) > 3 * len(plans)  # many cells per pair, so that two workers share a pair's work
    where = {name: partial(lambda cell: (os.getpid(), cell()), cell) for name, cell in cells.items()}
    computed, paths = style.compute_and_save(where, {}, tmp_path, workers=2)
    assert paths == {} and list(computed) == list(cells)
    assert os.getpid() not in {pid for pid, _ in computed.values()}
    results = {name: result for name, (_, result) in computed.items()}
    forked = comparison_data(jobs, common, n_resamples=99, seed=0, pairs="all", computed=(plans, results))
    assert json.dumps(jsonable(forked)) == json.dumps(jsonable(here))


SWEPT = [f"advance · combat.kill_rate={r} · mobilization.called_up={n}" for r in (0.01, 0.02) for n in (1e5, 3e5)]


@pytest.mark.parametrize(
    ("scenarios", "pairs", "labels"),
    [
        (["a", "unprepared_conscripts"], "reference", None),
        (["baseline", "advance", "dissuasion", "kharkiv_2022"], "all", None),
        # a sweep of two overrides: pairs named in some 130 characters, six lines a row at the panels' width
        (["advance"] * 2, "reference", SWEPT[1:3]),  # one pair: no legend, its name in full
        (["advance"] * 4, "reference", SWEPT),
        (["advance"] * 6, "reference", [*SWEPT, *(label.replace("0.0", "0.1") for label in SWEPT[:2])]),
    ],
)
def test_the_forest_plot_gives_every_text_its_room(tmp_path, small_run, scenarios, pairs, labels):
    """Laid out from its measured labels, not by matplotlib's layout engine: every title, tick label, axis
    label and legend entry lies inside the figure, off every other panel and off every other panel's texts,
    and no two tick labels of a panel run into each other."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from sim.reporting.compare_plots import forest_figure

    cfg, results = small_run
    days = np.full(N, 20.0)
    folders = [_job(tmp_path / f"job{k}_{s}", cfg, s, days, results.daily) for k, s in enumerate(scenarios)]
    jobs = [load_job(f) for f in folders]
    common = label_jobs(jobs)
    for job, label in zip(jobs, labels or []):
        job.label = label
    fig = forest_figure([j.label for j in jobs], comparison_data(jobs, common, n_resamples=99, seed=0, pairs=pairs))
    assert fig is not None and fig.get_layout_engine() is None
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    page = fig.bbox
    owned = []
    for ax in fig.axes:
        texts = [ax.title, ax.xaxis.label, *ax.get_xticklabels(), *ax.get_yticklabels()]
        owned += [(ax, t.get_window_extent(renderer)) for t in texts if t.get_visible() and t.get_text()]
    loose = [fig._suptitle, *(t for legend in fig.legends for t in legend.get_texts())]
    owned += [(None, t.get_window_extent(renderer)) for t in loose if t is not None]
    assert len(owned) > 5 * len(fig.axes)
    for ax, box in owned:
        assert page.x0 - 1 <= box.x0 and box.x1 <= page.x1 + 1 and page.y0 - 1 <= box.y0 and box.y1 <= page.y1 + 1
        for other in fig.axes:
            if other is not ax:
                assert not box.overlaps(other.bbox), (box, other.get_title())
    for i, (ax, box) in enumerate(owned):
        for other_ax, other in owned[i + 1 :]:
            if other_ax is not ax:
                assert not box.overlaps(other), (box, other)
    for ax in fig.axes:
        ticks = sorted(
            (t.get_window_extent(renderer) for t in ax.get_yticklabels() if t.get_text()), key=lambda b: b.y0
        )
        assert all(low.y1 <= high.y0 + 0.5 for low, high in pairwise(ticks)), ax.get_title()
