"""Supply across a river: what the open crossings carry, shared by the troops they must feed.

A bridgehead's crossings (bridges, a dam road, ferries) carry a tonnage that would supply `capacity` soldiers
with every crossing open; ferries keep a floor when every crossing is cut. The supply each soldier on the bank
gets is that capacity over the troops there, never more than full: the more troops Russia keeps on the bank,
the thinner the supply each gets from the same crossings.
"""

from __future__ import annotations


def crossing_share(open_crossings: int, crossings: int, floor: float) -> float:
    """Share of the crossings' full capacity still available: 1 with all open, `floor` with none (ferries)."""
    return floor + (1.0 - floor) * open_crossings / crossings


def crossing_supply(open_crossings: int, crossings: int, floor: float, capacity: float, troops: float) -> float:
    """Supply share of each soldier on the bank, in [0, 1]: the carried capacity over the troops, capped at full."""
    carried = crossing_share(open_crossings, crossings, floor) * capacity
    return 1.0 if troops <= carried else carried / troops


def withdrawal_probability(decision_probability: float, pressure: float, unpressed_share: float) -> float:
    """Chance, at one review of a starving bridgehead, that the Kremlin orders the withdrawal in time: the base
    probability under full Ukrainian pressure (`pressure` 1), falling to a share of it with none (0)."""
    p = min(max(pressure, 0.0), 1.0)
    return decision_probability * (unpressed_share + (1.0 - unpressed_share) * p)
