"""A Ctrl-C that Python swallows (it landed in a finalizer: "Exception ignored in ...") still stops the run,
between two replications or two chunks, instead of being lost while the run goes on to the end."""

from __future__ import annotations

import gc
import sys

import pytest

import sim
from sim.config.check import to_typed
from sim.config.schema import ExecutorConfig
from sim.experiment import stop
from sim.experiment.executors import execute
from sim.experiment.replicate import run_chunk


@pytest.fixture(autouse=True)
def hook(monkeypatch):
    monkeypatch.setattr(sys, "unraisablehook", sys.unraisablehook)  # restored after the test
    stop.install()
    yield
    stop.reset()


class Interrupted:
    """Collected, it raises KeyboardInterrupt in its finalizer, as a Ctrl-C landing there does."""

    def __del__(self) -> None:
        raise KeyboardInterrupt


def swallowed_interrupt() -> None:
    thing = Interrupted()
    del thing  # Python calls the unraisable hook and goes on
    gc.collect()


def test_a_stop_is_raised_once_where_it_is_checked():
    stop.check()  # none asked for: nothing happens
    stop.request()
    with pytest.raises(KeyboardInterrupt):
        stop.check()
    stop.check()  # acted on: gone


def test_a_keyboard_interrupt_swallowed_in_a_finalizer_requests_the_stop(capsys):
    swallowed_interrupt()
    assert "Exception ignored" not in capsys.readouterr().err  # no traceback for the user
    with pytest.raises(KeyboardInterrupt):
        stop.check()


def test_other_unraisable_exceptions_still_go_to_the_hook_that_was_there(monkeypatch):
    class Broken:
        def __del__(self) -> None:
            raise ValueError("a finalizer's own bug")

    seen = []
    monkeypatch.setattr(sys, "unraisablehook", lambda info: seen.append(info.exc_value))  # Python's, pytest's
    stop.install()
    broken = Broken()
    del broken
    assert [str(e) for e in seen] == ["a finalizer's own bug"]
    stop.check()  # and no stop
    swallowed_interrupt()
    assert len(seen) == 1  # a KeyboardInterrupt is not passed on: it is a stop
    with pytest.raises(KeyboardInterrupt):
        stop.check()


def test_the_executor_stops_after_the_chunk_in_which_the_interrupt_was_swallowed():
    ran = []

    def chunk(keys: list[int]) -> list[int]:
        ran.append(keys[0])
        if keys[0] == 0:
            swallowed_interrupt()
        return keys

    def consume(results, into: list) -> None:
        for result in results:
            into.append(result)

    got: list[list[int]] = []
    with pytest.raises(KeyboardInterrupt):
        consume(execute(chunk, [[0], [1], [2]], ExecutorConfig(name="serial")), got)
    assert got == [[0]] and ran == [0]  # the chunk was kept; nothing after it was computed


def test_a_chunk_run_in_this_process_stops_between_replications():
    cfg = to_typed(sim.compose(["+scenario=advance", "horizon_days=5", "progress=false"]))
    stop.request()
    with pytest.raises(KeyboardInterrupt):
        run_chunk(cfg, [(0, 1), (1, 2)])
    assert len(run_chunk(cfg, [(0, 1)])) == 1  # the stop was acted on once


def slow_chunk(keys: list[int], marker: str) -> list[int]:
    import pathlib
    import time

    time.sleep(4.0)
    pathlib.Path(f"{marker}-{keys[0]}").touch()  # only a chunk that ran to its end leaves one
    return keys


def test_a_pool_stops_its_workers_mid_chunk_once_a_stop_is_recorded(tmp_path):
    import functools
    import threading

    threading.Timer(0.5, stop.request).start()  # as a swallowed Ctrl-C does, while the workers compute
    results = execute(
        functools.partial(slow_chunk, marker=str(tmp_path / "done")),
        [[0], [1]],
        ExecutorConfig(name="processes", n_workers=2),
    )
    with pytest.raises(KeyboardInterrupt):
        next(results)
    assert not list(tmp_path.glob("done-*"))  # stopped within a poll, not after the 4 s chunks
