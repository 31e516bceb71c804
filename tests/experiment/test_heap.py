"""The collector around a chunk: the heap before it is frozen for the chunk only, and the chunk's cyclic
garbage does not outlive it."""

from __future__ import annotations

import gc
import weakref

from sim.experiment.heap import frozen_heap


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it


def test_the_heap_is_frozen_during_the_block_and_as_it_was_after() -> None:
    assert gc.get_freeze_count() == 0
    with frozen_heap():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0


def test_the_blocks_cyclic_garbage_is_collected_when_it_ends() -> None:
    with frozen_heap():
        node = Node()
        ref = weakref.ref(node)
        del node
    assert ref() is None


def test_a_heap_frozen_by_someone_else_is_left_frozen() -> None:
    gc.freeze()
    try:
        before = gc.get_freeze_count()
        with frozen_heap():
            pass
        # neither unfrozen (0) nor frozen again (more); a frozen object freed meanwhile (by pytest-xdist's
        # own thread, say) leaves the permanent generation, so the count may fall a little
        assert 0 < gc.get_freeze_count() <= before
    finally:
        gc.unfreeze()
