"""Manoeuvre laws: combat power, advance rate, cohesion, exploitation and counter-attack odds.

Pure functions of numbers (random draws come in as standard normals or uniforms already drawn), so they
can be tested without SimPy and reused by validation.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from decimal import Decimal


@functools.cache
def complement(share: float) -> float:
    """1 - share, computed on the decimal the config wrote (1 - 0.3 is 0.7, not 0.7000000000000001)."""
    return float(Decimal(1) - Decimal(repr(share)))


PowerLaw = Callable[[float, float, float, float, float], float]


def combat_power_law(training_floor: float, supply_floor: float, cohesion_floor: float) -> PowerLaw:
    """Fighting value in 'fully equipped, trained, supplied soldier' units, as a function of
    (personnel, equipment, training, supply, cohesion).

    Training, supply and cohesion scale power linearly from their floor (at 0) to full (at 1), never to zero:
    even a starved, shaken unit can hold a trench (floors in the spirit of Dupuy's quantified judgement model).
    """
    t0, t1 = training_floor, complement(training_floor)
    s0, s1 = supply_floor, complement(supply_floor)
    c0, c1 = cohesion_floor, complement(cohesion_floor)

    def combat_power(
        personnel: float,
        equipment: float,
        training: float,
        supply: float,
        cohesion: float,
        t0: float = t0,
        t1: float = t1,
        s0: float = s0,
        s1: float = s1,
        c0: float = c0,
        c1: float = c1,
    ) -> float:
        # the constants ride in as defaults: locals are read faster than closure cells, and this is the
        # model's most frequent call (every formation, in every fight and every ratio)
        return personnel * equipment * (t0 + t1 * training) * (s0 + s1 * supply) * (c0 + c1 * cohesion)

    return combat_power


def vulnerability(training: float, untrained_factor: float) -> float:
    """Losses per unit of enemy fire relative to a trained soldier: 1 when trained, `untrained_factor` at 0."""
    return 1.0 + (untrained_factor - 1.0) * (1.0 - training)


def armour_exposure(heavy_share: float, unarmoured_factor: float) -> float:
    """Losses per unit of enemy fire relative to a formation with its full heavy equipment (armour to ride in,
    artillery to answer with): 1 at a full share, `unarmoured_factor` with none."""
    return 1.0 + (unarmoured_factor - 1.0) * (1.0 - heavy_share)


def heavy_power(heavy_share: float, heavy_weight: float) -> float:
    """Combat power per soldier from the weapons a formation holds, relative to one with its full heavy
    equipment: the heavy weapons make `heavy_weight` of a full formation's power, personal arms the rest."""
    return 1.0 - heavy_weight * (1.0 - heavy_share)


def power_ratio(attacker: float, defender: float, fortification: float) -> float:
    """Attacker power over defender power multiplied by the defender's fortification."""
    return attacker / max(defender * fortification, 1e-9)


def advance_km(ratio: float, days: float, km_day_at_2to1: float, spread: float, normal: float, cap: float) -> float:
    """Distance gained in an engagement: zero at parity, growing with the ratio, saturating at 1 + `cap`.

    `ratio` already includes fortification, so a fortified line slows the advance. `normal` is a
    standard normal draw for the lognormal spread (mean-preserving).
    """
    drive = min(max(ratio - 1.0, 0.0), cap)
    return km_day_at_2to1 * drive * days * math.exp(spread * normal - 0.5 * spread * spread)


def cohesion_loss(
    loss_share: float, ratio: float, flank_exposed: bool, per_loss: float, per_ratio: float, flank: float
) -> float:
    """Cohesion a defender loses in one engagement: from its losses, the pressure and an open flank."""
    return per_loss * loss_share + per_ratio * max(ratio - 1.0, 0.0) + (flank if flank_exposed else 0.0)


def decision_scale(ratio: float, quick_ratio: float, floor: float) -> float:
    """Share of an engagement's usual duration it lasts at these odds: all of it up to `quick_ratio`, then
    `quick_ratio / ratio` (twice those odds force the decision in half the time), never below `floor`."""
    if ratio <= quick_ratio:
        return 1.0
    return max(floor, quick_ratio / ratio)


def counterattack_success(ratio: float, half_ratio: float, steepness: float) -> float:
    """Probability a counter-attack succeeds: 1/2 at `half_ratio`, the odds growing as the ratio to the power
    `steepness` (3: cubic odds)."""
    if ratio <= 0.0:
        return 0.0
    odds = (ratio / half_ratio) ** steepness
    return odds / (1.0 + odds)


def lognormal_factor(spread: float, normal: float) -> float:
    """Mean-one multiplicative noise."""
    return math.exp(spread * normal - 0.5 * spread * spread)


def supply_law(reach_km: float, floor: float) -> Callable[[float], float]:
    """Attacker supply as a function of the distance from its railhead (km): full within `reach_km`, falling
    linearly to `floor` at twice the reach."""
    fall = complement(floor)

    def supply_factor(distance_km: float) -> float:
        if distance_km <= reach_km:
            return 1.0
        return max(floor, 1.0 - fall * (distance_km - reach_km) / reach_km)

    return supply_factor
