"""The comparison says what its numbers are: a difference agrees with the means beside it, an event that did
not happen counts as "not by the horizon" rather than vanishing, and equal futures stay visible in its
figures."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.collections import PolyCollection
from omegaconf import OmegaConf

from sim.experiment.results import Results
from sim.reporting.compare import compare

N = 40
HORIZON = 180.0


def _job(folder: Path, cfg, scenario: str, bridgehead_day: np.ndarray, daily: pd.DataFrame) -> Path:
    """A result folder of N paired replications where only the day the bridgehead falls differs."""
    rng = np.random.default_rng(3)
    lost = np.isfinite(bridgehead_day)
    out = pd.DataFrame(
        {
            "replication": np.arange(N),
            "seed": np.arange(N) + 100,
            "area_km2": rng.normal(5000, 1000, N),
            "outcome": ["stalemate"] * N,
            "bridgehead": np.where(lost, "withdrawn", "held"),
            "bridgehead_day": bridgehead_day,
            "cas_ua": rng.normal(40000, 5000, N),
            "cas_ru": rng.normal(60000, 5000, N),
        }
    )
    meta = {"scenario": scenario, "seed": 7, "replications": N, "horizon_days": HORIZON, "start_date": "2022-10-01"}
    Results(out, daily, meta).save(folder, OmegaConf.to_yaml(OmegaConf.structured(cfg)))
    (folder / ".hydra").mkdir()
    (folder / ".hydra" / "overrides.yaml").write_text(f"- +scenario={scenario}\n")  # labelled by scenario alone
    return folder


def _numbers(cell: str) -> float:
    match = re.match(r"\**\s*(-?[\d,]*\.?\d+)", cell.strip())
    return float(match.group(1).replace(",", "")) if match else math.nan


def _difference_tables(text: str) -> list[tuple[list[str], list[list[str]]]]:
    section = text[text.index("## Differences between jobs") : text.index("## Numeric outcomes per job")]
    tables, rows = [], []
    for line in [*section.splitlines(), ""]:
        if line.startswith("|"):
            rows.append([c.strip() for c in line.strip().strip("|").split(" | ")])
        elif rows:
            tables.append((rows[0], rows[2:]))
            rows = []
    return tables


def test_a_difference_agrees_with_the_means_beside_it(tmp_path, small_run):
    """Bridgehead lost in 10 runs at day 100 (a) against 10 at day 90 plus 20 at day 150 (b). Over the runs
    where both lose it b is 10 days earlier, yet b's mean day is 30 days later: the old table printed means
    100 and 130 beside a difference of -10, with no n. The table must not contradict itself, must say how
    often the event happened, and must count "never" as "not by the horizon" (restricted mean: a 160, b
    142.5, a difference of -17.5 days)."""
    cfg, results = small_run
    a_day = np.full(N, np.nan)
    a_day[:10] = 100.0
    b_day = np.full(N, np.nan)
    b_day[:10] = 90.0
    b_day[10:30] = 150.0
    a = _job(tmp_path / "job0_a", cfg, "dissuasion", a_day, results.daily)
    b = _job(tmp_path / "job1_b", cfg, "advance", b_day, results.daily)
    text = compare([a, b], tmp_path / "out", n_resamples=999).read_text()
    checked = 0
    for header, rows in _difference_tables(text):
        if "difference (95% CI)" not in header:
            continue
        means = [i for i, h in enumerate(header) if h.startswith(("mean ", "P "))]  # the two jobs' values
        diff = header.index("difference (95% CI)")
        for row in rows:
            first, second, stated = (_numbers(row[i]) for i in (*means[:2], diff))
            if math.isnan(stated):
                continue
            assert abs((second - first) - stated) <= 0.01 * max(abs(first), abs(second), 1.0), row
            checked += 1
    assert checked >= 3
    row = next(line for line in text.splitlines() if line.startswith("| bridgehead_day |"))
    assert "10 of 40" in row and "30 of 40" in row
    assert "160" in row and "142.5" in row and "-17.5" in row


def test_equal_futures_stay_visible_in_the_front_figure(tmp_path, small_run, captured):
    """Two jobs with the same daily bands: both medians must be seen, and no translucent bands blend."""
    cfg, results = small_run
    day = np.full(N, np.nan)
    a = _job(tmp_path / "job0_a", cfg, "baseline", day, results.daily)
    b = _job(tmp_path / "job1_b", cfg, "advance", day, results.daily)
    compare([a, b], tmp_path / "out", n_resamples=99)
    fig = captured["compare_front.png"]
    panels = [ax for ax in fig.axes if ax.get_visible() and ax.get_title()]
    assert [ax.get_title() for ax in panels][:2] == ["kharkiv oskil", "lyman"]  # the theatre's order
    for ax in panels:
        translucent = [c for c in ax.collections if isinstance(c, PolyCollection) and (c.get_alpha() or 1) < 1]
        assert len(translucent) <= 1, ax.get_title()
        medians = [line for line in ax.lines if not line.get_label().startswith("_")]  # labelled by their job
        assert len(medians) == 2
        styles = {(line.get_linestyle(), line.get_linewidth()) for line in medians}
        assert len(styles) == 2, ax.get_title()  # equal medians drawn alike would hide each other


def test_comparison_json_holds_the_numbers_of_comparison_md(tmp_path, small_run):
    """Each difference the report prints is in comparison.json, with its CI; the forest plot is drawn."""
    import json

    from sim.reporting.compare_report import estimate, points
    from sim.stats import Difference

    cfg, results = small_run
    a_day = np.full(N, np.nan)
    a_day[:10] = 100.0
    a = _job(tmp_path / "job0_a", cfg, "dissuasion", a_day, results.daily)
    b = _job(tmp_path / "job1_b", cfg, "advance", np.full(N, 120.0), results.daily)
    report = compare([a, b], tmp_path / "out", n_resamples=499)
    text = report.read_text()
    data = json.loads((tmp_path / "out" / "comparison.json").read_text())
    assert [j["job"] for j in data["jobs"]] == ["dissuasion", "advance"]
    (pair,) = data["pairs"]
    for row in pair["numeric"]:
        cell = estimate(Difference(**row["difference"]))
        assert f"| {row['outcome']} |" in text and cell in text, row["outcome"]
    (event,) = pair["events"]
    assert event["outcome"] == "bridgehead_day" and event["happened"] == [10, 40]
    assert estimate(Difference(**event["share"]), points, " pp") in text
    for row in pair["probabilities"]:
        assert estimate(Difference(**row["difference"]), points, " pp") in text
    assert {f["png"] for f in data["figures"]} >= {"compare_differences.png", "compare_front.png"}
    assert (tmp_path / "out" / "compare_differences.svg").is_file()
    assert "![Differences between the futures, with 95% CIs](compare_differences.png)" in text
