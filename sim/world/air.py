"""Russian close air support: sorties over the axes where Ukraine attacks, slowing it, and losses.

Once a day the day's sorties are spread over the axes where Ukraine attacked in the last days (or, with
none, flown over a quiet axis). Over a fluid front (a collapse under way, or a front that moved far in a
week) the loss probability per sortie is multiplied: the analysis's "vacuum of means that pushes the
aircraft to take significant risks".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.laws.air import advance_drag, loss_probability
from sim.world.front import Process
from sim.world.theatre import Sector

if TYPE_CHECKING:
    from sim.world.campaign import World

ACTIVE_DAYS = 3.0  # an axis where Ukraine attacked within this many days gets air support


class AirSupport:
    def __init__(self, world: World) -> None:
        self.world = world
        self.cfg = world.cfg.air
        self.rng = world.streams.get("air")
        self.aircraft_lost = 0
        self.sorties = 0.0

    def run(self) -> Process:
        env = self.world.env
        if not self.cfg.enabled or self.cfg.sorties_per_day <= 0:
            return
        while True:
            sectors = list(self.world.sectors.values())
            active = [s for s in sectors if env.now - s.last_ua_attack <= ACTIVE_DAYS]
            for s in sectors:
                s.cas_sorties = 0.0
            over = active or sectors[:1]
            per_sector = self.cfg.sorties_per_day / len(over)
            for s in over:
                s.cas_sorties = per_sector if active else 0.0
                p = loss_probability(self.cfg.loss_probability, self.fluid(s), self.cfg.fluid_multiplier)
                lost = int(self.rng.binomial(round(per_sector), p))
                if lost:
                    self.aircraft_lost += lost
                    front = "fluid" if self.fluid(s) else "stable"
                    self.world.log(s.name, "aircraft lost", f"{lost} over a {front} front")
            self.sorties += self.cfg.sorties_per_day
            yield env.timeout(1.0)

    def fluid(self, sector: Sector) -> bool:
        if sector.collapsing:
            return True
        week_ago = max(self.world.env.now - 7.0, 0.0)
        moved = abs(sector.front_at(self.world.env.now) - self.world.front_on(sector.name, week_ago))
        return moved > self.cfg.fluid_km

    def drag(self, sector: Sector) -> float:
        return advance_drag(sector.cas_sorties, self.cfg.slow_per_sortie)
