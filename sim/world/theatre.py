"""A sector of the front: a one-dimensional depth track with lines, rivers, objective and neighbours.

Positions are km along the axis, positive towards Russian-held ground. The front moves continuously
over an engagement or an exploitation, so `front_at(t)` interpolates a movement in progress.
"""

from __future__ import annotations

from sim.config.schema import SectorConfig

DIRECTION = {"ua": 1.0, "ru": -1.0}  # the way each side advances along the track
ENEMY = {"ua": "ru", "ru": "ua"}


class Sector:
    def __init__(self, name: str, cfg: SectorConfig) -> None:
        self.name, self.cfg = name, cfg
        self.width_km = cfg.width_km
        self.lines = {
            side: sorted((ln.at_km, ln.fortification) for ln in cfg.lines if ln.side == side) for side in DIRECTION
        }
        self.rivers = sorted((r.at_km, r.crossing_days, r.name) for r in cfg.rivers)
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
        self.last_collapse = -float("inf")
        self.depot_supply = 1.0  # Russian supply left after strikes on depots (the strike model)
        self.bridgehead_supply = 1.0  # Russian supply across the river (the bridgehead model)
        self.cas_sorties = 0.0  # Russian close-air-support sorties over this axis today (the air model)
        self.last_ua_attack = -float("inf")  # day Ukraine last attacked here
        self.closed = False  # no more fighting on this axis (a bridgehead given up: the river is the front)

    @property
    def defender_supply(self) -> float:
        return self.depot_supply * self.bridgehead_supply

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
    def holding_line(self, defender: str, front: float, hold_km: float = 3.0) -> tuple[float, float] | None:
        """The defender's line the attacker is up against: within `hold_km` ahead of the front."""
        d = -DIRECTION[defender]  # the attacker's direction
        for at, fort in self.lines[defender]:
            ahead = d * (at - front)
            if -0.5 <= ahead <= hold_km:
                return at, fort
        return None

    def next_line(self, defender: str, beyond: float) -> tuple[float, float] | None:
        """The nearest defender line strictly beyond `beyond` in the attacker's direction."""
        d = -DIRECTION[defender]
        ahead = [(d * (at - beyond), at, fort) for at, fort in self.lines[defender] if d * (at - beyond) > 0.5]
        if not ahead:
            return None
        _, at, fort = min(ahead)
        return at, fort

    def river_ahead(self, attacker: str, front: float) -> tuple[float, float, str] | None:
        d = DIRECTION[attacker]
        ahead = [(d * (at - front), at, days, name) for at, days, name in self.rivers if d * (at - front) > 0.1]
        if not ahead:
            return None
        _, at, days, name = min(ahead)
        return at, days, name

    def cross_river(self, at: float) -> None:
        self.rivers = [r for r in self.rivers if r[0] != at]

    def drop_lines_behind(self, defender: str, front: float) -> None:
        """Lines the attacker has overrun no longer count."""
        d = -DIRECTION[defender]
        self.lines[defender] = [(at, f) for at, f in self.lines[defender] if d * (at - front) > -0.5]
