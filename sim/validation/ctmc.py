"""The exact continuous-time Markov chain of the stochastic Lanchester duel, solved without simulating it.

State (i, j): x has i people, y has j. From (i, j) with i, j > 0, x loses one at rate r_x(i, j) and y at rate
r_y(i, j) (the law's loss rates at those strengths); states with i = 0 or j = 0 absorb. The win probability and the
expected duration follow from the embedded jump chain by dynamic programming over anti-diagonals i + j = s:

    P(i, 0) = 1 (i > 0),   P(0, j) = 0,   P(i, j) = p P(i, j-1) + q P(i-1, j),   p = r_y / (r_x + r_y), q = 1 - p
    E(i, 0) = E(0, j) = 0,                E(i, j) = 1 / (r_x + r_y) + p E(i, j-1) + q E(i-1, j)

`generator_solution` solves the same chain a second way, from its generator matrix with a sparse linear solve,
so the two can check each other; both check `sim.laws.lanchester.duel`. The loss rates are re-implemented here
(vectorised over the whole state grid) on purpose, so the check does not share code with what it checks.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from scipy.sparse import lil_matrix
from scipy.sparse.linalg import spsolve

from sim.laws.lanchester import LAWS

__all__ = [
    "expected_duration",
    "expected_duration_table",
    "generator_solution",
    "rate_grid",
    "win_probability",
    "win_probability_table",
]


def _check(max_m: int, max_n: int, a: float, b: float, law: str, helmbold_weight: float) -> None:
    if law not in LAWS:
        raise ValueError(f"law must be one of {LAWS}, got {law!r}")
    for name, count in (("m", max_m), ("n", max_n)):
        if int(count) != count or count < 0:
            raise ValueError(f"{name} must be a non-negative integer, got {count!r}")
    for name, rate in (("a", a), ("b", b)):
        if not 0.0 <= rate < np.inf:
            raise ValueError(f"{name} must be a finite number >= 0, got {rate!r}")
    if not 0.0 <= helmbold_weight <= 1.0:
        raise ValueError(f"helmbold_weight must be in [0, 1], got {helmbold_weight!r}")


def rate_grid(
    max_m: int, max_n: int, *, a: float, b: float, law: str = "square", helmbold_weight: float = 0.5
) -> tuple[np.ndarray, np.ndarray]:
    """Loss rates (r_x, r_y) on the grid i = 0..max_m, j = 0..max_n; zero wherever a side is at 0."""
    _check(max_m, max_n, a, b, law, helmbold_weight)
    i = np.arange(max_m + 1, dtype=float)[:, None]
    j = np.arange(max_n + 1, dtype=float)[None, :]
    w = helmbold_weight
    if law == "square":
        r_x, r_y = a * j + 0.0 * i, b * i + 0.0 * j
    elif law == "linear":
        r_x, r_y = a * i * j, b * i * j
    else:
        r_x, r_y = a * i ** (1.0 - w) * j**w, b * j ** (1.0 - w) * i**w
    alive = (i > 0) & (j > 0)
    return np.where(alive, r_x, 0.0), np.where(alive, r_y, 0.0)


def _step_probabilities(
    max_m: int, max_n: int, a: float, b: float, law: str, helmbold_weight: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(p, q, total): next loss hits y with p, x with q; total rate out of each state (0 where it never moves)."""
    r_x, r_y = rate_grid(max_m, max_n, a=a, b=b, law=law, helmbold_weight=helmbold_weight)
    total = r_x + r_y
    moving = total > 0
    safe = np.where(moving, total, 1.0)
    return np.where(moving, r_y / safe, 0.0), np.where(moving, r_x / safe, 0.0), total


def _diagonals(max_m: int, max_n: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Interior cells (i, j >= 1) grouped by i + j, in increasing order: each depends only on the previous one."""
    for s in range(2, max_m + max_n + 1):
        i = np.arange(max(1, s - max_n), min(max_m, s - 1) + 1)
        yield i, s - i


def win_probability_table(
    max_m: int, max_n: int, *, a: float, b: float, law: str = "square", helmbold_weight: float = 0.5
) -> np.ndarray:
    """P[i, j] = probability that x wins from (i, j), for all i <= max_m, j <= max_n (P[0, 0] = 0)."""
    p, q, _ = _step_probabilities(max_m, max_n, a, b, law, helmbold_weight)
    win = np.zeros((max_m + 1, max_n + 1))
    win[1:, 0] = 1.0
    for i, j in _diagonals(max_m, max_n):
        win[i, j] = p[i, j] * win[i, j - 1] + q[i, j] * win[i - 1, j]
    return win


def expected_duration_table(
    max_m: int, max_n: int, *, a: float, b: float, law: str = "square", helmbold_weight: float = 0.5
) -> np.ndarray:
    """E[i, j] = expected time to absorption from (i, j); inf where the chain can never move (a = b = 0)."""
    p, q, total = _step_probabilities(max_m, max_n, a, b, law, helmbold_weight)
    duration = np.zeros((max_m + 1, max_n + 1))
    with np.errstate(divide="ignore"):
        hold = np.where(total > 0, 1.0 / np.where(total > 0, total, 1.0), np.inf)
    for i, j in _diagonals(max_m, max_n):
        duration[i, j] = hold[i, j] + p[i, j] * duration[i, j - 1] + q[i, j] * duration[i - 1, j]
    return duration


def win_probability(m: int, n: int, *, a: float, b: float, law: str = "square", helmbold_weight: float = 0.5) -> float:
    """Exact probability that x (m people) annihilates y (n people) before being annihilated."""
    return float(win_probability_table(m, n, a=a, b=b, law=law, helmbold_weight=helmbold_weight)[m, n])


def expected_duration(
    m: int, n: int, *, a: float, b: float, law: str = "square", helmbold_weight: float = 0.5
) -> float:
    """Exact expected time until one side is annihilated, from (m, n)."""
    return float(expected_duration_table(m, n, a=a, b=b, law=law, helmbold_weight=helmbold_weight)[m, n])


def generator_solution(
    m: int, n: int, *, a: float, b: float, law: str = "square", helmbold_weight: float = 0.5
) -> tuple[float, float]:
    """(win probability, expected duration) from (m, n) by solving the generator's equations, not the recursion.

    With Q_TT the generator restricted to the transient states (i, j >= 1): Q_TT h = -(rates into 'y at 0') gives
    the absorption probability h, and Q_TT tau = -1 the expected absorption time tau. Needs a + b > 0.
    """
    r_x, r_y = rate_grid(m, n, a=a, b=b, law=law, helmbold_weight=helmbold_weight)
    if m == 0 or n == 0:
        return float(m > 0 and n == 0), 0.0
    index = np.arange(m * n).reshape(m, n)  # state (i, j) -> index[i-1, j-1]
    q_tt = lil_matrix((m * n, m * n))
    into_win = np.zeros(m * n)
    for i in range(1, m + 1):
        for j in range(1, n + 1):
            row = index[i - 1, j - 1]
            q_tt[row, row] = -(r_x[i, j] + r_y[i, j])
            if j > 1:
                q_tt[row, index[i - 1, j - 2]] = r_y[i, j]
            else:
                into_win[row] = r_y[i, j]
            if i > 1:
                q_tt[row, index[i - 2, j - 1]] = r_x[i, j]
    matrix = q_tt.tocsc()
    h = spsolve(matrix, -into_win)
    tau = spsolve(matrix, -np.ones(m * n))
    return float(h[-1]), float(tau[-1])
