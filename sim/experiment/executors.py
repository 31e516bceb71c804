"""Where chunks of replications run: in this process, in local worker processes, or on a Dask cluster.

Every executor yields chunk results as they complete; order does not matter because each replication's
numbers depend only on its own seed, so any executor and worker count gives identical results.

Worker processes of the pool never outlive the run: each ignores Ctrl-C (the main process gets it too and
stops them), takes SIGTERM's default action (not a handler inherited through fork), and exits when its
parent dies (PR_SET_PDEATHSIG on Linux, and a watchdog thread that checks its parent everywhere). When a
run stops early (Ctrl-C, SIGTERM, a full disk), the workers are terminated at once rather than left to
finish their chunks.
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
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from sim.config.schema import ExecutorConfig

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


def execute(fn: Callable[[list[T]], R], chunks: list[list[T]], cfg: ExecutorConfig) -> Generator[R, None, None]:
    """Results of `fn` over `chunks` on the executor `cfg.name` names (a one-chunk, one-worker job runs here)."""
    if cfg.name == "processes" and worker_count(cfg) == 1 and len(chunks) == 1:
        return _serial(fn, chunks, cfg)
    return BY_NAME[cfg.name](fn, chunks, cfg)


def _serial(fn: Callable[[list[T]], R], chunks: list[list[T]], cfg: ExecutorConfig) -> Generator[R, None, None]:
    return (fn(chunk) for chunk in chunks)


def _dask(fn: Callable[[list[T]], R], chunks: list[list[T]], cfg: ExecutorConfig) -> Generator[R, None, None]:
    from sim.experiment.dask_executor import run_on_dask  # dask is imported only when asked for

    return run_on_dask(fn, chunks, cfg)


MAX_POOL_RESTARTS = 3
PR_SET_PDEATHSIG = 1  # linux/prctl.h
WATCHDOG_S = 1.0


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


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Terminate the pool's workers now (no waiting for their chunks: the run is stopping)."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        try:
            process.terminate()
        except (OSError, ValueError):  # already gone, or already closed
            continue


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
            for future in as_completed(futures):
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
