"""The numbers a calibration reports: parameter posteriors against priors, the posterior predictive of every
record row with the record's percentile in it, and the futures' posterior probabilities."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from sim.calibration import abc, observables
from sim.calibration.run import Calibration, Future, Target

LEVELS = (0.05, 0.5, 0.95)
PINNED, OPEN = 0.5, 0.8  # posterior 90% width / prior's: below PINNED the record pins it, above OPEN it does not


def parameters(future: Future) -> pd.DataFrame:
    """Per parameter: prior and posterior 5/50/95% (values), and the posterior's 90% width as a share of the
    prior's (on the unit scale, so a log-uniform prior is measured in its own terms)."""
    assert future.kept is not None
    rows = []
    for j, p in enumerate(future.params):
        post = abc.weighted_quantiles(future.posterior_unit[:, j], future.kept.weight, LEVELS)
        ratio = float(post[2] - post[0]) / 0.9
        verdict = "pinned down" if ratio < PINNED else ("left open" if ratio > OPEN else "narrowed")
        rows.append(
            {
                "parameter": p.key,
                "prior_05": p.value(0.05),
                "prior_50": p.value(0.5),
                "prior_95": p.value(0.95),
                "post_05": p.value(float(post[0])),
                "post_50": p.value(float(post[1])),
                "post_95": p.value(float(post[2])),
                "width_ratio": ratio,
                "verdict": verdict,
            }
        )
    return pd.DataFrame(rows)


def predictive(future: Future, target: Target) -> pd.DataFrame:
    """Per record row: the posterior predictive's 5/50/95% and the record's percentile in it (scipy's
    `percentileofscore`, ties counted half); an event that did not happen by the horizon counts as after it."""
    table = target.table
    events = observables.is_event(table)
    rows = []
    for i, rid in enumerate(table["id"]):
        values = future.predictive[f"obs_{rid}"].to_numpy(dtype=float)
        missing = float(np.isnan(values).mean())
        if events[i]:  # not by the horizon: after it (a day past it stands in, and reads as infinite)
            values = np.where(np.isnan(values), future.predictive_horizon + 1, values)
        q = np.quantile(values, LEVELS) if len(values) else np.full(3, math.nan)
        if events[i]:
            q = np.where(q > future.predictive_horizon, math.inf, q)
        record = float(table["value"].iloc[i])
        rows.append(
            {
                "future": future.name,
                "id": rid,
                "observable": table["observable"].iloc[i],
                "sector": table["sector"].iloc[i] or "",
                "date": str(table["date"].iloc[i])[:10],
                "day": int(table["day"].iloc[i]),
                "weighed": bool(target.used[i]),
                "record": record,
                "record_low": float(table["low"].iloc[i]),
                "record_high": float(table["high"].iloc[i]),
                "pred_05": float(q[0]),
                "pred_50": float(q[1]),
                "pred_95": float(q[2]),
                "percentile": float(stats.percentileofscore(values, record, kind="mean")),
                "not_by_horizon": missing if events[i] else 0.0,
                "kind": table["kind"].iloc[i],
            }
        )
    return pd.DataFrame(rows)


def verdict(choice: pd.DataFrame) -> dict[str, Any]:
    """The future the record favours at the widest tolerance, its probability, and its Bayes factor against
    the next (infinite when no kept run came from the next)."""
    if choice.empty:
        return {}
    widest = choice[choice["share"] == choice["share"].max()].sort_values("probability", ascending=False)
    best, second = widest.iloc[0], widest.iloc[1] if len(widest) > 1 else None
    factor = math.inf if second is None or second["probability"] == 0 else best["probability"] / second["probability"]
    stable = all(
        g.sort_values("probability", ascending=False)["future"].iloc[0] == best["future"]
        for _, g in choice.groupby("share")
    )
    return {
        "future": str(best["future"]),
        "probability": float(best["probability"]),
        "runner_up": None if second is None else str(second["future"]),
        "runner_up_probability": None if second is None else float(second["probability"]),
        "bayes_factor": factor,
        "same_at_every_tolerance": bool(stable),
    }


def fit(future: Future) -> dict[str, float]:
    """How near the future's runs come to the record: the smallest and the kept runs' median distance (in
    standard deviations of the record), and the kept runs' effective sample size."""
    assert future.kept is not None
    w = future.kept.weight
    return {
        "best_distance": float(future.distance.min()),
        "kept_median_distance": float(np.median(future.distance[future.kept.index])),
        "tolerance": float(future.kept.tolerance),
        "kept": len(w),
        "effective_sample_size": float(1.0 / np.sum(w**2)),
        "adjusted": future.adjusted,
        "beyond": list(future.beyond),
        "misfit": future.misfit.head(5).to_dict(orient="records"),
    }


def everything(cal: Calibration) -> dict[str, Any]:
    return {
        "meta": cal.meta,
        "verdict": verdict(cal.choice),
        "choice": cal.choice,
        "fit": {f.name: fit(f) for f in cal.futures},
        "parameters": {f.name: parameters(f) for f in cal.futures},
        "predictive": pd.concat([predictive(f, cal.target) for f in cal.futures], ignore_index=True),
    }
