"""The validation report: `validation.md` (pass/fail table, one section per check, figures), `validation.json`
(the same numbers for machines), the PNG figures and each check's table as Parquet.

Files are written under temporary names and renamed (`sim.experiment.files.atomic_write`), so a folder never
holds a half-written file. Tables are written by `sim.reporting.markdown`, as in every other report.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from sim.experiment.files import atomic_write
from sim.reporting.markdown import frame_table, table
from sim.validation import backtest, plots
from sim.validation.record import CheckResult

SECTIONS = (
    ("analytic", "Analytic checks of the attrition laws"),
    ("extreme", "Extreme-condition and degenerate checks of the campaign"),
    ("backtest", "Historical backtest"),
)


def _figures(checks: Sequence[CheckResult], folder: Path) -> dict[str, str]:
    """Draw the figures whose checks are present; {check key: file name}."""
    by_key = {c.key: c for c in checks}
    drawn: dict[str, str] = {}
    if "analytic.convergence" in by_key:
        drawn["analytic.convergence"] = plots.plot_convergence(
            by_key["analytic.convergence"], folder / "convergence.png"
        ).name
    if "analytic.win_probability" in by_key and "analytic.duration" in by_key:
        name = plots.plot_ctmc(
            by_key["analytic.win_probability"], by_key["analytic.duration"], folder / "ctmc.png"
        ).name
        drawn["analytic.win_probability"] = drawn["analytic.duration"] = name
    if "extreme.doubled_frontage" in by_key:
        drawn["extreme.doubled_frontage"] = plots.plot_doubling(
            by_key["extreme.doubled_frontage"], folder / "doubling.png"
        ).name
    if "backtest.kharkiv_2022" in by_key:
        drawn["backtest.kharkiv_2022"] = plots.plot_backtest(
            by_key["backtest.kharkiv_2022"], folder / "backtest.png"
        ).name
    return drawn


def _tables(checks: Sequence[CheckResult], folder: Path) -> None:
    tables = folder / "tables"
    tables.mkdir(exist_ok=True)
    for check in checks:
        frames = {check.key: check.data}
        for part in ("milestones", "responses"):
            extra = check.extra.get(part)
            if isinstance(extra, pd.DataFrame):
                frames[f"{check.key}.{part}"] = extra
        for name, frame in frames.items():
            if not frame.empty:
                atomic_write(tables / f"{name}.parquet", lambda p, f=frame: f.to_parquet(p, index=False))


def _section(check: CheckResult, figure: str | None) -> list[str]:
    lines = [
        f"### {check.status}: {check.title}",
        "",
        f"`{check.key}` — {check.seconds:.1f} s",
        "",
        f"- **Criterion:** {check.criterion}",
        f"- **Result:** {check.summary}",
    ]
    lines += [f"- {note}" for note in check.notes]
    lines.append("")
    if check.key in ("analytic.win_probability", "analytic.duration"):
        cols = ["m", "n", "duels", "exact", "simulated", "se", "z"]
        lines += ["<details><summary>Per-pair table</summary>", "", frame_table(check.data[cols]), "", "</details>", ""]
    elif check.key == "analytic.convergence":
        lines += [
            frame_table(
                check.data[
                    ["law", "scale", "max_rel_error", "final_x_mean", "final_x_ode", "final_y_mean", "final_y_ode"]
                ]
            ),
            "",
            frame_table(
                check.extra["duels"][
                    [
                        "scale",
                        "m",
                        "n",
                        "duels",
                        "mean_time",
                        "se",
                        "ctmc_time",
                        "ode_time",
                        "x_win_share",
                        "ctmc_x_win",
                        "rel_error_mean_vs_ode",
                    ]
                ]
            ),
            "",
        ]
    elif check.key == "backtest.kharkiv_2022":
        lines += _backtest_section(check)
    if figure and check.key != "analytic.duration":
        lines += [f"![{check.title}]({figure})", ""]
    return lines


def _backtest_section(check: CheckResult) -> list[str]:
    t = check.data

    def span(low: str, high: str, fmt: str = ",.0f") -> list[str]:
        return [f"{a:{fmt}} – {b:{fmt}}" for a, b in zip(t[low], t[high], strict=True)]

    view = pd.DataFrame(
        {
            "day": t["day"],
            "date": t["date"],
            "record (km²)": t["record_km2"],
            "percentile of the record": t["record_percentile"],
            "simulated median": t["sim_median"],
            "simulated 95% interval": span("sim_q025", "sim_q975"),
            "claims (km²)": span("claims_low_km2", "claims_high_km2"),
            "percentiles of the claims' ends": span("claims_low_percentile", "claims_high_percentile", ".0f"),
        }
    )
    lines = [f"Area retaken, {check.extra['replications']} runs:", "", frame_table(view), ""]
    m = check.extra.get("milestones")
    if isinstance(m, pd.DataFrame) and not m.empty:
        mview = m[
            [
                "place",
                "sector",
                "km",
                "record_day",
                "sim_median_day",
                "sim_q05_day",
                "sim_q95_day",
                "share_reached_by_horizon",
                "record_percentile",
                "source",
            ]
        ].rename(
            columns={
                "record_day": "history (day)",
                "sim_median_day": "simulated median day",
                "sim_q05_day": "5%",
                "sim_q95_day": "95%",
                "share_reached_by_horizon": "share reached by day 30",
                "record_percentile": "percentile of history",
            }
        )
        lines += [
            "When the front reached named places (information, not part of the pass rule; day d = end of "
            "6 Sept + d − 1 days; 'never' = not within the horizon):",
            "",
            frame_table(mview),
            "",
        ]
    r = check.extra.get("responses")
    if isinstance(r, pd.DataFrame) and not r.empty:
        rview = r[
            [
                "response",
                "record_date",
                "record_day",
                "sim_median_day",
                "sim_q05_day",
                "sim_q95_day",
                "share_by_horizon",
                "record_percentile",
                "source",
            ]
        ].rename(
            columns={
                "record_date": "history",
                "record_day": "history (day)",
                "sim_median_day": "simulated median day",
                "sim_q05_day": "5%",
                "sim_q95_day": "95%",
                "share_by_horizon": "share made by day 30",
                "record_percentile": "percentile of history",
            }
        )
        lines += [
            "The Kremlin's responses to the ground lost (information, not part of the pass rule): the call-up "
            "and the annexation follow the loss of `mobilization.trigger_area_km2` / `decisions."
            "annexation_area_km2` by their delays; 'never' = not within the horizon:",
            "",
            frame_table(rview),
            "",
        ]
    prov = pd.DataFrame(list(backtest.PROVENANCE), columns=["input", "value", "from"])
    lines += ["Where the backtest's inputs come from (nothing was calibrated on the record):", ""]
    lines += [frame_table(prov), ""]
    return lines


def write_report(checks: Sequence[CheckResult], folder: str | Path, meta: dict[str, Any]) -> Path:
    """Write validation.md, validation.json, the figures and tables into `folder`; returns the Markdown path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    figures = _figures(checks, folder)
    _tables(checks, folder)
    failed = [c for c in checks if not c.passed]
    verdict = (
        f"**All {len(checks)} checks passed.**"
        if not failed
        else f"**{len(failed)} of {len(checks)} checks FAILED:** " + ", ".join(f"`{c.key}`" for c in failed)
    )
    lines = [
        "# sim validation",
        "",
        f"{meta.get('started', '')} · mode **{meta.get('mode', '')}** · seed {meta.get('seed', '')} · "
        f"{meta.get('elapsed_s', 0):.0f} s · sim {meta.get('version', '')}",
        "",
        f"Command: `{meta.get('command', 'python -m sim validate')}`",
        "",
        verdict,
        "",
        *table(
            ["status", "check", "result", "time"],
            [["✅ PASS" if c.passed else "❌ FAIL", c.title, c.summary, f"{c.seconds:.1f} s"] for c in checks],
        ),
    ]
    lines += ["", "Each check's pass rule is stated in its section below.", ""]
    for group, heading in SECTIONS:
        members = [c for c in checks if c.group == group]
        if not members:
            continue
        lines += [f"## {heading}", ""]
        for c in members:
            lines += _section(c, figures.get(c.key))
    lines += ["---", "", "Tables behind every check: `tables/*.parquet`; the numbers above: `validation.json`.", ""]
    md = folder / "validation.md"
    atomic_write(md, lambda p: p.write_text("\n".join(lines), encoding="utf-8"))
    payload = {
        **meta,
        "passed": not failed,
        "checks": [c.as_dict() for c in checks],
        "figures": sorted(set(figures.values())),
    }
    atomic_write(folder / "validation.json", lambda p: p.write_text(json.dumps(payload, indent=2, default=str) + "\n"))
    return md
