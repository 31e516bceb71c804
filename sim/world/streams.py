"""Named random streams: one `numpy.random.Generator` per sub-model (and per sector or side).

Streams are keyed by names through `SeedSequence(seed, spawn_key=...)`, so replication i of two
scenarios draws the same numbers in every sub-model the scenarios share (common random numbers), and
adding a sector or a sub-model does not shift the draws of the others.
"""

from __future__ import annotations

import zlib

import numpy as np


class Streams:
    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._cache: dict[tuple[str, ...], np.random.Generator] = {}

    def get(self, *names: str) -> np.random.Generator:
        generator = self._cache.get(names)
        if generator is None:
            key = tuple(zlib.crc32(name.encode()) for name in names)
            generator = np.random.default_rng(np.random.SeedSequence(self.seed, spawn_key=key))
            self._cache[names] = generator
        return generator
