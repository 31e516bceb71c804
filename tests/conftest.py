"""Shared fixtures: small, fast configs composed exactly as the CLI composes them."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import sim
from sim.config.check import to_typed


@pytest.fixture(autouse=True)
def no_stop_left_behind() -> Iterator[None]:
    """A stop recorded in this process (a test calling the CLI's signal handler) would stop the next test's
    run at its first check: each test starts and ends without one."""
    from sim.experiment import stop

    stop.reset()
    yield
    stop.reset()


ROOT = Path(__file__).resolve().parents[1]
SMALL = ["executor=serial", "progress=false"]


def _untrace_child() -> None:
    """A worker forked from a test process keeps coverage's line tracer, whose data it never saves (coverage
    measures the test processes): the tracer would only make it 2-4 times slower."""
    sys.settrace(None)
    threading.settrace(None)  # type: ignore[arg-type]


os.register_at_fork(after_in_child=_untrace_child)


@contextlib.contextmanager
def untraced() -> Iterator[None]:
    """No line tracing (coverage's) while a block runs many replications for their numbers, such as the reference
    run a test compares with: traced, the same replications take 2-4 times as long. The rest of the suite
    measures the lines."""
    tracer = sys.gettrace()
    sys.settrace(None)
    try:
        yield
    finally:
        sys.settrace(tracer)


@pytest.fixture
def typed():
    """Compose + validate, as the CLI does: typed(["+scenario=advance", "seed=3"])."""

    def make(overrides: list[str] | None = None):
        return to_typed(sim.compose(SMALL + list(overrides or [])))

    return make


def run_cli(
    args: list[str], cwd: Path, timeout: float = 300, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m sim ...` the way a user does, from `cwd` (with `env` added to the environment)."""
    env = {**os.environ, **(env or {}), "PYTHONPATH": str(ROOT)}
    env.pop("HYDRA_FULL_ERROR", None)
    return subprocess.run(
        [sys.executable, "-m", "sim", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item):
    """A test marked `untraced` asks the model for many replications to read a direction from their numbers:
    it runs, fixtures included, with coverage's tracer paused (its lines are the ones every other run of the
    model takes)."""
    if item.get_closest_marker("untraced") is None:
        return (yield)
    with untraced():
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    if item.get_closest_marker("untraced") is None:
        return (yield)
    with untraced():
        return (yield)


@contextlib.contextmanager
def replications_untraced() -> Iterator[None]:
    """The model's replications run in this process with coverage's tracer paused, the code around them
    (storage, resuming, reports, statistics, calibration) traced: for a test of that layer on many
    replications. The model's own lines are measured by the tests of the world and of the laws."""
    from sim.experiment import replicate

    real = replicate.run_replication

    def run_replication(*args, **kwargs):
        with untraced():
            return real(*args, **kwargs)

    replicate.run_replication = run_replication
    try:
        yield
    finally:
        replicate.run_replication = real


@pytest.fixture(autouse=True)
def _model_untraced(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test marked `model_untraced` runs inside `replications_untraced`."""
    if request.node.get_closest_marker("model_untraced") is None:
        yield
        return
    with replications_untraced():
        yield
