"""Named random streams: one `numpy.random.Generator` per sub-model (and per sector or side).

Streams are keyed by names through `SeedSequence(seed, spawn_key=...)`, so replication i of two
scenarios draws the same numbers in every sub-model the scenarios share (common random numbers), and
adding a sector or a sub-model does not shift the draws of the others.
"""

from __future__ import annotations

import zlib
from typing import Any

import numpy as np


class MeanDraws:
    """A stand-in generator that returns each distribution's mean: the model with all randomness removed.

    Used for `stochastic=false` (validation: every replication must then be identical). Implements the
    draws the world uses, with numpy's signatures.
    """

    def standard_normal(self, size: int | None = None) -> Any:
        return 0.0 if size is None else np.zeros(size)

    def exponential(self, scale: float = 1.0) -> float:
        return scale

    def gamma(self, shape: float, scale: float = 1.0) -> float:
        return shape * scale

    def random(self) -> float:
        return 0.5

    def beta(self, a: float, b: float) -> float:
        return a / (a + b)

    def binomial(self, n: int, p: float) -> int:
        return round(n * p)


class Streams:
    def __init__(self, seed: int, stochastic: bool = True) -> None:
        self.seed = seed
        self.stochastic = stochastic
        self._cache: dict[tuple[str, ...], Any] = {}

    def get(self, *names: str) -> np.random.Generator:
        generator = self._cache.get(names)
        if generator is None:
            if self.stochastic:
                key = tuple(zlib.crc32(name.encode()) for name in names)
                generator = np.random.default_rng(np.random.SeedSequence(self.seed, spawn_key=key))
            else:
                generator = MeanDraws()
            self._cache[names] = generator
        return generator  # type: ignore[return-value]  # MeanDraws stands in for a Generator
