"""What a design says: sensitivity indices from SALib on the point means, and how much of it is noise.

Each outcome is reduced to one number per point: the mean over its R replications (a numeric outcome, over
the runs where it exists) or the probability of the explore set's category (`P(outcome=freeze)`). Morris
gives mu* (the mean absolute elementary effect, per unit of a parameter's range) and sigma; Sobol' gives
first-order and total indices; a Latin hypercube gets RBD-FAST first-order indices. All come with SALib's
bootstrap confidence intervals (95%).

A stochastic model's point means still carry replication noise, and indices of a noisy output mislead
(noise shows up as interactions, or as effects of parameters that do nothing), so `noise` splits the
variance plainly: within points (replication noise) against between points (the parameters).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from SALib.analyze import morris as morris_analyze
from SALib.analyze import rbd_fast
from SALib.analyze import sobol as sobol_analyze

from sim.explore.designs import problem

CONF = 0.95


def probability_name(rule: tuple[str, str, bool]) -> str:
    column, value, equal = rule
    return f"P({column}{'=' if equal else '!='}{value})"


def indicator(outcomes: pd.DataFrame, rule: tuple[str, str, bool]) -> pd.Series:
    column, value, equal = rule
    hit = outcomes[column] == value
    return hit if equal else ~hit


def run_values(outcomes: pd.DataFrame, names: list[str], rule: tuple[str, str, bool]) -> pd.DataFrame:
    """Per run: `point` and each analysed outcome (the category as 0/1)."""
    frame = outcomes[["point", *names]].astype({n: float for n in names})
    frame[probability_name(rule)] = indicator(outcomes, rule).astype(float).to_numpy()
    return frame


def point_means(runs: pd.DataFrame) -> pd.DataFrame:
    """One row per point (in point order): each outcome's mean over its replications (NaN left out)."""
    return runs.groupby("point", sort=True).mean()


def noise(runs: pd.DataFrame, replications: int) -> pd.DataFrame:
    """Per outcome, from the points x replications table (a two-way analysis of variance):

    - `within_share`: the share of the variance of single runs that lies within points, SS_within / SS_total:
      replication noise, which no parameter explains;
    - `noise_in_means`: the share of the variance of the point means that is still noise, (MS_residual / R)
      / Var(point means). With common random numbers replication r's draws are shared by every point, so
      what they add to all points alike (the replication's effect) moves no difference between points; only
      the residual (the point x replication interaction) is noise in the indices.

    An outcome missing in some runs (a day that never came) has NaN here."""
    rows = {}
    for name in [c for c in runs.columns if c != "point"]:
        table = runs.pivot_table(index="point", columns=runs.groupby("point").cumcount(), values=name, aggfunc="first")
        y = table.to_numpy(dtype=float)
        if replications < 2 or y.shape[1] != replications or not np.all(np.isfinite(y)):
            rows[name] = {"within_share": np.nan, "noise_in_means": np.nan}
            continue
        grand, point_means, rep_means = y.mean(), y.mean(axis=1), y.mean(axis=0)
        ss_total = float(((y - grand) ** 2).sum())
        ss_within = float(((y - point_means[:, None]) ** 2).sum())
        residual = y - point_means[:, None] - rep_means[None, :] + grand
        points = y.shape[0]
        ms_residual = float((residual**2).sum()) / max((points - 1) * (replications - 1), 1)
        between = float(point_means.var(ddof=1)) if points > 1 else 0.0
        rows[name] = {
            "within_share": ss_within / ss_total if ss_total > 0 else np.nan,
            "noise_in_means": min(ms_residual / replications / between, 1.0) if between > 0 else np.nan,
        }
    return pd.DataFrame.from_dict(rows, orient="index")


@dataclass
class Indices:
    """The indices of one outcome, one row per parameter, ranked by `score` (most important first)."""

    outcome: str
    method: str
    table: pd.DataFrame
    score: str
    note: str = ""  # why there are no indices
    leading: list[str] = field(default_factory=list)
    caveat: str = ""  # why the indices there are should be read with care


def indices(
    method: str,
    names: list[str],
    unit: np.ndarray,
    means: pd.Series,
    *,
    levels: int = 4,
    resamples: int = 200,
    seed: int = 0,
) -> Indices:
    """SALib's indices of one outcome's point means over the unit design (NaN means or no variation: a note)."""
    y = means.to_numpy(dtype=float)
    outcome = str(means.name)
    if not np.all(np.isfinite(y)):
        return Indices(outcome, method, pd.DataFrame(), "", "missing at some points (no run there has a value)")
    if np.ptp(y) == 0.0:
        return Indices(outcome, method, pd.DataFrame(), "", "the same at every point: no parameter moves it")
    with warnings.catch_warnings():  # a resample where the outcome is constant divides 0 by 0: see `caveat`
        warnings.filterwarnings("ignore", "invalid value encountered", RuntimeWarning)
        table, score = _analyze(method, names, unit, y, levels=levels, resamples=resamples, seed=seed)
    if not np.all(np.isfinite(table[score].to_numpy(dtype=float))):
        return Indices(outcome, method, pd.DataFrame(), "", "SALib found no finite index (too few points)")
    table = table.sort_values(score, ascending=False, kind="stable")
    caveat = ""
    if not np.all(np.isfinite(table[f"{score}_conf"].to_numpy(dtype=float))):
        caveat = "no bootstrap interval, as some resamples of its points do not vary: the ranking is unsure"
    return Indices(outcome, method, table, score, leading=list(table.index[:3]), caveat=caveat)


def _analyze(
    method: str, names: list[str], unit: np.ndarray, y: np.ndarray, *, levels: int, resamples: int, seed: int
) -> tuple[pd.DataFrame, str]:
    """SALib's indices of `y` by `method`, as a table (one row per parameter) and the name of its score."""
    spec = problem(names)
    if method == "morris":
        si = morris_analyze.analyze(
            spec, unit, y, num_levels=levels, num_resamples=resamples, conf_level=CONF, seed=seed
        )
        table = pd.DataFrame(
            {"mu_star": si["mu_star"], "mu_star_conf": si["mu_star_conf"], "sigma": si["sigma"], "mu": si["mu"]},
            index=names,
        )
        score = "mu_star"
    elif method == "sobol":
        si = sobol_analyze.analyze(
            spec, y, calc_second_order=False, num_resamples=resamples, conf_level=CONF, seed=seed
        )
        table = pd.DataFrame(
            {"ST": si["ST"], "ST_conf": si["ST_conf"], "S1": si["S1"], "S1_conf": si["S1_conf"]}, index=names
        )
        score = "ST"
    else:
        si = rbd_fast.analyze(spec, unit, y, num_resamples=resamples, conf_level=CONF, seed=seed)
        table = pd.DataFrame({"S1": si["S1"], "S1_conf": si["S1_conf"]}, index=names)
        score = "S1"
    return table, score


def interval(table: pd.DataFrame, name: str, score: str) -> tuple[float, float]:
    """The 95% interval of a parameter's index: the estimate +- SALib's bootstrap half-width."""
    value, half = float(table.loc[name, score]), float(table.loc[name, f"{score}_conf"])
    return value - half, value + half
