"""The numbers of a comparison of jobs, computed once: the glance table, category probabilities with their
chi-square tests, per pair of jobs the differences of numeric outcomes, of event days (censored at the
horizon, `censored.py`) and of category probabilities, per job the statistics of every numeric outcome,
and the replications worth replaying.

`comparison_data` returns them as plain data: `comparison.md` is written from it (`compare_report.py`),
`comparison.json` is it, and the forest plot draws its differences, so the three never disagree.
Every statistic is from `sim.stats`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import partial
from itertools import combinations
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from sim.outcomes import categorical, is_numeric_outcome, key_outcomes
from sim.reporting.censored import compare_event, event_days
from sim.reporting.summary import ID_COLUMNS
from sim.stats import (
    category_probabilities,
    chi_square,
    describe,
    mean_difference,
    paired_rank_test,
    rank_test,
)

if TYPE_CHECKING:
    from sim.reporting.compare import Job

BRIDGEHEAD_LOST = ("withdrawn", "trapped")  # the bridgehead's fates that lose it (P(bridgehead lost))
HALTS = ("deterrence", "exhaustion")  # why Ukraine halted, when it did
FOREST_ALL_PAIRS = 4  # the forest plot shows every pair of up to this many jobs; beyond, each against the first


def numeric_columns(frames: Sequence[pd.DataFrame], public_only: bool = False) -> list[str]:
    """The numeric columns of any of the frames, the key outcomes first."""
    seen: list[str] = []
    for frame in frames:
        for c in frame.columns:
            if c not in seen and c not in ID_COLUMNS and pd.api.types.is_numeric_dtype(frame[c]):
                seen.append(c)
    if public_only:
        seen = [c for c in seen if is_numeric_outcome(c)]
    key = key_outcomes()
    return [c for c in key if c in seen] + [c for c in seen if c not in key]


def values(job: Job, column: str) -> np.ndarray:
    return job.outcomes[column].to_numpy(dtype=float) if column in job.outcomes else np.array([])


def horizon(job: Job) -> float:
    return float(job.results.meta.get("horizon_days", math.nan))


def is_paired(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    """Same replication indices with the same per-replication seeds: common random numbers line up."""
    if not set(ID_COLUMNS) <= set(a.columns) & set(b.columns) or len(a) != len(b):
        return False
    return all(np.array_equal(a[c].to_numpy(), b[c].to_numpy()) for c in ID_COLUMNS)


def forest_pairs(pairs: Sequence[dict[str, Any]], labels: Sequence[str]) -> list[dict[str, Any]]:
    """The pairs a forest plot shows: all of them for a few jobs, else each job against the first."""
    if len(labels) <= FOREST_ALL_PAIRS:
        return list(pairs)
    return [p for p in pairs if p["first"] == labels[0]]


def describe_dict(x: np.ndarray) -> dict[str, float]:
    d = describe(x)
    return {
        "n": d.n,
        "mean": d.mean,
        "ci95_low": d.ci_low,
        "ci95_high": d.ci_high,
        "q05": d.q05,
        "q50": d.q50,
        "q95": d.q95,
    }


def glance(jobs: Sequence[Job]) -> list[dict[str, Any]]:
    """Per job: runs, P(each campaign outcome), mean area with its CI, mean casualties, mobilized casualties
    per 1,000 committed, P(bridgehead lost) and P(Ukraine halts) by cause."""
    outcomes, fates = categorical()["outcome"], categorical()["bridgehead"]
    rows = []
    for job in jobs:
        out, n = job.outcomes, len(job.outcomes)
        shares = out["outcome"].value_counts() / n if "outcome" in out else pd.Series(dtype=float)
        committed = np.nansum(values(job, "mobilized_committed"))
        per_1000 = 1000 * np.nansum(values(job, "cas_ru_mobilized")) / committed if committed > 0 else math.nan
        bridgehead = out["bridgehead"] if "bridgehead" in out else pd.Series(dtype=object)
        lost = bridgehead.isin(BRIDGEHEAD_LOST).mean() if bridgehead.isin(fates).any() else math.nan
        causes = out.get("halt_cause")
        rows.append(
            {
                "job": job.label,
                "runs": n,
                "outcome": {o: float(shares.get(o, 0.0)) for o in outcomes},
                "area_km2": describe_dict(values(job, "area_km2")),
                "cas_ru_mean": describe(values(job, "cas_ru")).mean,
                "cas_ua_mean": describe(values(job, "cas_ua")).mean,
                "mobilized_casualties_per_1000_committed": per_1000,
                "p_bridgehead_lost": lost,
                "p_halt": {c: float((causes == c).mean()) if causes is not None else math.nan for c in HALTS},
            }
        )
    return rows


def categories(jobs: Sequence[Job]) -> dict[str, dict[str, Any]]:
    """Per category column: the categories, per job each one's count, share and CI, and the chi-square test."""
    found = {}
    for column, listed in categorical().items():
        present = [job for job in jobs if column in job.outcomes]
        if not present:
            continue
        tables = [category_probabilities(job.outcomes[column], listed) for job in present]
        names = list(dict.fromkeys(c for t in tables for c in t["category"]))
        counts = pd.DataFrame([[t.set_index("category")["count"].get(c, 0) for c in names] for t in tables])
        found[column] = {
            "categories": names,
            "jobs": [
                {"job": job.label, "rows": t.drop(columns="n").to_dict(orient="records")}
                for job, t in zip(present, tables)
            ],
            "chi_square": chi_square(counts),
        }
    return found


def _numeric_pair(a: Job, b: Job, column: str, paired: bool, n_resamples: int, seed: int) -> dict[str, Any]:
    x, y = values(a, column), values(b, column)
    if paired:  # over the replications where both have a value, which the means beside it must use too
        both = np.isfinite(x) & np.isfinite(y) if x.size == y.size else np.zeros(0, bool)
        x, y = (x[both], y[both]) if not both.all() else (x, y)
    diff = mean_difference(y, x, paired=paired, n_resamples=n_resamples, rng=seed)
    return {
        "outcome": column,
        "mean": (describe(x).mean, describe(y).mean),
        "n": (int(np.isfinite(x).sum()), int(np.isfinite(y).sum())),
        "runs": (len(a.outcomes), len(b.outcomes)),
        "difference": diff,
        "rank": rank_test(y, x),
        "paired_rank": paired_rank_test(y, x) if paired else None,
    }


def _probabilities_pair(a: Job, b: Job, paired: bool, n_resamples: int, seed: int) -> list[dict[str, Any]]:
    """Per category of each category column seen in either job: P in each, and the difference with its
    bootstrap CI (resampling pairs when paired)."""
    rows = []
    for column, listed in categorical().items():
        if column not in a.outcomes or column not in b.outcomes:
            continue
        seen = set(a.outcomes[column]) | set(b.outcomes[column])
        for category in [c for c in listed if c in seen]:
            x = (a.outcomes[column] == category).to_numpy(dtype=float)
            y = (b.outcomes[column] == category).to_numpy(dtype=float)
            rows.append(
                {
                    "column": column,
                    "category": category,
                    "share": (float(x.mean()), float(y.mean())),
                    "difference": mean_difference(y, x, paired=paired, n_resamples=n_resamples, rng=seed),
                }
            )
    return rows


Cells = dict[str, Callable[[], Any]]


def _pair_cells(a: Job, b: Job, key: str, n_resamples: int, seed: int) -> tuple[dict[str, Any], Cells]:
    """Job b minus job a, as a plan (which outcome is compared how) and its cells: one function per numeric
    outcome and per event day, and one for the category probabilities, each independent of the others, so
    that they can be computed side by side (`sim.reporting.style.compute_and_save`)."""
    paired = is_paired(a.outcomes, b.outcomes)
    plan: dict[str, Any] = {"numeric": [], "constant": [], "events": []}
    cells: Cells = {}
    days = event_days()
    limit = min(horizon(a), horizon(b))
    for column in numeric_columns([a.outcomes, b.outcomes], public_only=True):
        x, y = values(a, column), values(b, column)
        if column in days and x.size and y.size and math.isfinite(limit):
            if np.isfinite(x).any() or np.isfinite(y).any():
                plan["events"].append(column)
                cells[f"{key}/event/{column}"] = partial(
                    compare_event, x, y, limit, paired=paired, n_resamples=n_resamples, seed=seed
                )
            else:
                plan["constant"].append(column)
            continue
        fx, fy = x[np.isfinite(x)], y[np.isfinite(y)]
        if fx.size and fy.size and np.ptp(fx) == 0 and np.ptp(fy) == 0 and fx[0] == fy[0]:
            plan["constant"].append(column)
            continue
        plan["numeric"].append(column)
        cells[f"{key}/numeric/{column}"] = partial(_numeric_pair, a, b, column, paired, n_resamples, seed)
    cells[f"{key}/probabilities"] = partial(_probabilities_pair, a, b, paired, n_resamples, seed)
    plan.update(first=a.label, second=b.label, paired=paired, horizon_days=limit)
    return plan, cells


def _pair_from(plan: dict[str, Any], key: str, computed: dict[str, Any]) -> dict[str, Any]:
    return {
        "first": plan["first"],
        "second": plan["second"],
        "paired": plan["paired"],
        "horizon_days": plan["horizon_days"],
        "numeric": [computed[f"{key}/numeric/{c}"] for c in plan["numeric"]],
        "constant": list(plan["constant"]),
        "events": [{"outcome": c, **vars(computed[f"{key}/event/{c}"])} for c in plan["events"]],
        "probabilities": computed[f"{key}/probabilities"],
    }


def numeric_per_job(jobs: Sequence[Job]) -> list[dict[str, Any]]:
    rows = []
    for column in numeric_columns([job.outcomes for job in jobs]):
        for job in jobs:
            if column in job.outcomes:
                rows.append({"outcome": column, "job": job.label, **describe_dict(values(job, column))})
    return rows


def replays(jobs: Sequence[Job], nearest: int = 3) -> list[dict[str, Any]]:
    """Per job the replications nearest its median area and its two extremes, with their replay command."""
    found = []
    for job in jobs:
        out = job.outcomes
        if "area_km2" not in out or out["area_km2"].isna().all():
            continue
        area = out["area_km2"]
        median = float(area.median())
        order = (area - median).abs().sort_values(kind="stable").index[:nearest]
        picks = [("median", i) for i in order] + [("minimum", area.idxmin()), ("maximum", area.idxmax())]
        rows = []
        for which, i in picks:
            rep = int(out.at[i, "replication"]) if "replication" in out else int(i)
            rows.append(
                {
                    "which": which,
                    "replication": rep,
                    "area_km2": float(area[i]),
                    "outcome": str(out.at[i, "outcome"]) if "outcome" in out else None,
                    "command": job.replay_command(rep),
                }
            )
        found.append({"job": job.label, "median_area_km2": median, "picks": rows})
    return found


PAIRS = ("reference", "all")


def job_pairs(jobs: Sequence[Job], pairs: str = "reference") -> list[tuple[Job, Job]]:
    """The pairs compared: each job against the first (the reference: the cost grows with the number of jobs),
    or every pair (`all`: it grows with its square)."""
    if pairs not in PAIRS:
        raise ValueError(f"pairs={pairs!r} is not one of {', '.join(PAIRS)}")
    if pairs == "all":
        return list(combinations(jobs, 2))
    return [(jobs[0], job) for job in jobs[1:]]


def comparison_cells(
    jobs: Sequence[Job], *, n_resamples: int, seed: int, pairs: str = "reference"
) -> tuple[list[tuple[str, dict[str, Any]]], Cells]:
    """The pairs' plans and the cells that compute their differences (most of a comparison's time)."""
    plans, cells = [], {}
    for i, (a, b) in enumerate(job_pairs(jobs, pairs)):
        plan, more = _pair_cells(a, b, str(i), n_resamples, seed)
        plans.append((str(i), plan))
        cells.update(more)
    return plans, cells


Computed = tuple[list[tuple[str, dict[str, Any]]], dict[str, Any]]


def comparison_data(
    jobs: Sequence[Job],
    common: Sequence[str],
    *,
    n_resamples: int,
    seed: int,
    pairs: str = "reference",
    computed: Computed | None = None,
    summary: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Every number of the comparison, for the report, the JSON and the figures. `computed`: the plans of
    `comparison_cells` with their cells' results, and `summary`: `comparison_summary`, where they were
    computed elsewhere; else here."""
    if computed is None:
        plans, cells = comparison_cells(jobs, n_resamples=n_resamples, seed=seed, pairs=pairs)
        computed = plans, {name: cell() for name, cell in cells.items()}
    if summary is None:
        summary = comparison_summary(jobs, common, n_resamples=n_resamples, seed=seed, pairs=pairs)
    plans, results = computed
    data = {k: v for k, v in summary.items() if k not in ("numeric", "replays")}
    data["pairs"] = [_pair_from(plan, key, results) for key, plan in plans]
    return {**data, "numeric": summary["numeric"], "replays": summary["replays"]}


def comparison_summary(
    jobs: Sequence[Job], common: Sequence[str], *, n_resamples: int, seed: int, pairs: str = "reference"
) -> dict[str, Any]:
    """The comparison's numbers but the pairs' differences: per job and across the jobs."""
    return {
        "jobs": [
            {
                "job": job.label,
                "folder": str(job.folder),
                "scenario": job.scenario,
                "seed": job.results.meta.get("seed"),
                "replications": len(job.outcomes),
                "horizon_days": horizon(job),
                "overrides": list(job.overrides),
            }
            for job in jobs
        ],
        "common_overrides": list(common),
        "bootstrap": {"resamples": n_resamples, "seed": seed},
        "pairs_compared": pairs,
        "glance": glance(jobs),
        "categories": categories(jobs),
        "numeric": numeric_per_job(jobs),
        "replays": replays(jobs),
    }
