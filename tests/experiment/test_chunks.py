"""How replications are cut into chunks: every task once and in order, whatever the sizes; on a pool the last
chunks shrink, so that workers finish together; a size set by hand, or a serial run, is left as it is."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sim.config.schema import ExecutorConfig
from sim.experiment.executors import chunk_size, chunks_for

EXECUTORS = st.sampled_from(["serial", "processes", "dask"])


@given(n=st.integers(0, 3000), workers=st.integers(1, 16), name=EXECUTORS, size=st.sampled_from([0, 0, 1, 7, 50]))
def test_every_task_once_in_order(n, workers, name, size):
    cfg = ExecutorConfig(name=name, n_workers=workers, chunk_size=size)
    tasks = list(range(n))
    chunks = chunks_for(cfg, tasks)
    assert [t for c in chunks for t in c] == tasks
    assert all(0 < len(c) <= chunk_size(cfg, n) for c in chunks)


def test_a_pool_ends_with_chunks_that_halve_round_by_round():
    cfg = ExecutorConfig(name="processes", n_workers=2)
    sizes = [len(c) for c in chunks_for(cfg, list(range(600)))]
    assert sizes == [50] * 10 + [14, 25, 25, 12, 12, 6, 6]


def test_a_hand_set_size_a_serial_run_and_a_small_run_are_cut_evenly():
    tasks = list(range(600))
    by_hand = ExecutorConfig(name="processes", n_workers=2, chunk_size=50)
    assert {len(c) for c in chunks_for(by_hand, tasks)} == {50}
    assert {len(c) for c in chunks_for(ExecutorConfig(name="serial"), tasks)} == {50}
    assert [len(c) for c in chunks_for(ExecutorConfig(name="processes", n_workers=2), list(range(20)))] == [3] * 6 + [2]
