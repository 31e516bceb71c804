"""Close air support: losses per sortie and the drag sorties put on an attacker.

A sortie over a stable front flies under air-defence cover and at stand-off range; over a fluid front
(a collapse, no stable cover), or where Russia lacks the ground power to hold and its air defence has gone
with its ground units, pilots fly low and close to make up for it: "a vacuum of means that pushes the
aircraft to take significant risks" (the analysis). The loss probability is multiplied accordingly, and the
aircraft lost are sorties no longer flown.
"""

from __future__ import annotations


def loss_probability(
    base: float,
    fluid: bool,
    fluid_multiplier: float,
    vacuum: float = 0.0,
    vacuum_multiplier: float = 1.0,
    uncovered: float = 0.0,
    uncovered_multiplier: float = 1.0,
) -> float:
    """Loss probability per sortie: `base` over a stable front held by a Russian force that matches the
    Ukrainian one under its own air-defence cover, multiplied over a fluid front, by the vacuum of Russian
    ground power (`vacuum` in [0, 1]: 0 at parity or better, towards 1 as the Russian share of the power on the
    axis vanishes; `vacuum_multiplier` at 1) and by the lack of cover (`uncovered` in [0, 1]: the share of the
    axis's Russian ground force, which carries its short-range air defence, lost since the start)."""
    p = base * (fluid_multiplier if fluid else 1.0)
    p *= 1.0 + (vacuum_multiplier - 1.0) * min(max(vacuum, 0.0), 1.0)
    p *= 1.0 + (uncovered_multiplier - 1.0) * min(max(uncovered, 0.0), 1.0)
    return min(1.0, p)


def vacuum_share(russian_power: float, ukrainian_power: float) -> float:
    """How far Russia lacks ground power on an axis: 0 when it matches Ukraine's, 1 - ru/ua below that."""
    if ukrainian_power <= 0.0:
        return 0.0
    return max(0.0, 1.0 - russian_power / ukrainian_power)


def uncovered_share(russian_power: float, russian_power_at_start: float) -> float:
    """The share of its ground force (and of the air-defence cover it carries) Russia has lost on an axis."""
    if russian_power_at_start <= 0.0:
        return 0.0
    return min(1.0, max(0.0, 1.0 - russian_power / russian_power_at_start))


def sorties_flown(planned: float, fleet: float, lost: float) -> float:
    """Sorties flown a day from a fleet that has lost `lost` aircraft (not replaced within the horizon)."""
    if fleet <= 0.0:
        return 0.0
    return planned * max(0.0, fleet - lost) / fleet


def advance_drag(sorties_per_day: float, slow_per_sortie: float) -> float:
    """Factor (0, 1] on the attacker's advance: 1 with no sorties, falling hyperbolically."""
    return 1.0 / (1.0 + slow_per_sortie * max(sorties_per_day, 0.0))
