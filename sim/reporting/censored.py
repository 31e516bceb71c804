"""Event days: outcomes that are the day something happened (Ukraine halted, the bridgehead fell, the Kremlin
committed the mobilized), missing where it never happened within the horizon.

A missing day is not a missing value: it says "not by day H", a time censored at the horizon H. Dropping
it compares only the replications where the event happened, and two futures can then show means that
contradict their own difference (one future loses the bridgehead in more runs, but later on average).
So a comparison reads every replication:

- how often the event happened by day H (a share, and the difference of shares with its bootstrap CI);
- the restricted mean day: the mean of min(day, H) with "never" counted as H (the restricted mean
  survival time of survival analysis, here with every censoring at the same day). A smaller restricted
  mean means the event comes sooner or more often;
- the rank tests on the same restricted days (never = H ties with every other never).

The mean day over the runs where it happened is still given, with its n, for what it is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sim.outcomes import column, numeric_names
from sim.stats import Difference, RankTest, mean_difference, paired_rank_test, rank_test


def event_days() -> tuple[str, ...]:
    """The declared outcomes measured in days: each is the day an event happened, NaN if it never did."""
    return tuple(n for n in numeric_names() if column(n).unit == "day")


def is_event_day(name: str) -> bool:
    return name in event_days()


def event_label(name: str) -> str:
    """The event in words, from its declaration: `bridgehead_day` -> "the bridgehead was withdrawn or
    trapped"."""
    text = column(name).description.split(";")[0].strip()
    return text.removeprefix("day ").removeprefix("of ")


def happened(values: np.ndarray, horizon: float) -> np.ndarray:
    """1 where the event happened by `horizon`, else 0."""
    values = np.asarray(values, dtype=float)
    return (np.isfinite(values) & (values <= horizon)).astype(float)


def restricted(values: np.ndarray, horizon: float) -> np.ndarray:
    """min(day, horizon), with never (NaN) counted as the horizon."""
    values = np.asarray(values, dtype=float)
    return np.where(np.isfinite(values), np.minimum(values, horizon), horizon)


@dataclass(frozen=True)
class EventComparison:
    """One event day compared between two jobs (second minus first), every replication counted."""

    horizon: float
    n: tuple[int, int]  # replications
    happened: tuple[int, int]  # of which the event happened by the horizon
    share: Difference  # difference of the shares that happened
    restricted_mean: tuple[float, float]  # mean of min(day, horizon), never = horizon
    difference: Difference  # of the restricted means
    rank: RankTest  # Mann–Whitney on the restricted days
    paired_rank: RankTest | None  # Wilcoxon signed-rank on the restricted days, when paired
    mean_when_happened: tuple[float, float]  # for what it is, with `happened` as its n


def compare_event(
    first: np.ndarray,
    second: np.ndarray,
    horizon: float,
    *,
    paired: bool,
    n_resamples: int,
    seed: int,
) -> EventComparison:
    x, y = np.asarray(first, dtype=float), np.asarray(second, dtype=float)
    hx, hy = happened(x, horizon), happened(y, horizon)
    rx, ry = restricted(x, horizon), restricted(y, horizon)

    def when(values: np.ndarray, hit: np.ndarray) -> float:
        return float(values[hit > 0].mean()) if hit.any() else math.nan

    return EventComparison(
        horizon=horizon,
        n=(x.size, y.size),
        happened=(int(hx.sum()), int(hy.sum())),
        share=mean_difference(hy, hx, paired=paired, n_resamples=n_resamples, rng=seed),
        restricted_mean=(float(rx.mean()) if rx.size else math.nan, float(ry.mean()) if ry.size else math.nan),
        difference=mean_difference(ry, rx, paired=paired, n_resamples=n_resamples, rng=seed),
        rank=rank_test(ry, rx),
        paired_rank=paired_rank_test(ry, rx) if paired else None,
        mean_when_happened=(when(x, hx), when(y, hy)),
    )
