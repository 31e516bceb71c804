"""Manoeuvre laws: combat power, advance rate, cohesion, exploitation and counter-attack odds.

Pure functions of numbers (random draws come in as standard normals or uniforms already drawn), so they
can be tested without SimPy and reused by validation.
"""

from __future__ import annotations

import math


def combat_power(personnel: float, equipment: float, training: float, supply: float, cohesion: float) -> float:
    """Fighting value in 'fully equipped, trained, supplied soldier' units.

    Training, supply and cohesion scale power but never to zero: even a starved, shaken unit can hold a
    trench. The floors are assumptions in the spirit of Dupuy's quantified judgement model.
    """
    return personnel * equipment * (0.4 + 0.6 * training) * (0.3 + 0.7 * supply) * (0.5 + 0.5 * cohesion)


def vulnerability(training: float, untrained_factor: float) -> float:
    """Losses per unit of enemy fire relative to a trained soldier: 1 when trained, `untrained_factor` at 0."""
    return 1.0 + (untrained_factor - 1.0) * (1.0 - training)


def power_ratio(attacker: float, defender: float, fortification: float) -> float:
    """Attacker power over defender power multiplied by the defender's fortification."""
    return attacker / max(defender * fortification, 1e-9)


def advance_km(ratio: float, days: float, km_day_at_2to1: float, spread: float, normal: float) -> float:
    """Distance gained in an engagement: zero at parity, growing with the ratio, saturating at 4:1.

    `ratio` already includes fortification, so a fortified line slows the advance. `normal` is a
    standard normal draw for the lognormal spread (mean-preserving).
    """
    drive = min(max(ratio - 1.0, 0.0), 3.0)
    return km_day_at_2to1 * drive * days * math.exp(spread * normal - 0.5 * spread * spread)


def cohesion_loss(
    loss_share: float, ratio: float, flank_exposed: bool, per_loss: float, per_ratio: float, flank: float
) -> float:
    """Cohesion a defender loses in one engagement: from its losses, the pressure and an open flank."""
    return per_loss * loss_share + per_ratio * max(ratio - 1.0, 0.0) + (flank if flank_exposed else 0.0)


def counterattack_success(ratio: float, half_ratio: float) -> float:
    """Probability a counter-attack succeeds: 1/2 at `half_ratio`, steep (cubic odds) around it."""
    if ratio <= 0.0:
        return 0.0
    odds = (ratio / half_ratio) ** 3
    return odds / (1.0 + odds)


def lognormal_factor(spread: float, normal: float) -> float:
    """Mean-one multiplicative noise."""
    return math.exp(spread * normal - 0.5 * spread * spread)


def supply_factor(distance_km: float, reach_km: float) -> float:
    """Attacker supply: full within reach of its railhead, falling linearly to 0.3 at twice the reach."""
    if distance_km <= reach_km:
        return 1.0
    return max(0.3, 1.0 - 0.7 * (distance_km - reach_km) / reach_km)
