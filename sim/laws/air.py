"""Close air support: losses per sortie and the drag sorties put on an attacker.

A sortie over a stable front flies under air-defence cover and at stand-off range; over a fluid front
(a collapse, no stable cover) pilots fly low and close to find targets: "a vacuum of means that pushes
the aircraft to take significant risks" (the analysis). The loss probability is multiplied accordingly.
"""

from __future__ import annotations


def loss_probability(base: float, fluid: bool, fluid_multiplier: float) -> float:
    return min(1.0, base * (fluid_multiplier if fluid else 1.0))


def advance_drag(sorties_per_day: float, slow_per_sortie: float) -> float:
    """Factor (0, 1] on the attacker's advance: 1 with no sorties, falling hyperbolically."""
    return 1.0 / (1.0 + slow_per_sortie * max(sorties_per_day, 0.0))
