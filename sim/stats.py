"""Statistics of samples: pure functions, every interval and test taken from scipy, in one leaf module.

A leaf (numpy, pandas and scipy; nothing from sim) because both layers need it: the experiment's
`replications=auto` stopping rule takes the CI of a mean from here, and so do a run's `summary.md` and the
comparison of runs, so the three never disagree.

Why each choice:

- The mean's CI is Student t (`mean_ci`), the same interval in a run's own `summary.md`, in a comparison
  and in the precision rule.
- A difference of means gets a bootstrap CI (`scipy.stats.bootstrap`, BCa) because outcomes are skewed,
  bounded and often have a point mass (zero area, no collapse), where a t interval can mislead. Samples
  run with the same seed share their random draws replication by replication (common random numbers),
  so they are resampled as pairs (`paired=True`): the shared noise cancels and the interval is narrower.
  A paired difference of means is the mean of the pairwise differences, so the pairs are resampled as one
  sample of differences: the indices scipy draws for the pairs, half the copying (a comparison of 200
  replications takes half the time), and whole-number differences (days, counts, 0/1 categories) summed
  without rounding, so that BCa counts their ties with the estimate exactly. Independent samples are
  resampled separately.
- The rank test is Mann–Whitney U. Its effect size is **Cliff's delta**, delta = 2·U₁/(n₁·n₂) − 1 =
  P(A > B) − P(A < B), which is the same number as the rank-biserial correlation; it runs from −1 (every A
  below every B) to +1. Mann–Whitney assumes independent samples; for paired samples the Wilcoxon
  signed-rank test on the differences (`paired_rank_test`) uses the pairing and is the sharper test.
- Category probabilities get Clopper–Pearson intervals (exact, never outside [0, 1], sane at 0 and n),
  and independence across runs a chi-square test (`scipy.stats.chi2_contingency`)
  on the jobs × categories table with never-seen categories dropped.
- A run's own summary needs only the two intervals, so they come from `scipy.special` (a tenth of a
  second to import, where `scipy.stats` takes most of a second in every command): the mean's from the t
  quantile `stdtrit`, which `scipy.stats.t.ppf` calls, the proportion's from the beta quantile
  `betaincinv`, the closed form of the interval `scipy.stats.binomtest` finds by root-finding (the two
  agree to 1e-12; tests/test_stats.py checks both against scipy.stats).

Every function returns NaN fields and a `note` instead of raising when a statistic does not apply (an
empty sample, a constant sample, a single category), so that a report can say why a cell is empty.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from types import ModuleType

import numpy as np
import pandas as pd

LEVEL = 0.95
N_RESAMPLES = 9999  # scipy's default; a comparison may ask for fewer (faster) or more (steadier CI ends)
RESAMPLES_RANGE = (999, 99_999)  # from 999: at least 25 resamples beyond each end of a 95% interval
QUANTILES = (0.05, 0.5, 0.95)


def _scipy_stats() -> ModuleType:
    """scipy.stats, imported on first use (most of a second): only comparisons and tests need it, not a run."""
    from scipy import stats

    return stats


def check_resamples(value: object) -> int:
    """The number of bootstrap resamples a comparison was asked for, or ValueError saying what is allowed."""
    low, high = RESAMPLES_RANGE
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"resamples={value!r}: a whole number from {low:,} to {high:,} (default {N_RESAMPLES:,})")
    return value


def load_scipy_stats() -> None:
    """Import scipy.stats now, in a process about to fork workers that will use it: they inherit it instead
    of each paying the import."""
    _scipy_stats()


def mean_ci(values: np.ndarray, level: float = LEVEL) -> tuple[float, float, float]:
    """(mean, low, high) of the mean; a zero-spread sample has a zero-width interval."""
    values = values[np.isfinite(values)]
    if values.size == 0:
        return math.nan, math.nan, math.nan
    mean = float(values.mean())
    if values.size < 2 or float(np.ptp(values)) == 0.0:
        return mean, mean, mean
    from scipy.special import stdtrit

    sem = float(np.std(values, ddof=1)) / math.sqrt(values.size)  # as scipy.stats.sem
    df = values.size - 1  # as scipy.stats.t.interval: loc + scale * ppf((1 -+ level) / 2)
    return mean, float(stdtrit(df, (1 - level) / 2) * sem + mean), float(stdtrit(df, (1 + level) / 2) * sem + mean)


def proportion_ci(count: int, n: int, level: float = LEVEL) -> tuple[float, float]:
    """Clopper–Pearson (exact) interval of the share count / n: the beta quantiles of its definition."""
    from scipy.special import betaincinv

    alpha = (1 - level) / 2
    low = 0.0 if count == 0 else float(betaincinv(count, n - count + 1, alpha))
    high = 1.0 if count == n else float(betaincinv(count + 1, n - count, 1 - alpha))
    return low, high


def _finite(values: Sequence[float] | np.ndarray) -> np.ndarray:
    values = np.asarray(values, dtype=float)
    return values[np.isfinite(values)]


@dataclass(frozen=True)
class Description:
    """One sample: its size (finite values), mean with its CI, and the 5/50/95% quantiles."""

    n: int
    mean: float
    ci_low: float
    ci_high: float
    q05: float
    q50: float
    q95: float


def describe(values: Sequence[float] | np.ndarray, level: float = LEVEL) -> Description:
    """Mean with its Student-t CI and quantiles, over the finite values (NaN means "never happened")."""
    x = _finite(values)
    mean, low, high = mean_ci(x, level)
    q05, q50, q95 = np.quantile(x, QUANTILES) if x.size else (math.nan,) * 3
    return Description(int(x.size), mean, low, high, float(q05), float(q50), float(q95))


@dataclass(frozen=True)
class Difference:
    """mean(a) − mean(b) with its bootstrap CI; `method` names the interval actually computed."""

    estimate: float
    ci_low: float
    ci_high: float
    paired: bool
    n_a: int
    n_b: int
    method: str
    note: str = ""

    @property
    def excludes_zero(self) -> bool:
        return bool(self.ci_low > 0 or self.ci_high < 0)


def _difference_of_means(a: np.ndarray, b: np.ndarray, axis: int = -1) -> np.ndarray:
    return np.mean(a, axis=axis) - np.mean(b, axis=axis)


def mean_difference(
    a: Sequence[float] | np.ndarray,
    b: Sequence[float] | np.ndarray,
    *,
    paired: bool,
    level: float = LEVEL,
    n_resamples: int = N_RESAMPLES,
    method: str = "BCa",
    rng: np.random.Generator | int = 0,
) -> Difference:
    """Bootstrap CI of mean(a) − mean(b).

    `paired=True` needs equal lengths, element i of `a` matching element i of `b` (same seed, same
    replication index); pairs with a NaN on either side are dropped. Independent samples drop their NaNs
    separately. The bootstrap is seeded (`rng`), so a report is reproducible. BCa falls back to the
    percentile interval when it cannot be computed (a near-degenerate resampling distribution).
    """
    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if paired:
        if x.shape != y.shape:
            raise ValueError(f"paired samples need equal lengths, got {x.size} and {y.size}")
        keep = np.isfinite(x) & np.isfinite(y)
        x, y = x[keep], y[keep]
    else:
        x, y = _finite(x), _finite(y)
    estimate = float(x.mean() - y.mean()) if x.size and y.size else math.nan

    def result(low: float, high: float, used: str, note: str = "") -> Difference:
        return Difference(estimate, low, high, paired, int(x.size), int(y.size), used, note)

    if x.size < 2 or y.size < 2:
        return result(math.nan, math.nan, "none", "fewer than two values")
    degenerate = np.ptp(x - y) == 0 if paired else (np.ptp(x) == 0 and np.ptp(y) == 0)
    if degenerate:
        return result(estimate, estimate, "exact", "no spread: the difference is the same in every replication")
    generator = np.random.default_rng(rng)
    data, statistic = ((x - y,), np.mean) if paired else ((x, y), _difference_of_means)
    for used in dict.fromkeys((method, "percentile")):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # DegenerateDataWarning / divide warnings: handled by the fallback
            ci = (
                _scipy_stats()
                .bootstrap(
                    data,
                    statistic,
                    vectorized=True,
                    n_resamples=n_resamples,
                    confidence_level=level,
                    method=used,
                    rng=generator,
                )
                .confidence_interval
            )
        if np.isfinite(ci.low) and np.isfinite(ci.high):
            return result(float(ci.low), float(ci.high), used)
    return result(math.nan, math.nan, "none", "bootstrap interval not computable")


@dataclass(frozen=True)
class RankTest:
    """A two-sided rank test: its statistic, p-value and (Mann–Whitney) Cliff's delta."""

    statistic: float
    p_value: float
    effect: float = math.nan
    note: str = ""


NOT_APPLICABLE = RankTest(math.nan, math.nan)


def cliffs_delta(u1: float, n_a: int, n_b: int) -> float:
    """Cliff's delta from Mann–Whitney U₁ (U of the first sample): P(A > B) − P(A < B), ties count ½."""
    return 2.0 * u1 / (n_a * n_b) - 1.0


def rank_test(a: Sequence[float] | np.ndarray, b: Sequence[float] | np.ndarray) -> RankTest:
    """Mann–Whitney U (two-sided) on the finite values, with Cliff's delta (positive: A tends larger)."""
    x, y = _finite(a), _finite(b)
    if x.size == 0 or y.size == 0:
        return RankTest(math.nan, math.nan, math.nan, "an empty sample")
    if np.ptp(np.concatenate([x, y])) == 0:
        return RankTest(math.nan, 1.0, 0.0, "all values equal")
    res = _scipy_stats().mannwhitneyu(x, y, alternative="two-sided")
    return RankTest(float(res.statistic), float(res.pvalue), cliffs_delta(float(res.statistic), x.size, y.size))


def paired_rank_test(a: Sequence[float] | np.ndarray, b: Sequence[float] | np.ndarray) -> RankTest:
    """Wilcoxon signed-rank test (two-sided) on a − b for paired samples; NaN pairs dropped."""
    d = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    d = d[np.isfinite(d)]
    if d.size == 0:
        return RankTest(math.nan, math.nan, math.nan, "no complete pairs")
    if np.all(d == 0):
        return RankTest(math.nan, 1.0, math.nan, "identical in every pair")
    res = _scipy_stats().wilcoxon(d, alternative="two-sided", zero_method="wilcox")
    return RankTest(float(res.statistic), float(res.pvalue))


def category_probabilities(
    values: Sequence[object] | pd.Series, categories: Sequence[str] = (), level: float = LEVEL
) -> pd.DataFrame:
    """Count, share and Clopper–Pearson CI of each category: the listed ones first (even when unseen),
    then any other value met, in order of frequency."""
    series = pd.Series(values, dtype=object)
    counts = series.value_counts()
    n = len(series)
    names = list(categories) + [str(c) for c in counts.index if c not in categories]
    rows = []
    for name in names:
        k = int(counts.get(name, 0))
        low, high = proportion_ci(k, n, level) if n else (math.nan, math.nan)
        rows.append(
            {"category": name, "count": k, "n": n, "share": k / n if n else math.nan, "ci_low": low, "ci_high": high}
        )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class ChiSquare:
    """Chi-square test of independence of category and job; `note` says why it does not apply, or
    warns when expected counts below 5 make the approximation rough."""

    statistic: float
    p_value: float
    dof: int
    min_expected: float
    applicable: bool
    note: str = ""


def chi_square(table: pd.DataFrame | np.ndarray) -> ChiSquare:
    """`table`: counts, one row per job, one column per category. All-zero columns are dropped first."""
    counts = np.asarray(table, dtype=float)
    counts = counts[:, counts.sum(axis=0) > 0] if counts.ndim == 2 else counts.reshape(0, 0)
    if counts.shape[0] < 2:
        return ChiSquare(math.nan, math.nan, 0, math.nan, False, "needs at least two jobs")
    if counts.shape[1] < 2:
        return ChiSquare(math.nan, math.nan, 0, math.nan, False, "not applicable: every run fell in one category")
    if np.any(counts.sum(axis=1) == 0):
        return ChiSquare(math.nan, math.nan, 0, math.nan, False, "not applicable: a job has no runs")
    res = _scipy_stats().chi2_contingency(counts)  # Yates' correction only when dof = 1 (scipy's default)
    min_expected = float(res.expected_freq.min())
    note = "some expected counts are below 5: the p-value is approximate" if min_expected < 5 else ""
    return ChiSquare(float(res.statistic), float(res.pvalue), int(res.dof), min_expected, True, note)
