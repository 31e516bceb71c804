"""The summary of one run, `summary.md` and `summary.json`: per category its share with a 95% CI, per numeric
outcome the mean, its 95% CI, the 90% interval across replications and n, and the run's figures.

The intervals come from `sim.stats` (Student t for means, Clopper-Pearson via `binomtest` for category
probabilities), the same functions the comparison and the `replications=auto` stopping rule use. The
Markdown and the JSON are written from one `summary_data`, so they hold the same numbers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from sim.experiment.results import Results
from sim.outcomes import id_names
from sim.reporting.markdown import table
from sim.stats import category_probabilities, describe

ID_COLUMNS = id_names()


def numeric_table(outcomes: pd.DataFrame) -> pd.DataFrame:
    """Per numeric column: mean with its 95% CI, the 5/50/95% quantiles and n, over the finite values."""
    rows = []
    for column in outcomes.columns:
        if column in ID_COLUMNS or not pd.api.types.is_numeric_dtype(outcomes[column]):
            continue
        d = describe(outcomes[column].to_numpy(dtype=float))
        rows.append(
            {
                "outcome": column,
                "mean": d.mean,
                "ci95_low": d.ci_low,
                "ci95_high": d.ci_high,
                "q05": d.q05,
                "median": d.q50,
                "q95": d.q95,
                "n": d.n,
            }
        )
    return pd.DataFrame(rows)


def category_table(outcomes: pd.DataFrame, column: str, categories: tuple[str, ...] = ()) -> pd.DataFrame:
    """Per category of `column` (the listed ones first, even unseen): count, share and 95% CI."""
    table = category_probabilities(outcomes[column], categories)
    renamed = {"category": column, "ci_low": "ci95_low", "ci_high": "ci95_high"}
    return table.drop(columns="n").rename(columns=renamed)


def fmt(x: float) -> str:
    if not math.isfinite(x):
        return "–"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.3g}"


def summary_data(results: Results, categorical: Mapping[str, tuple[str, ...]]) -> dict[str, Any]:
    """Every number of the summary: the run's facts, the category tables and the numeric table."""
    out = results.outcomes
    return {
        "meta": dict(results.meta),
        "replications": len(out),
        "categories": {
            column: category_table(out, column, categories).to_dict(orient="records")
            for column, categories in categorical.items()
            if column in out
        },
        "numeric": numeric_table(out).to_dict(orient="records"),
    }


def summary_markdown(
    results: Results,
    categorical: Mapping[str, tuple[str, ...]],
    figures: Mapping[str, str] | None = None,
    notes: tuple[str, ...] = (),
    data: dict[str, Any] | None = None,
) -> str:
    """The summary as Markdown; `figures` ({title: file name}) are shown after the category tables. `data` is
    `summary_data(results, categorical)` where the caller has it already (it is not computed twice)."""
    meta = results.meta
    if data is None:
        data = summary_data(results, categorical)
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
    for column, rows in data["categories"].items():
        cells = [
            [r[column], r["count"], f"{r['share']:.1%}", f"{r['ci95_low']:.1%} – {r['ci95_high']:.1%}"] for r in rows
        ]
        lines += [f"## {column}", "", *table([column, "runs", "share", "95% CI"], cells, "lrrl"), ""]
    if figures:
        lines += ["## Figures", ""] + [f"![{title}]({name})\n" for title, name in figures.items()]
    if notes:
        lines += [" ".join(notes), ""]
    lines += [
        "## Numeric outcomes",
        "",
        "Mean with the 95% confidence interval of the mean; the 90% interval is the 5th to 95th "
        "percentile across replications; n counts the replications where the value exists (a day is "
        "missing where the event never happened, so its mean is over those n runs only).",
        "",
        *table(
            ["outcome", "mean", "95% CI of mean", "90% interval", "median", "n"],
            [
                [
                    r["outcome"],
                    fmt(r["mean"]),
                    f"{fmt(r['ci95_low'])} – {fmt(r['ci95_high'])}",
                    f"{fmt(r['q05'])} – {fmt(r['q95'])}",
                    fmt(r["median"]),
                    str(r["n"]),
                ]
                for r in data["numeric"]
            ],
            "lrllrr",
        ),
    ]
    return "\n".join(lines) + "\n"
