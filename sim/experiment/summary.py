"""Per-run statistics and the `summary.md` report: mean, 90% interval and 95% CI of the mean.

Confidence intervals come from scipy (Student t for means, Clopper-Pearson via `binomtest` for
category probabilities).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

from sim.experiment.results import Results
from sim.outcomes import id_names

ID_COLUMNS = id_names()


def mean_ci(values: np.ndarray, level: float = 0.95) -> tuple[float, float, float]:
    """(mean, low, high) of the mean; a zero-spread sample has a zero-width interval."""
    values = values[np.isfinite(values)]
    if values.size == 0:
        return math.nan, math.nan, math.nan
    mean = float(values.mean())
    if values.size < 2 or float(np.ptp(values)) == 0.0:
        return mean, mean, mean
    low, high = stats.t.interval(level, values.size - 1, loc=mean, scale=stats.sem(values))
    return mean, float(low), float(high)


def proportion_ci(count: int, n: int, level: float = 0.95) -> tuple[float, float]:
    ci = stats.binomtest(count, n).proportion_ci(confidence_level=level)
    return float(ci.low), float(ci.high)


def numeric_table(outcomes: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for column in outcomes.columns:
        if column in ID_COLUMNS or not pd.api.types.is_numeric_dtype(outcomes[column]):
            continue
        values = outcomes[column].to_numpy(dtype=float)
        mean, low, high = mean_ci(values)
        finite = values[np.isfinite(values)]
        q05, q50, q95 = np.quantile(finite, [0.05, 0.5, 0.95]) if finite.size else (math.nan,) * 3
        rows.append(
            {
                "outcome": column,
                "mean": mean,
                "ci95_low": low,
                "ci95_high": high,
                "q05": q05,
                "median": q50,
                "q95": q95,
                "n": int(finite.size),
            }
        )
    return pd.DataFrame(rows)


def category_table(outcomes: pd.DataFrame, column: str, categories: tuple[str, ...] = ()) -> pd.DataFrame:
    counts = outcomes[column].value_counts()
    n = len(outcomes)
    names = list(categories) + [c for c in counts.index if c not in categories]
    rows = []
    for name in names:
        k = int(counts.get(name, 0))
        low, high = proportion_ci(k, n)
        rows.append({column: name, "count": k, "share": k / n, "ci95_low": low, "ci95_high": high})
    return pd.DataFrame(rows)


def fmt(x: float) -> str:
    if not math.isfinite(x):
        return "–"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.3g}"


def summary_markdown(results: Results, categorical: dict[str, tuple[str, ...]]) -> str:
    meta, out = results.meta, results.outcomes
    lines = [f"# sim: {meta.get('scenario', '?')}", ""]
    if meta.get("description"):
        lines += [str(meta["description"]), ""]
    lines += [
        f"{meta.get('replications')} replications, seed {meta.get('seed')}, horizon {meta.get('horizon_days')} days, "
        f"executor {meta.get('executor')} ({meta.get('workers')} workers): {meta.get('elapsed_s')} s "
        f"({meta.get('ms_per_replication')} ms per replication). sim {meta.get('version', '?')}.",
        "",
    ]
    precision = meta.get("precision")
    if precision:
        widths = ", ".join(
            f"{k} ±{v:.1%}" if v is not None else f"{k} (mean 0)" for k, v in precision["relative_halfwidth"].items()
        )
        verdict = "met" if precision["met"] else f"NOT met: stopped at the cap of {precision['cap']}"
        lines += [
            f"Precision target (95% CI half-width ≤ {precision['target']:.1%} of the mean) {verdict} after "
            f"{meta.get('replications')} replications: {widths}.",
            "",
        ]
    for column, categories in categorical.items():
        if column not in out:
            continue
        lines += [f"## {column}", "", f"| {column} | runs | share | 95% CI |", "|---|---:|---:|---|"]
        for _, r in category_table(out, column, categories).iterrows():
            ci = f"{r['ci95_low']:.1%} – {r['ci95_high']:.1%}"
            lines.append(f"| {r[column]} | {r['count']} | {r['share']:.1%} | {ci} |")
        lines.append("")
    lines += [
        "## Numeric outcomes",
        "",
        "Mean with the 95% confidence interval of the mean; the 90% interval is the 5th to 95th "
        "percentile across replications.",
        "",
        "| outcome | mean | 95% CI of mean | 90% interval | median |",
        "|---|---:|---|---|---:|",
    ]
    for _, r in numeric_table(out).iterrows():
        lines.append(
            f"| {r['outcome']} | {fmt(r['mean'])} | {fmt(r['ci95_low'])} – {fmt(r['ci95_high'])} | "
            f"{fmt(r['q05'])} – {fmt(r['q95'])} | {fmt(r['median'])} |"
        )
    return "\n".join(lines) + "\n"
