"""Ukrainian resolve, Western support and the deterrence signal.

Resolve and support move with gains (success breeds will and aid), with losses (casualties wear both)
and with the deterrence signal: annexation, the mobilized mass and the escalation threat, all weighed by
the threat's credibility. A non-credible threat deters nothing, whatever is annexed or mobilized.
"""

from __future__ import annotations


def deterrence_signal(
    annexed: bool, mobilized_mass: float, escalation_threat: float, credibility: float, w_annex: float, w_mass: float
) -> float:
    """In [0, 1+]: credibility times (annexation + mobilized mass + the threat itself)."""
    return credibility * ((w_annex if annexed else 0.0) + w_mass * mobilized_mass + escalation_threat)


def clamp01(x: float) -> float:
    return min(1.0, max(0.0, x))


def update(
    level: float,
    gained_km2: float,
    casualties: float,
    deterrence: float,
    days: float,
    w_gain: float,
    w_loss: float,
    w_deter: float,
    drift_to: float,
    drift_rate: float,
) -> float:
    """New resolve (or support) after `days`: gains per 1,000 km², casualties per 10,000, deterrence per day."""
    change = (
        w_gain * gained_km2 / 1000.0
        - w_loss * casualties / 10000.0
        - w_deter * deterrence * days
        + drift_rate * (drift_to - level) * days
    )
    return clamp01(level + change)


def decide(resolve: float, support: float, continue_at: float, halt_below: float) -> str:
    """'continue', 'pause' or 'halt' from the product of resolve and support."""
    will = resolve * support
    if will >= continue_at:
        return "continue"
    return "halt" if will < halt_below else "pause"
