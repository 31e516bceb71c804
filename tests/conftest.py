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
