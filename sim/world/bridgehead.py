"""A bridgehead supplied across a river: crossings cut by strikes, starvation, withdrawal or entrapment.

Supply on the bank is the share of crossings open (ferries keep a floor). Starved long enough, the
Kremlin may decide to withdraw (each weekly review, with a probability: deciding in time is not certain);
the withdrawal takes days. Ukraine reaching the river bank while Russian troops are still on it traps
them: those left are captured.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.world.front import FIGHTING, Process
from sim.world.theatre import Sector

if TYPE_CHECKING:
    from sim.world.campaign import World


class Bridgehead:
    def __init__(self, world: World, sector: Sector) -> None:
        self.world, self.sector = world, sector
        self.cfg = world.cfg.bridgehead
        self.rng = world.streams.get("bridgehead", sector.name)
        self.open = self.cfg.crossings
        self.fate = "held"
        self.fate_day: float | None = None
        self.starving_days = 0.0
        self.withdrawing = False
        river = max(sector.rivers, default=None)
        self.river_km = river[0] if river else sector.cfg.max_km

    def supply(self) -> float:
        floor = self.cfg.supply_floor
        return floor + (1.0 - floor) * self.open / self.cfg.crossings

    def cut(self) -> None:
        if self.open > 0 and self.fate == "held":
            self.open -= 1
            self.sector.bridgehead_supply = self.supply()
            self.world.log(self.sector.name, "crossing cut", f"{self.open} of {self.cfg.crossings} crossings open")
            self.world.env.process(self.repair())

    def repair(self) -> Process:
        yield self.world.env.timeout(float(self.rng.gamma(3.0, self.cfg.repair_days / 3.0)))
        self.open = min(self.cfg.crossings, self.open + 1)
        self.sector.bridgehead_supply = self.supply()

    def defenders(self) -> list:
        return self.world.forces.in_sector("ru", self.sector.name, (*FIGHTING, "reserve", "garrison"))

    def run(self) -> Process:
        env, c = self.world.env, self.cfg
        day = 0
        while self.fate == "held":
            yield env.timeout(1.0)
            day += 1
            if self.trapped_now():
                return
            self.starving_days = self.starving_days + 1.0 if self.supply() < c.starving_below else 0.0
            if (
                not self.withdrawing
                and day % 7 == 0
                and self.starving_days >= c.withdraw_after_days
                and self.rng.random() < c.decision_probability
            ):
                env.process(self.withdraw())

    def trapped_now(self) -> bool:
        front = self.sector.front_at(self.world.env.now)
        remaining = self.defenders()
        if self.river_km - front > self.cfg.trapped_margin_km or not remaining:
            return False
        captured = self.world.forces.inflict(remaining, sum(f.personnel for f in remaining), "captured")
        self.sector.move(self.world.env.now, self.river_km, 1.0)
        self.sector.closed = True
        self.settle("trapped", f"{captured:.0f} captured on the bank")
        return True

    def withdraw(self) -> Process:
        env = self.world.env
        self.withdrawing = True
        self.world.log(self.sector.name, "withdrawal ordered", f"after {self.starving_days:.0f} days starving")
        yield env.timeout(self.cfg.withdrawal_days)
        if self.fate != "held":
            return
        for f in self.defenders():  # across the river; a garrison stays a garrison
            f.sector = "theatre"
            if f.posture != "garrison":
                f.posture = "reserve"
        self.sector.lines["ru"] = []
        if self.world.forces.in_sector("ua", self.sector.name):
            self.sector.move(env.now, self.river_km, 3.0)  # Ukraine follows up to the river
            self.sector.closed = True
        # with no Ukrainian troops on the axis the ground stays where it was until some arrive (unopposed)
        self.settle("withdrawn", "the bank is abandoned; the river is the new front")

    def settle(self, fate: str, detail: str) -> None:
        self.fate, self.fate_day = fate, self.world.env.now
        self.world.log(self.sector.name, f"bridgehead {fate}", detail)
