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
        (["+scenario=advance"], drawer.RUN),
        ([], drawer.RUN),
        (["+scenario=advance", "plots=true", "resume=auto"], drawer.RUN),
        (["+scenario=advance", "plots=false"], None),
        (["+scenario=advance", "plots=False"], None),
        (["-m", "+scenario=advance,dissuasion"], drawer.SWEEP),
        (["--multirun", "seed=1,2", "plots=false"], drawer.SWEEP),  # the comparison is drawn whatever plots says
        (["--help"], None),
        (["-m", "--cfg", "job"], None),
        (["+scenario=advance", "replay=3"], None),
        (["-m", "seed=1,2", "hydra/launcher=basic"], None),  # another of Hydra's own groups: no drawer
        (["+scenario=advance", "hydra/job_logging=disabled"], None),
        (["compare", "a", "b"], None),
        (["validate", "--quick"], None),
    ],
)
def test_a_drawer_is_forked_only_for_a_command_that_draws(argv, expected):
    assert drawer.wanted(argv, SUBCOMMANDS) == expected


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


def test_a_sweeps_drawer_writes_the_comparison_written_here(tmp_path, small_run, replies):
    """Started for a sweep, the drawer serves its comparison and nothing else: a job's figures and a job's
    `plots` off leave it be; the comparison it writes is the one written here, file for file."""
    from sim.reporting.compare import compare

    cfg, results = small_run
    jobs = [tmp_path / "sweep" / f"job{k}" for k in range(2)]
    for job in jobs:
        run_report.write_run(results, cfg, job)
    compare(jobs, tmp_path / "here", n_resamples=999)
    served = drawer.start(drawer.SWEEP)
    assert served is not None
    drawer.stop(drawer.RUN)  # what a job with plots off does: not this drawer
    assert drawer.draw(results, None, tmp_path, lambda: None) is None  # type: ignore[arg-type]
    assert drawer._DRAWER is served and not replies
    path = drawer.compare(jobs, tmp_path / "there", pairs="reference", n_resamples=999)
    assert path == tmp_path / "there" / "comparison.md" and [r[0] for r in replies] == ["compared"]
    assert gone(served.pid) and drawer._DRAWER is None
    for name in ("comparison.md", "comparison.json", *(p.name for p in (tmp_path / "here").glob("*.svg"))):
        assert (tmp_path / "there" / name).read_bytes() == (tmp_path / "here" / name).read_bytes(), name


def test_a_sweep_whose_drawer_fails_is_compared_by_the_callback(tmp_path, small_run, monkeypatch, replies, capsys):
    from omegaconf import OmegaConf

    from sim.reporting import compare as compare_module
    from sim.reporting.callbacks import CompareOnMultirunEnd

    cfg, results = small_run
    sweep = tmp_path / "sweep"
    for k in range(2):
        run_report.write_run(results, cfg, sweep / f"job{k}_baseline")
    here, real = os.getpid(), compare_module.compare

    def fails_in_the_drawer(*args, **kwargs):
        if os.getpid() != here:
            raise RuntimeError("no comparison in the drawer")
        return real(*args, **kwargs)

    monkeypatch.setattr(compare_module, "compare", fails_in_the_drawer)
    served = drawer.start(drawer.SWEEP)
    assert served is not None
    CompareOnMultirunEnd(resamples=999).on_multirun_end(OmegaConf.create({"hydra": {"sweep": {"dir": str(sweep)}}}))
    assert replies == [("failed", "RuntimeError: no comparison in the drawer")]
    assert (sweep / "comparison.md").is_file() and "comparison of 2 jobs" in capsys.readouterr().out
    assert gone(served.pid)
