"""Fixtures of the reporting tests: a small real run, reshaped into 200 replications where a figure needs
many, and the figures the writers save, kept open so that a test can read what was drawn."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

import sim
from sim.config.check import to_typed
from sim.experiment.results import Results

SMALL = ["executor=serial", "progress=false", "replications=12", "horizon_days=60"]


@pytest.fixture
def captured(monkeypatch):
    """{file name: Figure} of every figure a writer in sim.reporting saves; the files are still written, and
    the figures are drawn in this process (not in forked workers), so that the test can read them."""
    from sim.reporting import style

    monkeypatch.setattr(style, "FIGURE_WORKERS", 1)
    real = style.save
    figures: dict[str, object] = {}

    def keep(fig, path, *args, **kwargs):
        figures[Path(path).name] = fig
        return real(fig, path, *args, **kwargs)

    for name, module in list(sys.modules.items()):
        if name.startswith("sim.reporting") and getattr(module, "save", None) is real:
            monkeypatch.setattr(module, "save", keep)
    return figures


@pytest.fixture
def small_run():
    """(typed config, Results) of 12 replications of the baseline over 60 days."""
    cfg = to_typed(sim.compose(SMALL))
    return cfg, sim.run(cfg)


def widened(results: Results, n: int = 200, seed: int = 1) -> Results:
    """The run's outcomes resampled to `n` rows with spread-out numbers, as a 200-replication run has them:
    Russia takes ground in Donetsk in 30 of them (up to 9,000 km²), counts of events run from 0 to 12, 15 runs gain no
    ground at all."""
    rng = np.random.default_rng(seed)
    out = results.outcomes.sample(n, replace=True, random_state=seed).reset_index(drop=True)
    out["replication"] = np.arange(n)
    out["seed"] = np.arange(n) + 1000
    donetsk = np.zeros(n)
    donetsk[:30] = -rng.uniform(300, 9000, 30)
    donetsk[0] = -9000.0
    out["area_km2_donetsk"] = rng.permutation(donetsk)
    area = rng.normal(6000, 4000, n)
    area[:15] = 0.0  # a point mass, as runs that end where they began make one
    out["area_km2"] = area
    out["cas_ua"] = rng.gamma(9, 4000, n)
    out["cas_ru"] = rng.gamma(4, 14000, n)
    out["breakthroughs"] = rng.integers(0, 13, n)
    out["collapses"] = rng.integers(0, 13, n)
    return Results(out, results.daily.copy(), dict(results.meta, replications=n))


@pytest.fixture
def wide_run(small_run):
    cfg, results = small_run
    return cfg, widened(results)


def drawn(fig):
    """`fig` drawn as its PNG is, at its own dpi. sim's figures have no canvas of their own (pyplot is never
    used), and a bare canvas measures text at 72 dpi while placing it at the figure's: a label then looks a
    third narrower than it is in the file."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return fig
