"""The report of a design: it opens with the answer, says what it cannot do without EMA Workbench, and draws the
figures of its method."""

from __future__ import annotations

import pytest

import sim
from sim.explore import prim, report
from sim.explore.run import plan
from tests.conftest import replications_untraced

SMALL = ["+scenario=dissuasion", "+explore=deterrence", "horizon_days=60", "replications=2", "explore.resamples=20"]


@pytest.fixture(scope="module")
def sobol(request):
    from sim.config.check import to_typed
    from tests.conftest import SMALL as RUN

    cfg = to_typed(sim.compose([*RUN, *SMALL, "explore.method=sobol", "explore.n=4"]))
    design = plan(cfg)
    with replications_untraced():
        return cfg, design, sim.run(cfg).outcomes


def test_the_report_opens_with_the_three_leading_assumptions_of_every_outcome(sobol):
    ex = report.explore(*sobol)
    text = report.markdown(ex, [])
    lines = text.splitlines()
    assert lines[0] == "# Exploring the assumptions: `deterrence` on `dissuasion`"
    assert lines[2].startswith("Per outcome, the three assumptions that matter most, by total Sobol' index")
    answer = [line for line in lines[4:12] if line.startswith("| ") and "outcome |" not in line]
    assert [line.split(" | ")[0].strip("| ") for line in answer] == [*ex.names, "P(outcome=freeze)"]
    for name, ix in ex.indices.items():
        assert ix.note or len(ix.leading) == 3, name
    assert "replication noise (within points)" in text


def test_without_ema_workbench_the_report_says_how_to_get_prim(sobol, monkeypatch):
    monkeypatch.setattr(prim, "available", lambda: False)
    ex = report.explore(*sobol)
    assert ex.box is None and "pip install 'sim[ema]'" in report.box_sentence(ex)
    assert report.prim_figure(ex) is None


def test_a_sobol_design_draws_bars_with_intervals_and_no_morris_plot(sobol):
    ex = report.explore(*sobol)
    assert report.morris_figure(ex) is None
    fig = report.indices_figure(ex)
    assert fig is not None and len(fig.axes) == 4
    scatter = report.scatter_figure(ex)
    assert scatter is not None and scatter.axes[0].get_xlabel() == ex.indices[ex.category].leading[0]


def test_prim_finds_where_the_category_is_dense(sobol):
    pytest.importorskip("ema_workbench")
    ex = report.explore(*sobol)
    assert ex.box is not None and ex.box.density >= ex.box.trajectory["density"].iloc[0]
    assert report.box_sentence(ex).startswith("freeze in ")
    assert report.prim_figure(ex) is not None
