"""The calibration's figures drawn from a small calibration: a panel per parameter and per observable, the
record in each panel, the probabilities of each future."""

from __future__ import annotations

import pytest

from sim.api import compose
from sim.calibration.plots import FIGURES, choice, marginals, predictive
from sim.calibration.run import calibrate
from sim.config.check import to_typed
from tests.conftest import replications_untraced


@pytest.fixture(scope="module")
def cal():
    overrides = ["+explore=record", "calibrate.n=30", "calibrate.predictive=10", "horizon_days=92"]
    overrides += ["executor=serial", "progress=false"]
    with replications_untraced():  # the calibration traced, its replications not
        return calibrate([to_typed(compose([f"+scenario={s}", *overrides])) for s in ("dissuasion", "advance")])


def test_marginals_have_a_panel_per_parameter_with_prior_and_posteriors(cal):
    fig = marginals(cal)
    shown = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in shown] == [p.key for p in cal.futures[0].params]
    labels = shown[0].get_legend_handles_labels()[1]
    assert labels == ["prior", "dissuasion", "advance"]


def test_predictive_has_a_panel_per_observable_with_the_record(cal):
    fig = predictive(cal)
    shown = [ax for ax in fig.axes if ax.get_visible()]
    table = cal.target.table
    groups = {(o, s if isinstance(s, str) else "") for o, s in zip(table["observable"], table["sector"])}
    assert len(shown) == len(groups)
    assert any(ax.get_title().startswith("area retaken") for ax in shown)
    assert "record" in [t.get_text() for t in fig.legends[0].get_texts()]


def test_choice_shows_every_future_at_every_tolerance(cal):
    fig = choice(cal)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["dissuasion", "advance"]
    assert len(ax.patches) == 2 * cal.choice["share"].nunique()
    assert set(FIGURES) == {"marginals.png", "predictive.png", "choice.png"}
