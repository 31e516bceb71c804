"""The drawer forked as a command starts: it draws a run's figures as they are drawn here, or the command
draws them itself; it never outlives what it serves, and never holds the command's output open."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import psutil
import pytest

from sim.reporting import drawer, run_report
from tests.conftest import ROOT

SUBCOMMANDS = ("compare", "validate", "provenance", "calibrate")


@pytest.fixture(autouse=True)
def no_drawer_left():
    yield
    drawer.stop()


@pytest.fixture
def replies(monkeypatch):
    """The drawer's replies, as the command reads them."""
    seen: list = []
    real = drawer._reply
    monkeypatch.setattr(drawer, "_reply", lambda d: seen.append(real(d)) or seen[-1])
    return seen


def gone(pid: int, seconds: float = 10.0) -> bool:
    """Whether the process has exited within `seconds` (collected here, as its parent)."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return True
        if done:
            return True
        time.sleep(0.02)
    return False


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["+scenario=advance"], True),
        ([], True),
        (["+scenario=advance", "plots=true", "resume=auto"], True),
        (["+scenario=advance", "plots=false"], False),
        (["+scenario=advance", "plots=False"], False),
        (["-m", "+scenario=advance,dissuasion"], False),
        (["--multirun", "seed=1,2"], False),
        (["--help"], False),
        (["--cfg", "job"], False),
        (["+scenario=advance", "replay=3"], False),
        (["compare", "a", "b"], False),
        (["validate", "--quick"], False),
    ],
)
def test_a_drawer_is_forked_only_for_a_run_that_draws_figures(argv, expected):
    assert drawer.wanted(argv, SUBCOMMANDS) is expected


def _write(results, cfg, folder):
    run_report.write_run(results, cfg, folder)
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix in (".svg", ".md")}


def test_the_drawers_figures_are_the_ones_drawn_here(tmp_path, small_run, replies):
    cfg, results = small_run
    here = _write(results, cfg, tmp_path / "here")
    served = drawer.start()
    assert served is not None
    there = _write(results, cfg, tmp_path / "drawer")
    assert [r[0] for r in replies] == ["drawn"] and set(replies[0][1]) == set(run_report.FIGURE_TITLES)
    assert gone(served.pid)  # one run served, then it exits
    assert drawer._DRAWER is None
    assert {n for n in here if n.endswith(".svg")} == {f"{n[:-4]}.svg" for n in run_report.FIGURE_TITLES}
    assert there == here  # every SVG byte for byte, and the summary that links them


def test_a_dead_drawer_leaves_the_figures_to_the_command(tmp_path, small_run):
    cfg, results = small_run
    served = drawer.start()
    assert served is not None
    os.kill(served.pid, signal.SIGKILL)
    assert gone(served.pid)
    written = _write(results, cfg, tmp_path / "run")
    assert len([n for n in written if n.endswith(".svg")]) == len(run_report.FIGURE_TITLES)


def test_a_drawer_that_cannot_draw_leaves_the_figures_to_the_command(tmp_path, small_run, monkeypatch, replies):
    cfg, results = small_run
    here = os.getpid()
    real = run_report.save_all

    def fails_in_the_drawer(*args, **kwargs):
        if os.getpid() != here:
            raise RuntimeError("no figures in the drawer")
        return real(*args, **kwargs)

    monkeypatch.setattr(run_report, "save_all", fails_in_the_drawer)
    served = drawer.start()
    assert served is not None
    written = _write(results, cfg, tmp_path / "run")
    assert replies == [("failed", "RuntimeError: no figures in the drawer")]
    assert gone(served.pid)
    assert len([n for n in written if n.endswith(".svg")]) == len(run_report.FIGURE_TITLES)


def test_an_unused_drawer_is_ended_when_the_command_knows_it_draws_nothing():
    served = drawer.start()
    assert served is not None and drawer.start() is served  # one per process
    drawer.stop()
    assert gone(served.pid) and drawer._DRAWER is None
    assert drawer.draw(None, None, None, lambda: pytest.fail("no drawer: nothing done")) is None  # type: ignore[arg-type]


def _family(marker: str) -> list[psutil.Process]:
    found = []
    for p in psutil.process_iter(["cmdline"]):
        try:
            if marker in " ".join(p.info["cmdline"] or []):
                found.append(p)
        except psutil.Error:
            continue
    return found


@pytest.mark.parametrize("extra", [["replications=2", "horizon_days=10"], ["horizon_days=-1"]])
def test_the_command_ends_with_its_drawer_and_never_holds_its_output(tmp_path, extra):
    """A run with figures (served) and a refused config (the drawer unused): the command's pipes close when
    it ends, and no process of it is left."""
    marker = f"hydra.run.dir={tmp_path / 'run'}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = [sys.executable, "-m", "sim", "+scenario=advance", "progress=false", *extra, marker]
    done = subprocess.run(args, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == (0 if extra[0].startswith("replications") else 2), done.stderr
    deadline = time.time() + 10
    while _family(marker) and time.time() < deadline:
        time.sleep(0.05)
    assert not _family(marker)
    if done.returncode == 0:
        assert {p.name for p in (tmp_path / "run").glob("*.svg")} == {f"{n[:-4]}.svg" for n in run_report.FIGURE_TITLES}
