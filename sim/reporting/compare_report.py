"""`comparison.md`, written from the comparison's numbers (`compare_stats.comparison_data`).

It opens with one table a reader takes in at a glance, then the jobs and the figures, then the detail:
category probabilities with chi-square tests, per pair of jobs the differences (numeric outcomes, event days
with "never" read as "not by the horizon", category probabilities), per-job statistics of every numeric
outcome, and the replications worth replaying with their commands. Every number here is in
`comparison.json` too.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from sim.outcomes import categorical
from sim.reporting.censored import event_label
from sim.reporting.compare_stats import HALTS
from sim.reporting.markdown import table
from sim.reporting.summary import fmt
from sim.stats import ChiSquare, Difference, RankTest


def pct(x: float) -> str:
    if not math.isfinite(x):
        return "–"
    return f"{100 * x:.1f}%" if 0 < x < 0.1 or 0.9 < x < 1 else f"{100 * x:.0f}%"


def p_value(p: float, equals: str = "") -> str:
    if not math.isfinite(p):
        return "–"
    return "< 0.001" if p < 0.001 else f"{equals}{p:.3f}"


def ci(low: float, high: float, form: Any = fmt) -> str:
    return "–" if not (math.isfinite(low) and math.isfinite(high)) else f"{form(low)} – {form(high)}"


def heading(category: str) -> str:
    """A category as a column heading: `ukraine_advance` -> `Ukraine advance`."""
    return " ".join(w.capitalize() if w in ("ukraine", "russian") else w for w in category.split("_"))


def points(x: float) -> str:
    """A difference of two shares in percentage points."""
    return "–" if not math.isfinite(x) else f"{100 * x:+.1f}"


def estimate(diff: Difference, form: Any = fmt, unit: str = "") -> str:
    """A difference with its CI, bold when the CI excludes zero: `9,058 (7,939 – 10,277)`, `+28.5 pp (+20.5 –
    +36.5)`."""
    if not math.isfinite(diff.estimate):
        return "–"
    text = f"{form(diff.estimate)}{unit} ({ci(diff.ci_low, diff.ci_high, form)})"
    return f"**{text}**" if diff.excludes_zero else text


def effect(rank: RankTest) -> str:
    return f"{rank.effect:+.2f}" if math.isfinite(rank.effect) else "–"


def glance(data: Mapping[str, Any]) -> list[str]:
    outcomes = categorical()["outcome"]
    header = [
        "job",
        "runs",
        *(f"P({heading(o)})" for o in outcomes),
        "area gained by Ukraine, km² (95% CI)",
        "Russian casualties",
        "Ukrainian casualties",
        "mobilized casualties per 1,000 committed",
        "P(bridgehead lost)",
        "P(Ukraine halts): deterred / exhausted",
    ]
    rows = [
        [
            r["job"],
            str(r["runs"]),
            *(pct(r["outcome"][o]) for o in outcomes),
            f"{fmt(r['area_km2']['mean'])} ({ci(r['area_km2']['ci95_low'], r['area_km2']['ci95_high'])})",
            fmt(r["cas_ru_mean"]),
            fmt(r["cas_ua_mean"]),
            fmt(r["mobilized_casualties_per_1000_committed"]),
            pct(r["p_bridgehead_lost"]),
            " / ".join(pct(r["p_halt"][c]) for c in HALTS),
        ]
        for r in data["glance"]
    ]
    return [
        *table(header, rows, "lr"),
        "",
        "Probabilities are shares of replications; casualties are means (killed, wounded, captured). "
        "Mobilized casualties per 1,000 committed = all mobilized casualties / all mobilized committed × "
        "1,000, over all replications (– when none were committed). The bridgehead is lost when withdrawn "
        "or trapped. Ukraine halts (and accepts a freeze) deterred by the escalation signal or exhausted. "
        "Confidence intervals of every figure are in the detail below.",
        "",
    ]


def _where(folder: str, out_dir: Path) -> str:
    """A job's folder as seen from the report: relative when beside or below it, else absolute."""
    path, out_dir = Path(folder).resolve(), out_dir.resolve()
    return str(path.relative_to(out_dir)) if path.is_relative_to(out_dir) else str(path)


def jobs(data: Mapping[str, Any], out_dir: Path) -> list[str]:
    rows = [
        [
            j["job"],
            str(j["seed"] if j["seed"] is not None else "?"),
            str(j["replications"]),
            fmt(j["horizon_days"]),
            f"`{_where(j['folder'], out_dir)}`",
        ]
        for j in data["jobs"]
    ]
    lines = ["## Jobs", "", *table(["job", "seed", "replications", "horizon (days)", "folder"], rows, "lrrrl"), ""]
    if data["common_overrides"]:
        lines += ["Overrides shared by every job: " + " ".join(f"`{o}`" for o in data["common_overrides"]) + ".", ""]
    return lines


def _chi(test: ChiSquare) -> str:
    if not test.applicable:
        return f"Chi-square test {test.note}."
    return (
        f"Chi-square test: χ² = {test.statistic:.2f}, {test.dof} degree{'s' * (test.dof != 1)} of "
        f"freedom, p {p_value(test.p_value, '= ')}" + (f"; {test.note}." if test.note else ".")
    )


def categories(data: Mapping[str, Any]) -> list[str]:
    lines = [
        "## Outcome categories",
        "",
        "Share of replications in each category with its 95% Clopper–Pearson interval; the chi-square "
        "test asks whether the shares differ between jobs (categories seen in no job are dropped).",
        "",
    ]
    for column, found in data["categories"].items():
        rows = []
        for job in found["jobs"]:
            by = {r["category"]: r for r in job["rows"]}
            rows.append(
                [
                    job["job"],
                    *(
                        f"{pct(by[c]['share'])} ({pct(by[c]['ci_low'])} – {pct(by[c]['ci_high'])})" if c in by else "–"
                        for c in found["categories"]
                    ),
                ]
            )
        lines += [
            f"### {column}",
            "",
            *table(["job", *found["categories"]], rows, "lr"),
            "",
            _chi(found["chi_square"]),
            "",
        ]
    return lines


def _mean(value: float, n: int, runs: int) -> str:
    return fmt(value) + (f" (n={n})" if n < runs else "")


def _numeric_table(pair: Mapping[str, Any]) -> list[str]:
    a, b, paired = pair["first"], pair["second"], pair["paired"]
    header = [
        "outcome",
        f"mean {a}",
        f"mean {b}",
        "difference (95% CI)",
        "Mann–Whitney p",
        "Cliff's δ",
        *(["Wilcoxon p (paired)"] if paired else []),
    ]
    rows = [
        [
            r["outcome"],
            _mean(r["mean"][0], r["n"][0], r["runs"][0]),
            _mean(r["mean"][1], r["n"][1], r["runs"][1]),
            estimate(r["difference"]),
            p_value(r["rank"].p_value),
            effect(r["rank"]),
            *([p_value(r["paired_rank"].p_value)] if paired else []),
        ]
        for r in pair["numeric"]
    ]
    return table(header, rows, "lr")


def _events_table(pair: Mapping[str, Any]) -> list[str]:
    a, b, paired, horizon = pair["first"], pair["second"], pair["paired"], pair["horizon_days"]
    header = [
        "outcome",
        f"by day {horizon:g}: {a}",
        f"by day {horizon:g}: {b}",
        "difference in share (95% CI)",
        f"mean day {a}",
        f"mean day {b}",
        "difference (95% CI)",
        "Mann–Whitney p",
        "Cliff's δ",
        *(["Wilcoxon p (paired)"] if paired else []),
        "when it happened: mean day (runs)",
    ]
    rows = []
    for r in pair["events"]:
        (ka, kb), (na, nb) = r["happened"], r["n"]
        wa, wb = r["mean_when_happened"]
        rows.append(
            [
                r["outcome"],
                f"{pct(ka / na if na else math.nan)} ({ka} of {na})",
                f"{pct(kb / nb if nb else math.nan)} ({kb} of {nb})",
                estimate(r["share"], points, " pp"),
                fmt(r["restricted_mean"][0]),
                fmt(r["restricted_mean"][1]),
                estimate(r["difference"]),
                p_value(r["rank"].p_value),
                effect(r["rank"]),
                *([p_value(r["paired_rank"].p_value)] if paired else []),
                f"{fmt(wa)} ({ka}) / {fmt(wb)} ({kb})",
            ]
        )
    return table(header, rows, "lr")


def _probabilities_table(pair: Mapping[str, Any]) -> list[str]:
    header = ["category", f"P {pair['first']}", f"P {pair['second']}", "difference (95% CI)"]
    rows = [
        [
            f"{r['column']}: {r['category']}",
            pct(r["share"][0]),
            pct(r["share"][1]),
            estimate(r["difference"], points, " pp"),
        ]
        for r in pair["probabilities"]
    ]
    return table(header, rows, "lr")


def differences(data: Mapping[str, Any]) -> list[str]:
    lines = [
        "## Differences between jobs",
        "",
        "Per pair, the later job minus the earlier: the difference of means with its 95% bootstrap "
        "interval (BCa; **bold** when it excludes zero), the Mann–Whitney two-sided p-value and Cliff's "
        "delta (= rank-biserial correlation: P(later > earlier) − P(later < earlier), from −1 to +1). Jobs "
        "with the same seed and replication count are compared as pairs, replication by replication "
        "(common random numbers): the bootstrap resamples pairs, and the Wilcoxon signed-rank p-value, "
        "which uses the pairing, is added. Where a value is missing in some replications, n says over how "
        "many the mean is taken, and a paired difference uses the same replications as the means beside it.",
        "",
        "**Event days** (the day Ukraine halted, the bridgehead fell, the Kremlin committed the mobilized) "
        "are missing where the event never happened: that means *not by the horizon*, so they are compared "
        "over every replication. *By day H* is the share in which it happened; *mean day* is the restricted "
        "mean, min(day, H) with never counted as day H (lower: sooner or more often); the rank tests use the "
        "same restricted days. The mean day over the runs where it happened is in the last column, with "
        "their count.",
        "",
    ]
    if len(data["jobs"]) < 2:
        return [*lines, "Only one job: nothing to compare.", ""]
    if data.get("pairs_compared") == "reference" and len(data["jobs"]) > 2:
        lines += [
            f"Each job is compared with the first, `{data['jobs'][0]['job']}` (the reference); "
            "`python -m sim compare --all-pairs FOLDER` (or `hydra.callbacks.compare.pairs=all` on the sweep) "
            "compares every pair.",
            "",
        ]
    for pair in data["pairs"]:
        how = "paired: same seed and replications" if pair["paired"] else "independent samples"
        lines += [f"### {pair['second']} − {pair['first']}", "", f"{how}.", "", *_numeric_table(pair), ""]
        if pair["constant"]:
            lines += ["The same constant in both: " + ", ".join(pair["constant"]) + ".", ""]
        if pair["events"]:
            words = "; ".join(f"{r['outcome']}: {event_label(r['outcome'])}" for r in pair["events"])
            lines += [f"Event days ({words}):", "", *_events_table(pair), ""]
        if pair["probabilities"]:
            lines += ["Category probabilities (difference in percentage points):", "", *_probabilities_table(pair), ""]
    return lines


def numeric(data: Mapping[str, Any]) -> list[str]:
    header = ["outcome", "job", "n", "mean", "95% CI of mean", "5%", "median", "95%"]
    rows, last = [], None
    for r in data["numeric"]:
        rows.append(
            [
                r["outcome"] if r["outcome"] != last else "",
                r["job"],
                str(r["n"]),
                fmt(r["mean"]),
                ci(r["ci95_low"], r["ci95_high"]),
                fmt(r["q05"]),
                fmt(r["q50"]),
                fmt(r["q95"]),
            ]
        )
        last = r["outcome"]
    return [
        "## Numeric outcomes per job",
        "",
        "Mean with its 95% confidence interval (Student t) and the 5th, 50th and 95th percentiles across "
        "replications; n counts the replications where the value exists (a day is missing when the "
        "event never happened).",
        "",
        *table(header, rows, "llrrlrrr"),
        "",
    ]


def replays(data: Mapping[str, Any], nearest: int = 3) -> list[str]:
    lines = [
        "## Replications to replay",
        "",
        f"Per job the {nearest} replications nearest its median area and its two extremes, with the command "
        "that re-runs one replication with its full trace.",
        "",
    ]
    for job in data["replays"]:
        rows = [
            [p["which"], str(p["replication"]), fmt(p["area_km2"]), p["outcome"] or "–", f"`{p['command']}`"]
            for p in job["picks"]
        ]
        lines += [
            f"### {job['job']}",
            "",
            f"Median area {fmt(job['median_area_km2'])} km².",
            "",
            *table(["which", "replication", "area km²", "outcome", "replay"], rows, "lrrll"),
            "",
        ]
    return lines


HEADING_CHARS = 120  # job labels joined past this make a heading of what varies, the tables naming each job


def title_jobs(labels: Sequence[str]) -> str:
    """The jobs as the report's title names them: every label, or for a sweep whose labels would make a
    paragraph of a title (8 jobs over two overrides: some 500 characters), its scenarios and the keys it varies."""
    said = ", ".join(labels)
    if len(said) <= HEADING_CHARS:
        return said
    parts = [label.split(" · ") for label in labels]
    scenarios = dict.fromkeys(p[0] for p in parts)
    keys = dict.fromkeys(part.split("=")[0] for p in parts for part in p[1:] if "=" in part)
    return ", ".join(scenarios) + (f" over {', '.join(f'`{k}`' for k in keys)}" if keys else "")


def report_markdown(data: Mapping[str, Any], figures: Mapping[str, Path], out_dir: Path) -> str:
    labels: Sequence[str] = [j["job"] for j in data["jobs"]]
    lines = [
        f"# Comparison of {len(labels)} job{'s' * (len(labels) != 1)}: " + title_jobs(labels),
        "",
        "## At a glance",
        "",
        *glance(data),
        *jobs(data, out_dir),
    ]
    if figures:
        lines += ["## Figures", ""] + [f"![{title}]({path.name})\n" for title, path in figures.items()]
    lines += [*categories(data), *differences(data), *numeric(data), *replays(data)]
    return "\n".join(lines).rstrip() + "\n"
