"""Per-replication entropy from one root seed.

Replication i gets child i of `SeedSequence(seed).spawn(n)`, condensed to one 63-bit integer that is
stored in the outcome row and reproduces that row alone; the world then spawns its sub-model streams
from it by name. `SeedSequence(seed, spawn_key=(i,))` is exactly the i-th spawned child, so a single
replication can be re-run without spawning the others.
"""

from __future__ import annotations

import numpy as np


def _condense(child: np.random.SeedSequence) -> int:
    hi, lo = (int(v) for v in child.generate_state(2, dtype=np.uint32))
    return ((hi & 0x7FFFFFFF) << 32) | lo


def replication_seeds(seed: int, n: int) -> list[int]:
    return [_condense(child) for child in np.random.SeedSequence(seed).spawn(n)]


def replication_seed(seed: int, replication: int) -> int:
    return _condense(np.random.SeedSequence(seed, spawn_key=(replication,)))
