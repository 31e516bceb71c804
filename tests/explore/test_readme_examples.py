"""The README's examples for samplers of your own (SALib, EMA Workbench) run as they are written, and the
exploration runs from the command line as the README shows it (at a tiny size)."""

from __future__ import annotations

import contextlib
import io
import json
import re

import pytest

from tests.conftest import ROOT, run_cli

pytestmark = [pytest.mark.slow, pytest.mark.model_untraced]


def example(name: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(rf"<!-- example: {name} -->\n```python\n(.*?)```", text, re.S)
    assert found, f"the README has no {name} example"
    return found.group(1)


def _run(code: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, f"README:{code[:20]}", "exec"), {"__name__": "readme_example"})  # noqa: S102
    return out.getvalue()


def test_the_salib_example_runs_and_ranks_credibility_above_w_deter():
    printed = _run(example("salib"))
    st = [float(v) for v in re.findall(r"-?\d+\.\d+(?:e-?\d+)?", printed)]
    assert len(st) == 2 and st[0] > st[1]


def test_the_ema_workbench_example_runs():
    pytest.importorskip("ema_workbench")
    printed = _run(example("ema"))
    assert 0.0 <= float(printed.split()[-1]) <= 1.0


def test_the_command_line_design_writes_its_tables_report_and_figures(tmp_path):
    args = ["+scenario=dissuasion", "+explore=deterrence", "explore.method=sobol", "explore.n=2", "replications=2"]
    proc = run_cli([*args, "horizon_days=40", "executor=serial", "hydra.run.dir=out"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "out"
    for name in ("design.parquet", "outcomes.parquet", "exploration.md", "exploration.json", "indices.png"):
        assert (out / name).is_file(), name
    report = (out / "exploration.md").read_text()
    assert report.startswith("# Exploring the assumptions: `deterrence` on `dissuasion`")
    assert "the three assumptions that matter most" in report.splitlines()[2]
    assert json.loads((out / "run.json").read_text())["status"] == "complete"


def test_a_bad_explore_key_is_one_line_and_exit_2(tmp_path):
    bad = "explore.parameters=[{key: decisions.credibility, low: 0, high: 2}]"
    proc = run_cli(["+scenario=dissuasion", "+explore=deterrence", bad, "hydra.run.dir=out"], tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "sim: config error: explore.parameters[0].high=2.0 is not allowed: a bound within decisions.credibility's "
        "range [0, 1]"
    ]
    assert not (tmp_path / "out").exists()
