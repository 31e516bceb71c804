"""ISR detection and strike effect: how soon a concentration is seen, and how much a strike destroys.

The detection hazard grows with the size of the group (bigger groups are easier to see: more vehicles,
more phones, more heat) and with how long it has dwelt in one place (pattern of life builds up):
    h(t) = base · (size / 1000)^size_exponent · (1 + dwell_growth · t)
so the cumulative hazard is H(t) = k·(t + g·t²/2), and the time to detection for a unit-exponential
draw E solves H(t) = E in closed form.
"""

from __future__ import annotations

import math


def detection_rate(size: float, base_per_day: float, size_exponent: float) -> float:
    """k: the hazard per day at zero dwell for a group of `size` people."""
    if size <= 0.0 or base_per_day <= 0.0:
        return 0.0
    return base_per_day * (size / 1000.0) ** size_exponent


def time_to_detection(
    size: float, base_per_day: float, size_exponent: float, dwell_growth: float, exponential_draw: float
) -> float:
    """Days until detection for a unit-exponential draw; infinity if the group cannot be seen."""
    k = detection_rate(size, base_per_day, size_exponent)
    if k <= 0.0:
        return math.inf
    if dwell_growth <= 0.0:
        return exponential_draw / k
    # the root of k(t + g t²/2) = E as (2E/k) / (1 + sqrt(1 + 2gE/k)), the same number as
    # (-1 + sqrt(1 + 2gE/k)) / g without its cancellation: that form reads 0 (instant detection) once 2gE/k
    # is below machine epsilon, where the time tends to E/k
    return 2.0 * exponential_draw / k / (1.0 + math.sqrt(1.0 + 2.0 * dwell_growth * exponential_draw / k))


def detection_probability(
    size: float, days: float, base_per_day: float, size_exponent: float, dwell_growth: float
) -> float:
    """Probability a group dwelling `days` is detected before it leaves: 1 - exp(-H(days))."""
    k = detection_rate(size, base_per_day, size_exponent)
    return 1.0 - math.exp(-k * (days + 0.5 * dwell_growth * days * days))


def beta_params(mean: float, concentration: float) -> tuple[float, float]:
    """Beta(α, β) with the given mean and α + β = concentration (share destroyed by a strike)."""
    mean = min(max(mean, 1e-6), 1.0 - 1e-6)
    return mean * concentration, (1.0 - mean) * concentration


def in_range_probability(launchers: float, reach: float) -> float:
    """Probability that at least one of `launchers`, spread along the front at random, is within range of a
    target (each reaches a share `reach` of the front): 1 - exp(-launchers * reach)."""
    if launchers <= 0.0 or reach <= 0.0:
        return 0.0
    return -math.expm1(-launchers * reach)
