"""A LocalCluster started by sim says nothing below WARNING and starts no dashboard (README: it is off)."""

from __future__ import annotations

import logging
import warnings
from logging import WARNING

import pytest

from sim.config.schema import ExecutorConfig

pytestmark = pytest.mark.slow


def _double(chunk: list[int]) -> list[int]:
    return [2 * x for x in chunk]


def test_a_local_cluster_is_quiet_and_has_no_dashboard(caplog):
    from sim.experiment.dask_executor import run_on_dask

    caplog.set_level(logging.INFO)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        results = list(run_on_dask(_double, [[1, 2], [3]], ExecutorConfig(name="dask", n_workers=1)))
    assert sorted(x for r in results for x in r) == [2, 4, 6]
    chatter = [r.getMessage() for r in caplog.records if r.name.startswith("distributed") and r.levelno < WARNING]
    assert chatter == []
    said = [r.getMessage() for r in caplog.records] + [str(w.message) for w in caught]
    assert not [s for s in said if "dashboard" in s.lower() or "8787" in s]
