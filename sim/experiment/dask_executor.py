"""Dask distributed executor: chunks of replications as tasks on a cluster.

With `executor.address` it joins a running scheduler (`dask scheduler` plus `dask worker` on each
machine); without, it starts a LocalCluster bound to 127.0.0.1 with the dashboard off. The scheduler of a
LocalCluster runs in this process and logs every client, worker and closing step at INFO (under Hydra, to
the console): while sim's cluster lives, distributed's loggers say only warnings and errors. Its HTTP
server (health and metrics routes, always started) listens on a free port of 127.0.0.1, not the
dashboard's 8787, so a dashboard of the user's own is never in the way and no "port in use" warning shows.

A LocalCluster starts its workers with `spawn`, which normally re-runs the parent's `__main__` in every
worker: a script without an `if __name__ == "__main__":` guard would start a cluster inside each worker,
and a script read from stdin cannot be re-run at all. The tasks are sim's own functions, importable in any
worker, so while sim's cluster starts and runs, spawned children are told not to re-run `__main__`.
A scheduler that cannot be reached, or workers that cannot start, end in one `ExecutorError` line.
"""

from __future__ import annotations

import logging
import multiprocessing.spawn
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sim.config.schema import ExecutorConfig
from sim.experiment.executors import ExecutorError, worker_count

R = TypeVar("R")
MAIN_KEYS = ("init_main_from_name", "init_main_from_path")


@contextmanager
def _spawn_without_main() -> Iterator[None]:
    """While the block runs, processes started with spawn do not import the parent's `__main__`."""
    real = multiprocessing.spawn.get_preparation_data

    def preparation_data(name: str) -> dict[str, Any]:
        data: dict[str, Any] = real(name)
        for key in MAIN_KEYS:
            data.pop(key, None)
        return data

    multiprocessing.spawn.get_preparation_data = preparation_data
    try:
        yield
    finally:
        multiprocessing.spawn.get_preparation_data = real


SILENT = logging.CRITICAL + 1
HTTP_ADDRESS = "127.0.0.1:0"  # the scheduler's HTTP routes on a free local port; the dashboard stays off


@contextmanager
def _quiet(name: str, level: int = SILENT) -> Iterator[None]:
    """Raise a logger's level while the block runs: silent while a cluster starts (its failures are reported
    as one line instead), warnings and errors only while it runs."""
    logger = logging.getLogger(name)
    before = logger.level
    logger.setLevel(level)
    try:
        yield
    finally:
        logger.setLevel(before)


def run_on_dask(fn: Callable[[Any], R], chunks: list[Any], cfg: ExecutorConfig) -> Generator[R, None, None]:
    from dask.distributed import Client, LocalCluster, as_completed

    with _spawn_without_main(), _quiet("distributed", logging.WARNING):
        cluster = None
        if cfg.address:
            try:
                with _quiet("distributed"):
                    client = Client(cfg.address)
            except (OSError, TimeoutError) as err:
                reason = " ".join(str(err).split()) or type(err).__name__
                raise ExecutorError(
                    f"cannot reach the Dask scheduler at {cfg.address} ({reason}); is `dask scheduler` running "
                    "there and the port open?"
                ) from None
        else:
            try:
                with _quiet("distributed"):
                    cluster = LocalCluster(
                        n_workers=worker_count(cfg),
                        threads_per_worker=1,
                        processes=True,
                        host="127.0.0.1",
                        dashboard_address=None,
                        scheduler_kwargs={"dashboard_address": HTTP_ADDRESS},
                    )
            except Exception as err:
                reason = " ".join(str(err).split())[:200] or type(err).__name__
                raise ExecutorError(
                    f"the local Dask cluster could not start its workers ({reason}); try executor=processes"
                ) from None
            client = Client(cluster)
        try:
            # No list of futures is kept: each is released once its result is taken, so memory stays flat.
            for future in as_completed(client.map(fn, chunks, pure=False)):
                result = future.result()
                future.release()
                yield result
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
