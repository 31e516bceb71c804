"""Fuzzing the command line as a hostile user would: random overrides and random scenario files.

Every input either runs (tiny: a short horizon, one or two replications, serial) or ends with exit status 2
and one line on stderr: never a traceback, never a hang (each case has a time limit), never a file written
outside the run's own folder. Hypothesis is derandomized, so CI sees the same cases every time;
`SIM_FUZZ_EXAMPLES=200` fuzzes deeper by hand (8 cases per test by default, which CI runs).
"""

from __future__ import annotations

import os
import string
import subprocess
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.config.provenance import rows
from tests.conftest import run_cli

pytestmark = pytest.mark.slow
CASE_TIMEOUT_S = 120
FUZZ = settings(
    max_examples=int(os.environ.get("SIM_FUZZ_EXAMPLES", "8")),
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# every key of the schema but those that make a run big on purpose or stop it being a run
UNFUZZED = {"replications", "horizon_days", "resume", "replay", "progress", "record_trace", "executor.address"}
KEYS = sorted(
    {r.key for r in rows() if not r.key.startswith("executor.")} - UNFUZZED
    | {
        "theatre.sectors.lyman.width_km",
        "theatre.sectors.lyman.max_km",
        "theatre.sectors.lyman.lines",
        "theatre.sectors.lyman.neighbours",
        "forces.ua_lyman.personnel",
        "forces.ua_lyman.sector",
        "forces.ru_lyman.posture",
        "theatre.start_date",
    }
)
TOKENS = [
    *("-1", "0", "1e-9", "0.5", "1", "2", "1e6", "1e9", "1e300", "nan", "inf", "-inf", "3650", "-0"),
    *("abc", "''", "null", "true", "[]", "{}", "[1,2]", "{a:1}", "'${oc.env:HOME}'", "'${now:%Y}'", "../../x"),
    *("theatre", "ru", "mobilized", "attack", "garrison", "[lyman]", "[{at_km:5}]", "2022-13-45", "'a b'"),
]
PLAUSIBLE = st.one_of(  # values a model key may well take: most cases then run, to the end
    st.floats(0, 1).map(lambda x: f"{x:.3g}"),
    st.floats(1, 100).map(lambda x: f"{x:.3g}"),
    st.integers(0, 50).map(str),
)
VALUES = st.one_of(
    PLAUSIBLE,
    PLAUSIBLE,
    st.sampled_from(TOKENS),
    st.floats(-10, 1e4, allow_nan=False).map(lambda x: f"{x:.4g}"),
    st.text(alphabet=string.ascii_letters + string.digits + "_-.:/[]{},'$ ", max_size=12),
)
PREFIX = st.one_of(st.just(""), st.just(""), st.just(""), st.sampled_from(["+", "~", "++"]))
OVERRIDES = st.lists(
    st.tuples(PREFIX, st.sampled_from(KEYS), VALUES).map(
        lambda t: f"{t[0]}{t[1]}" if t[0] == "~" else f"{t[0]}{t[1]}={t[2]}"
    ),
    min_size=1,
    max_size=3,
)
TINY = ["replications=1", "horizon_days=3", "executor=serial", "progress=false", "plots=false"]


def check_outcome(proc: subprocess.CompletedProcess[str], case: object) -> None:
    if os.environ.get("SIM_FUZZ_LOG"):
        with open(os.environ["SIM_FUZZ_LOG"], "a", encoding="utf-8") as log:
            log.write(f"{proc.returncode}\t{case!r}\t{proc.stderr.strip()[:300]!r}\n")
    assert "Traceback" not in proc.stderr + proc.stdout, (case, proc.stderr[-2000:])
    if proc.returncode == 0:
        return
    assert proc.returncode == 2, (case, proc.returncode, proc.stderr[-2000:])
    assert len(proc.stderr.strip().splitlines()) == 1, (case, proc.stderr[-2000:])


def run_case(args: list[str], env: dict[str, str] | None = None) -> None:
    with tempfile.TemporaryDirectory(prefix="sim-fuzz-") as tmp:
        work = Path(tmp) / "work"
        work.mkdir()
        try:
            proc = run_cli(args, work, timeout=CASE_TIMEOUT_S, env=env)
        except subprocess.TimeoutExpired:
            pytest.fail(f"no answer within {CASE_TIMEOUT_S} s: {args}")
        check_outcome(proc, args)
        outside = [p.name for p in Path(tmp).iterdir() if p.name != "work"]
        assert not outside, (args, outside)


@FUZZ
@given(OVERRIDES, st.sampled_from(["baseline", "advance", "kharkiv_2022"]))
def test_random_overrides_run_or_are_one_line(overrides, scenario):
    run_case([f"+scenario={scenario}", *TINY, *overrides])


SCENARIO_KEYS = [k.split(".")[0] for k in KEYS] + ["hydra", "defaults", "_target_", "scenario_name", "bogus"]
LEAF = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(TOKENS),
    st.text(max_size=10),
)
TREE = st.recursive(
    LEAF,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(
            st.sampled_from([*SCENARIO_KEYS, "lyman", "law", "kill_rate", "lines", "at_km"]), children, max_size=3
        ),
    ),
    max_leaves=8,
)
DOCUMENTS = st.one_of(
    st.dictionaries(st.sampled_from(SCENARIO_KEYS), TREE, max_size=4).map(
        lambda d: yaml.safe_dump({"scenario_name": "fz", **d}, allow_unicode=True)
    ),
    st.text(max_size=200),
    st.lists(
        st.sampled_from(
            [
                "scenario_name: fz\n",
                "seed: 3\n",
                "seed: 4\n",
                "a: &x [1, 2]\n",
                "b: *x\n",
                "combat:\n  kill_rate: 0.02\n",
                "combat: {law: [\n",
                "hydra:\n  job:\n    name: x\n",
                "defaults:\n  - override /theatre: sep2022\n",
                "theatre:\n  start_date: 2022-10-01\n",
                "description: ${oc.env:HOME}\n",
                "x: !!python/name:os.system\n",
                "\t- tab\n",
                "replications: 1e9\n",
            ]
        ),
        max_size=4,
    ).map("".join),
)


@FUZZ
@given(DOCUMENTS)
def test_random_scenario_files_run_or_are_one_line(text):
    with tempfile.TemporaryDirectory(prefix="sim-scenarios-") as folder:
        (Path(folder) / "fz.yaml").write_text(text, encoding="utf-8")
        run_case(["+scenario=fz", *TINY], env={"SIM_SCENARIOS": folder})
