"""Rejection ABC with a local-linear regression adjustment, and ABC model choice: pure functions of arrays.

Each simulation i has parameters (unit coordinates of the explore set, `theta[i]`) and summaries `S[i]` (the
record's quantities from that run). Distances are root-mean-square deviations from the record scaled by
each observation's standard deviation, so a row known to ±1 day and one known to ±2,000 km² weigh alike
per unit of their uncertainty. The nearest share of the simulations is kept with Epanechnikov weights
(Beaumont, Zhang & Balding 2002, Genetics 162:2025), and the kept points are moved along the regression of
the parameters on the summaries to where the summaries equal the record; the regression is fitted on the
logit of the unit coordinates, so the adjusted points stay inside the prior's bounds.

Model choice (Pudlo et al. 2016, Bioinformatics 32:859, for the caveats): with equal prior weights and equal
numbers of simulations per future, a future's posterior probability is its share of the weight among the
simulations nearest the record, pooled across futures. It is only as good as the summaries: Robert, Cornuet,
Marin & Pillai (2011, PNAS 108:15112) show that summaries sufficient for each model's parameters need not
be sufficient to choose between models, so the probabilities are reported at several tolerances.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import linalg
from scipy.special import expit, logit

EDGE = 1e-6  # unit coordinates are kept this far inside (0, 1) before the logit
MIN_PER_SLOPE = 10  # kept points per regression coefficient below which the adjustment would only extrapolate


def distances(summaries: np.ndarray, observed: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """Root-mean-square of (S - s_obs) / scale over each simulation's summaries; a summary the run did not
    produce (NaN) counts as 10 standard deviations away."""
    z = (np.asarray(summaries, dtype=float) - observed) / scale
    z = np.where(np.isfinite(z), z, 10.0)
    return np.sqrt(np.mean(z**2, axis=-1))


@dataclass(frozen=True)
class Kept:
    """The simulations kept: their indices, Epanechnikov weights (summing to 1) and the tolerance."""

    index: np.ndarray
    weight: np.ndarray
    tolerance: float


def keep(distance: np.ndarray, share: float) -> Kept:
    """The nearest `share` of the simulations (at least 2), weighted 1 - (d / h)^2 with h just beyond the
    farthest kept, so every kept point has a positive weight."""
    n = len(distance)
    k = min(n, max(2, round(share * n)))
    index = np.argsort(distance, kind="stable")[:k]
    h = float(distance[index[-1]]) * (1 + 1e-9) or 1.0
    w = 1.0 - (distance[index] / h) ** 2
    w = np.maximum(w, 1e-12)
    return Kept(index, w / w.sum(), h)


def adjust(theta: np.ndarray, summaries: np.ndarray, observed: np.ndarray, scale: np.ndarray, kept: Kept) -> np.ndarray:
    """Beaumont's local-linear adjustment of the kept unit coordinates: logit(theta) minus the weighted
    least-squares slope times (S - s_obs) / scale; summaries constant among the kept points are left out, and
    with fewer than 10 kept points per coefficient the points are returned as rejection kept them."""
    x = (np.asarray(summaries, dtype=float)[kept.index] - observed) / scale
    x = np.where(np.isfinite(x), x, 10.0)
    varying = np.ptp(x, axis=0) > 0
    x = x[:, varying]
    z = logit(np.clip(np.asarray(theta, dtype=float)[kept.index], EDGE, 1 - EDGE))
    if x.shape[1] == 0 or len(z) < MIN_PER_SLOPE * (x.shape[1] + 1):
        return expit(z)  # too few kept points for a stable regression: rejection alone
    design = np.column_stack([np.ones(len(z)), x])
    root = np.sqrt(kept.weight)[:, None]
    beta, *_ = linalg.lstsq(design * root, z * root)
    return expit(z - x @ beta[1:])


def beyond(summaries: np.ndarray, observed: np.ndarray, scale: np.ndarray, kept: Kept) -> np.ndarray:
    """The summaries on which the record lies beyond every kept run (all above it or all below it): there the
    regression can only extrapolate, and under such misspecification the adjustment piles the posterior on the
    prior's bounds (Frazier, Robert & Rousseau 2020, JRSS B 82:421), so it is withheld."""
    x = (np.asarray(summaries, dtype=float)[kept.index] - observed) / scale
    x = np.where(np.isfinite(x), x, 10.0)
    varying = np.ptp(x, axis=0) > 0
    one_side = (x.min(axis=0) > 0) | (x.max(axis=0) < 0)
    return np.flatnonzero(one_side & varying)


def weighted_quantiles(values: np.ndarray, weight: np.ndarray, q: Sequence[float]) -> np.ndarray:
    """Quantiles of a weighted sample (the inverse of its weighted distribution function, interpolated)."""
    order = np.argsort(values, kind="stable")
    v, w = np.asarray(values, dtype=float)[order], np.asarray(weight, dtype=float)[order]
    cdf = (np.cumsum(w) - 0.5 * w) / w.sum()
    return np.interp(q, cdf, v)


def resample(kept_theta: np.ndarray, weight: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """`n` points drawn from the weighted posterior sample, with replacement."""
    return kept_theta[rng.choice(len(kept_theta), size=n, p=weight)]


def model_probabilities(distance: np.ndarray, model: np.ndarray, models: Sequence[str], share: float) -> np.ndarray:
    """Posterior probabilities of `models` (equal priors, equal simulations each): their shares of the
    Epanechnikov weight among the nearest `share` of the pooled simulations."""
    kept = keep(distance, share)
    chosen = np.asarray(model)[kept.index]
    return np.array([kept.weight[chosen == m].sum() for m in models])
