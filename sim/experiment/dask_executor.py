"""Dask distributed executor: chunks of replications as tasks on a cluster.

With `executor.address` it joins a running scheduler (`dask scheduler` plus `dask worker` on each
machine); without, it starts a LocalCluster bound to 127.0.0.1 with the dashboard off.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from sim.config.schema import ExecutorConfig

R = TypeVar("R")


def run_on_dask(fn: Callable[[Any], R], chunks: list[Any], cfg: ExecutorConfig) -> Iterator[R]:
    from dask.distributed import Client, LocalCluster, as_completed

    from sim.experiment.executors import worker_count

    cluster = None
    if cfg.address:
        client = Client(cfg.address)
    else:
        cluster = LocalCluster(
            n_workers=worker_count(cfg), threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
        )
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
