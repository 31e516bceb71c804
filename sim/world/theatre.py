"""A sector of the front: a one-dimensional depth track with lines, rivers, objective and neighbours.

Positions are km along the axis, positive towards Russian-held ground. The front moves continuously
over an engagement or an exploitation, so `front_at(t)` interpolates a movement in progress.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

from sim.config.schema import SectorConfig
from sim.world.kernel import DIRECTION

# Positions closer than this are one place (a line reached, an objective taken, a river's bank reached,
# nothing left to take): a tolerance of the one-dimensional track, not a parameter of the war.
SAME_PLACE_KM = 0.5


class Line(NamedTuple):
    """A prepared defensive line: where it lies on the track and its fortification multiplier."""

    at_km: float
    fortification: float


class River(NamedTuple):
    """A river across the track: where, the days it takes to force it, its name."""

    at_km: float
    crossing_days: float
    name: str


class Sector:
    def __init__(self, name: str, cfg: SectorConfig) -> None:
        self.name, self.cfg = name, cfg
        self.width_km = cfg.width_km
        self.lines = {
            side: sorted(Line(ln.at_km, ln.fortification) for ln in cfg.lines if ln.side == side) for side in DIRECTION
        }
        self.rivers = sorted(River(r.at_km, r.crossing_days, r.name) for r in cfg.rivers)
        self.objective_km = cfg.objective_km
        self.railhead_km = cfg.railhead_km
        self.neighbours: list[Sector] = []
        self._from = (0.0, 0.0)  # (time, position) at the start of the current movement
        self._to = (0.0, 0.0)  # (time, position) at its end
        self.collapsing = False  # exploitation under way: the front is fluid
        self.paused_until = {"ua": -1.0, "ru": -1.0}  # operational pause of each side on this axis
        self.abandoned_power = 0.0  # enemy equipment left on the field, recoverable in a pause
        self.breakthroughs = 0
        self.collapses = 0
        self.cascades = 0  # collapses that followed a neighbour's collapse within the cascade window
        self.river_crossings = 0
        self.counterattacks = 0
        self.counterattacks_won = 0
        self.last_break_in = {"ua": -float("inf"), "ru": -float("inf")}  # by the attacking side
        self.last_collapse = -float("inf")
        self.last_ua_attack = -float("inf")  # day Ukraine last attacked here
        self.closed = False  # no more fighting on this axis (a bridgehead given up: the river is the front)

    # ------------------------------------------------------------------------------ position and motion
    def front_at(self, t: float) -> float:
        (t0, x0), (t1, x1) = self._from, self._to
        if t >= t1 or t1 <= t0:
            return x1
        if t <= t0:
            return x0
        return x0 + (x1 - x0) * (t - t0) / (t1 - t0)

    def move(self, now: float, target: float, duration: float) -> None:
        """Start moving the front to `target` (clamped to the track) over `duration` days."""
        start = self.front_at(now)
        target = min(max(target, self.cfg.min_km), self.cfg.max_km)
        self._from, self._to = (now, start), (now + max(duration, 0.0), target)

    def area_km2(self, t: float) -> float:
        return self.width_km * self.front_at(t)

    # ---------------------------------------------------------------------------------- what lies ahead
    def holding_line(self, defender: str, front: float, hold_km: float) -> Line | None:
        """The defender's line the attacker is up against: within `hold_km` ahead of the front."""
        d = -DIRECTION[defender]  # the attacker's direction
        for line in self.lines[defender]:
            ahead = d * (line.at_km - front)
            if -SAME_PLACE_KM <= ahead <= hold_km:
                return line
        return None

    def next_line(self, defender: str, beyond: float) -> Line | None:
        """The nearest defender line strictly beyond `beyond` in the attacker's direction."""
        d = -DIRECTION[defender]
        ahead = [
            (d * (at - beyond), at, fort) for at, fort in self.lines[defender] if d * (at - beyond) > SAME_PLACE_KM
        ]
        if not ahead:
            return None
        _, at, fort = min(ahead)
        return Line(at, fort)

    def river_ahead(self, attacker: str, front: float) -> River | None:
        """The nearest river the attacker has still to cross: ahead of the front, or at the front (on its bank).

        A river stays in the way until it is crossed (`cross_river`); the front stops on its bank.
        """
        d = DIRECTION[attacker]
        best: River | None = None
        for river in self.rivers:
            ahead = d * (river.at_km - front)
            if ahead > -SAME_PLACE_KM and (best is None or ahead < d * (best.at_km - front)):
                best = river
        return best

    def on_bank(self, attacker: str, front: float) -> River | None:
        """The river the attacker stands at (within the track's tolerance), still to be crossed."""
        river = self.river_ahead(attacker, front)
        if river is not None and DIRECTION[attacker] * (river.at_km - front) <= SAME_PLACE_KM:
            return river
        return None

    def cross_river(self, at: float) -> None:
        self.rivers = [r for r in self.rivers if r.at_km != at]

    def drop_lines_behind(self, defender: str, front: float) -> None:
        """Lines the attacker has overrun no longer count."""
        d = -DIRECTION[defender]
        self.lines[defender] = [line for line in self.lines[defender] if d * (line.at_km - front) > -SAME_PLACE_KM]


class Theatre:
    """The sectors of the front, linked to their neighbours, and what the rules read of them as a whole."""

    def __init__(self, sectors: dict[str, SectorConfig], env: Any) -> None:
        self.env = env
        self.sectors = {name: Sector(name, sc) for name, sc in sectors.items()}
        for sector in self.sectors.values():
            sector.neighbours = [self.sectors[n] for n in sector.cfg.neighbours]

    def area_gained(self) -> float:
        return math.fsum(s.area_km2(self.env.now) for s in self.sectors.values())

    def russian_area_lost(self) -> float:
        return math.fsum(max(s.area_km2(self.env.now), 0.0) for s in self.sectors.values())

    def annexed_area_lost(self) -> float:
        return math.fsum(max(s.area_km2(self.env.now), 0.0) for s in self.sectors.values() if s.cfg.annexed)

    def last_ua_attack(self) -> float:
        return max(s.last_ua_attack for s in self.sectors.values())
