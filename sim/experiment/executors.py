"""Where chunks of replications run: in this process, in local worker processes, or on a Dask cluster.

Every executor yields chunk results as they complete; order does not matter because each replication's
numbers depend only on its own seed, so any executor and worker count gives identical results.

Worker processes of the pool never outlive the run: each ignores Ctrl-C (the main process gets it too and
stops them), takes SIGTERM's default action (not a handler inherited through fork), and exits when its
parent dies (PR_SET_PDEATHSIG on Linux, and a watchdog thread that checks its parent everywhere). When a
run stops early (Ctrl-C, SIGTERM, a full disk), the workers are terminated at once rather than left to
finish their chunks.

A worker that dies while it is sending a chunk's result (killed, or terminated by a stopping run) leaves
half a message in the pool's result pipe, and the pool's manager thread then waits forever for the rest
of it (CPython's ProcessPoolExecutor up to 3.13 at least): the pool never reports itself broken and its
shutdown never returns. So this module watches the workers itself, and once one has died it terminates
the others and closes the main process's end of that pipe: the manager reads end-of-file and breaks the
pool, which is then restarted (a worker died) or shut down (the run is stopping).
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Generator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures import TimeoutError as FuturesTimeout
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing
from multiprocessing.connection import wait as wait_for_sentinels
from typing import Any, TypeVar

from sim.config.schema import ExecutorConfig
from sim.experiment import stop

log = logging.getLogger(__name__)
T = TypeVar("T")
R = TypeVar("R")


def worker_count(cfg: ExecutorConfig) -> int:
    return cfg.n_workers or os.cpu_count() or 1


def chunked(items: list[T], size: int) -> list[list[T]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def chunk_size(cfg: ExecutorConfig, n_tasks: int) -> int:
    """Enough chunks to balance the load (about 4 per worker) yet few enough to keep overhead small."""
    if cfg.chunk_size:
        return cfg.chunk_size
    if cfg.name == "serial":
        return max(1, min(n_tasks, 50))
    return max(1, min(50, -(-n_tasks // (4 * worker_count(cfg)))))


TAPER_ROUNDS = 3  # rounds of shrinking chunks at the end of a pool's work: 1/2, 1/4, 1/8 of a chunk


def chunks_for(cfg: ExecutorConfig, tasks: list[T]) -> list[list[T]]:
    """The tasks cut into chunks of `chunk_size`. On a pool, unless the size is set by hand, the last chunks
    shrink, halving at each round of one chunk per worker (guided self-scheduling): workers then finish
    within a small chunk of each other, instead of one idling while the other works out a whole chunk that
    started late (a slower replication, the host or the main process taking a core). Chunking never
    changes a number: each replication draws from its own seed."""
    size = chunk_size(cfg, len(tasks))
    workers = worker_count(cfg)
    if cfg.chunk_size or cfg.name == "serial" or workers < 2 or size < 2**TAPER_ROUNDS:
        return chunked(tasks, size)
    tail = [size >> k for k in range(1, TAPER_ROUNDS + 1) for _ in range(workers)]
    head = len(tasks) - sum(tail)
    if head < size * workers:  # too few tasks for a taper to matter
        return chunked(tasks, size)
    chunks = chunked(tasks[:head], size)
    for n in tail:
        chunks.append(tasks[head : head + n])
        head += n
    return chunks


def execute(fn: Callable[[list[T]], R], chunks: list[list[T]], cfg: ExecutorConfig) -> Generator[R, None, None]:
    """Results of `fn` over `chunks` on the executor `cfg.name` names (a one-chunk, one-worker job runs here);
    a stop a signal asked for (`sim.experiment.stop`) raises KeyboardInterrupt between two results."""
    if cfg.name == "processes" and worker_count(cfg) == 1 and len(chunks) == 1:
        return _stopping(_serial(fn, chunks, cfg))
    return _stopping(BY_NAME[cfg.name](fn, chunks, cfg))


def _stopping(results: Generator[R, None, None]) -> Generator[R, None, None]:
    with closing(results):  # a stop here stops the executor's workers too
        stop.check()
        for result in results:
            yield result
            stop.check()


def _serial(fn: Callable[[list[T]], R], chunks: list[list[T]], cfg: ExecutorConfig) -> Generator[R, None, None]:
    return (fn(chunk) for chunk in chunks)


def _dask(fn: Callable[[list[T]], R], chunks: list[list[T]], cfg: ExecutorConfig) -> Generator[R, None, None]:
    from sim.experiment.dask_executor import run_on_dask  # dask is imported only when asked for

    return run_on_dask(fn, chunks, cfg)


MAX_POOL_RESTARTS = 3
PR_SET_PDEATHSIG = 1  # linux/prctl.h
WATCHDOG_S = 1.0
LIVENESS_POLL_S = 0.5  # how often the main process looks for a dead worker while it waits for results
STOP_GRACE_S = 5.0  # how long terminated workers get to exit before they are killed


class ExecutorError(RuntimeError):
    """An executor that cannot run (a Dask scheduler that cannot be reached, workers that cannot start);
    the message is one line saying what to do."""


def die_with_parent(parent: int) -> None:
    """Make this process exit when `parent` does: the kernel's parent-death signal where there is one, and
    a daemon thread that polls the parent id (once a second) everywhere."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no prctl: the watchdog remains
            pass
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(WATCHDOG_S)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="sim-parent-watchdog", daemon=True).start()


def worker_init(parent: int) -> None:
    """Run first in every pool worker (see the module docstring)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent(parent)


def _workers(pool: ProcessPoolExecutor) -> list[Any]:
    return list((getattr(pool, "_processes", None) or {}).values())


def _exited(process: Any) -> bool:
    """Whether a worker has exited, read from its sentinel: the pool's manager thread may already have
    reaped it, so its exit code cannot be relied on from this thread."""
    try:
        return process.pid is not None and bool(wait_for_sentinels([process.sentinel], timeout=0))
    except ValueError:  # closed: it is gone
        return True


def _a_worker_died(pool: ProcessPoolExecutor) -> bool:
    return any(_exited(process) for process in _workers(pool))


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Terminate the pool's workers now (no waiting for their chunks), kill any that linger, and close this
    process's end of the result pipe, so that the manager thread reads end-of-file instead of waiting for
    the rest of a result a dead worker was sending (see the module docstring)."""
    processes = _workers(pool)
    for process in processes:
        try:
            process.terminate()
        except (OSError, ValueError):  # already gone, or already closed
            continue
    deadline = time.monotonic() + STOP_GRACE_S
    while (alive := [p for p in processes if p.pid is not None and not _exited(p)]) and time.monotonic() < deadline:
        wait_for_sentinels([p.sentinel for p in alive], timeout=deadline - time.monotonic())
    for process in alive:
        try:
            process.kill()
        except (OSError, ValueError):
            continue
    writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)
    if writer is not None:
        writer.close()


def _completed(pool: ProcessPoolExecutor, futures: dict[Future[R], int]) -> Generator[Future[R], None, None]:
    """The futures as they complete, like `as_completed`; if a worker dies and the pool does not notice, the
    other workers are stopped, so that the pool breaks and the unfinished futures raise BrokenProcessPool."""
    waiting = set(futures)
    while waiting:
        # each look costs about 1.6 µs per future still waiting (as_completed's waiters): spaced out so that
        # it stays near 3% of the main process's time, even for 100,000 chunks of one replication
        every = max(LIVENESS_POLL_S, len(waiting) * 50e-6)
        try:
            for future in as_completed(waiting, timeout=every):
                waiting.discard(future)
                yield future
        except FuturesTimeout:
            stop.check()  # a swallowed Ctrl-C stops the workers now, not once their chunks are done
            if _a_worker_died(pool):
                _stop_workers(pool)


def process_context() -> multiprocessing.context.BaseContext:
    """Fork where the platform has it (workers start in milliseconds with sim already imported), else spawn."""
    return multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")


def _processes(fn: Callable[[Any], R], chunks: list[Any], cfg: ExecutorConfig) -> Generator[R, None, None]:
    """A process pool; if a worker dies (killed, out of memory), the chunks not yet returned are run again
    on a fresh pool. Results depend only on their seeds, so nothing is lost or duplicated."""
    workers = worker_count(cfg)
    pending = dict(enumerate(chunks))
    restarts = 0
    parent = os.getpid()
    while pending:
        pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=process_context(), initializer=worker_init, initargs=(parent,)
        )
        try:
            futures = {pool.submit(fn, chunk): key for key, chunk in pending.items()}
            for future in _completed(pool, futures):
                result = future.result()
                del pending[futures.pop(future)]  # drop the future: it holds its result
                yield result
        except BrokenProcessPool:
            restarts += 1
            if restarts > MAX_POOL_RESTARTS:
                raise
            log.warning("a worker process died; re-running %d unfinished chunks on a new pool", len(pending))
        except BaseException:  # Ctrl-C, SIGTERM, or the consumer stopped (GeneratorExit): stop now
            _stop_workers(pool)
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


BY_NAME: dict[str, Callable[[Callable[[Any], Any], list[Any], ExecutorConfig], Generator[Any, None, None]]] = {
    "serial": _serial,
    "processes": _processes,
    "dask": _dask,
}
