"""Scenario discovery: where in the parameter space a category happens, as PRIM boxes (EMA Workbench).

PRIM (Friedman and Fisher 1999) peels the design's box, a small share at a time, keeping the runs where the
category is most frequent; each step of its peeling trajectory is a box with a coverage (the share of all
the category's runs that fall inside) and a density (the share of the runs inside that are the category).
The box reported is the one of largest coverage whose density reaches the threshold (else the densest).
Every run counts once (its point's parameter values, its own category), so a density is "freeze in 87% of
runs". EMA Workbench (BSD) is an optional extra, `pip install 'sim[ema]'`: its PRIM is the maintained one,
and it brings scikit-learn and statsmodels, too much for every install.
"""

from __future__ import annotations

import importlib.util
import logging
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

THRESHOLD = 0.8
PEEL_ALPHA = 0.05


def available() -> bool:
    return importlib.util.find_spec("ema_workbench") is not None


@dataclass
class Box:
    """A PRIM box: its limits on the restricted parameters, and its coverage, density and mass."""

    limits: dict[str, tuple[float, float]]  # restricted parameters only
    coverage: float
    density: float
    mass: float
    trajectory: pd.DataFrame  # coverage, density, mass, res_dim at every peeling step
    chosen: int
    bounds: dict[str, tuple[float, float]]  # each restricted parameter's whole range in the design

    def conditions(self) -> list[str]:
        """The box in words: `decisions.credibility > 0.55` for a bound PRIM moved, both when it moved both."""
        words = []
        for key, (low, high) in self.limits.items():
            full_low, full_high = self.bounds[key]
            parts = []
            if low > full_low:
                parts.append(f"> {low:.3g}")
            if high < full_high:
                parts.append(f"< {high:.3g}")
            words.append(f"{key} {' and '.join(parts)}" if len(parts) == 1 else f"{low:.3g} < {key} < {high:.3g}")
        return words


def discover(x: pd.DataFrame, y: np.ndarray, threshold: float = THRESHOLD) -> Box | None:
    """The PRIM box for `y` (True where the category happened) over the runs' parameter values `x`, or None
    where PRIM cannot peel (no run or every run is the category)."""
    with warnings.catch_warnings():  # EMA Workbench warns of the optional parallel back-ends it lacks
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import prim

    y = np.asarray(y, dtype=bool)
    if not 0 < y.sum() < len(y):
        return None
    logging.getLogger("EMA").setLevel(logging.WARNING)
    with warnings.catch_warnings():  # and of pandas keywords it still uses
        warnings.simplefilter("ignore")
        finder = prim.Prim(x.reset_index(drop=True), y, threshold=threshold, peel_alpha=PEEL_ALPHA)
        box = finder.find_box()
    trajectory = box.peeling_trajectory[["coverage", "density", "mass", "res_dim"]].reset_index(drop=True)
    dense = trajectory.index[trajectory["density"] >= threshold]
    chosen = int(trajectory.loc[dense, "coverage"].idxmax()) if len(dense) else int(trajectory["density"].idxmax())
    whole, lims = box.box_lims[0], box.box_lims[chosen]
    limits = {
        str(key): (float(lims[key].iloc[0]), float(lims[key].iloc[1]))
        for key in lims.columns
        if float(lims[key].iloc[0]) > float(whole[key].iloc[0]) or float(lims[key].iloc[1]) < float(whole[key].iloc[1])
    }
    bounds = {key: (float(whole[key].iloc[0]), float(whole[key].iloc[1])) for key in limits}
    row = trajectory.loc[chosen]
    return Box(limits, float(row["coverage"]), float(row["density"]), float(row["mass"]), trajectory, chosen, bounds)
