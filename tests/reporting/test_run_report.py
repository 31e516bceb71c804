"""What a run folder holds after `write_run`: every figure as PNG and SVG, `summary.md` with its figures and
n, `summary.json` with the same numbers, and the daily series that explain the outcome drawn against the
decision rule's thresholds."""

from __future__ import annotations

import json
import math

from sim.outcomes import categorical
from sim.reporting.censored import event_days
from sim.reporting.run_report import write_run
from sim.reporting.summary import category_table, numeric_table
from tests.reporting.conftest import drawn

FIGURES = ("outcomes", "probabilities", "front", "dynamics", "casualties", "mobilized", "map")


def test_a_run_writes_every_figure_as_png_and_svg_and_shows_them(small_run, tmp_path):
    cfg, results = small_run
    folder = write_run(results, cfg, tmp_path / "run")
    summary = (folder / "summary.md").read_text(encoding="utf-8")
    for name in FIGURES:
        assert (folder / f"{name}.png").stat().st_size > 10_000, name
        svg = (folder / f"{name}.svg").read_text(encoding="utf-8")
        assert svg.lstrip().startswith("<?xml") and "<svg" in svg and "<dc:date>" not in svg, name
        assert f"]({name}.png)" in summary
    assert "| outcome | mean | 95% CI of mean | 90% interval | median | n |" in summary


def test_summary_json_holds_the_numbers_of_summary_md(small_run, tmp_path):
    cfg, results = small_run
    folder = write_run(results, cfg, tmp_path / "run")
    data = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    assert data["replications"] == len(results.outcomes) == data["meta"]["replications"]
    expected = numeric_table(results.outcomes)
    assert [r["outcome"] for r in data["numeric"]] == list(expected["outcome"])
    for row, (_, want) in zip(data["numeric"], expected.iterrows()):
        for key in ("mean", "ci95_low", "ci95_high", "q05", "median", "q95", "n"):
            value = want[key]
            assert (row[key] is None and not math.isfinite(value)) or math.isclose(row[key], value), (row, key)
    for column, categories in categorical().items():
        table = category_table(results.outcomes, column, categories)
        assert [r["count"] for r in data["categories"][column]] == list(table["count"])
    assert {f["png"] for f in data["figures"]} == {f"{n}.png" for n in FIGURES}


def test_the_daily_drivers_are_read_against_the_halt_rule(small_run, tmp_path, captured):
    cfg, results = small_run
    write_run(results, cfg, tmp_path / "run")
    fig = captured["dynamics.png"]
    will = next(ax for ax in fig.axes if "will" in ax.get_title())
    levels = {round(float(line.get_ydata()[0]), 6) for line in will.lines if len(set(line.get_ydata())) == 1}
    assert {cfg.decisions.halt_below, cfg.decisions.continue_at} <= levels
    titles = " ".join(ax.get_title() for ax in fig.axes)
    for panel in ("Net area", "turning points", "Personnel", "supply of the bridgehead", "aircraft"):
        assert panel in titles, panel
    turning = next(ax for ax in fig.axes if "turning points" in ax.get_title())
    shares = [line for line in turning.lines if line.get_label() and not line.get_label().startswith("_")]
    assert shares and all(0 <= min(line.get_ydata()) <= max(line.get_ydata()) <= 1 for line in shares)
    # every turning point the run has is drawn (no palette cut them short), each in its own colour and dash
    assert len(shares) == len([c for c in event_days() if c in results.outcomes])
    assert len({(line.get_color(), line.get_linestyle()) for line in shares}) == len(shares)
    # its legend lies below the shares' 0 line and inside the panel, so no line runs through it
    drawn(fig)
    box = turning.get_legend().get_window_extent().transformed(turning.transData.inverted())
    panel = turning.get_window_extent()
    assert box.y1 < 0 and turning.get_ylim()[0] <= box.y0
    assert panel.x0 <= turning.get_legend().get_window_extent().x0
    assert turning.get_legend().get_window_extent().x1 <= panel.x1
