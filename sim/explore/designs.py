"""Designs over the unit cube, from maintained libraries: Morris trajectories and Sobol' (Saltelli) samples
from SALib, Latin hypercubes from `scipy.stats.qmc`.

Every design is drawn in [0, 1]^D, one coordinate per uncertain parameter, and mapped to the parameters'
values by their distributions (`sim.explore.uncertainties`); SALib analyses the same unit coordinates, so a
Morris elementary effect is per unit of a parameter's range, whatever its distribution. The same seed gives
the same design, so an analysis or a resumed run re-draws it instead of storing it twice.
"""

from __future__ import annotations

from typing import Any

import numpy as np

METHODS = ("morris", "sobol", "lhs")


def problem(names: list[str]) -> dict[str, Any]:
    """SALib's description of the unit cube over `names`."""
    return {"num_vars": len(names), "names": list(names), "bounds": [[0.0, 1.0]] * len(names)}


def points(method: str, n: int, d: int) -> int:
    """How many design points a method draws for `n` and `d` parameters (Sobol': N (D + 2), no second order)."""
    return {"morris": n * (d + 1), "sobol": n * (d + 2), "lhs": n}[method]


def unit_design(method: str, names: list[str], n: int, *, levels: int = 4, seed: int = 0) -> np.ndarray:
    """The design's points in the unit cube, one row per point, one column per name."""
    spec = problem(names)
    # SALib and scipy.stats load here, with a design: a plain run (sim.run) never needs them
    if method == "morris":
        from SALib.sample import morris as morris_sample

        return np.asarray(morris_sample.sample(spec, n, num_levels=levels, seed=seed), dtype=float)
    if method == "sobol":
        from SALib.sample import sobol as sobol_sample

        return np.asarray(sobol_sample.sample(spec, n, calc_second_order=False, seed=seed), dtype=float)
    if method == "lhs":
        from scipy.stats import qmc

        return qmc.LatinHypercube(d=len(names), rng=np.random.default_rng(seed)).random(n)
    raise ValueError(f"method={method!r}: one of {', '.join(METHODS)}")
