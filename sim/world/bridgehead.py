"""A bridgehead supplied across a river: crossings cut by strikes, starvation, withdrawal or entrapment.

Supply on the bank is the share of crossings open (ferries keep a floor). Starved long enough, the
Kremlin may decide to withdraw (each weekly review, with a probability: deciding in time is not certain);
the withdrawal takes days. Ukraine reaching the river bank while Russian troops are still on it traps
them: those left are captured.
"""

from __future__ import annotations

import math
from functools import partial
from typing import Any

from sim.world.forces import Forces, Formation
from sim.world.kernel import FIGHTING, Kernel, Process
from sim.world.recorder import Recorder
from sim.world.strikes import StrikeForce
from sim.world.theatre import Sector, Theatre


class Bridgeheads:
    """Every sector marked `bridgehead` in the theatre; the first one's fate is the campaign's outcome."""

    name = "bridgehead"

    def __init__(self, kernel: Kernel, theatre: Theatre, forces: Forces, strikes: StrikeForce) -> None:
        self.kernel, self.strikes = kernel, strikes
        self.all = [Bridgehead(kernel, s, forces) for s in theatre.sectors.values() if s.cfg.bridgehead]

    def start(self) -> None:
        for b in self.all:
            self.kernel.process(b.run())
            if self.kernel.cfg.strikes.launchers > 0:
                self.kernel.process(self.strikes.crossing_campaign(b.cut))

    def register_probes(self, recorder: Recorder) -> None:
        supply = self.kernel.supply
        for b in self.all:  # the defender's whole supply there: crossings and depots
            recorder.probe(f"supply_ru_{b.sector.name}", partial(supply.of, "ru", b.sector.name))

    def outcomes(self, row: dict[str, Any]) -> None:
        first = self.all[0] if self.all else None
        row["bridgehead"] = first.fate if first else "none"
        row["bridgehead_day"] = math.nan if first is None or first.fate_day is None else first.fate_day


class Bridgehead:
    def __init__(self, kernel: Kernel, sector: Sector, forces: Forces) -> None:
        self.kernel, self.sector, self.forces = kernel, sector, forces
        self.cfg = kernel.cfg.bridgehead
        self.rng = kernel.streams.get("bridgehead", sector.name)
        self.open = self.cfg.crossings
        self.fate = "held"
        self.fate_day: float | None = None
        self.starving_days = 0.0
        self.withdrawing = False
        river = max(sector.rivers, default=None)
        self.river_km = river.at_km if river else sector.cfg.max_km

    def supply(self) -> float:
        floor = self.cfg.supply_floor
        return floor + (1.0 - floor) * self.open / self.cfg.crossings

    def cut(self) -> None:
        if self.open > 0 and self.fate == "held":
            self.open -= 1
            self.kernel.supply.set("crossings", "ru", self.sector.name, self.supply())
            self.kernel.log(self.sector.name, "crossing cut", f"{self.open} of {self.cfg.crossings} crossings open")
            self.kernel.env.process(self.repair())

    def repair(self) -> Process:
        c = self.cfg
        yield self.kernel.env.timeout(float(self.rng.gamma(c.repair_shape, c.repair_days / c.repair_shape)))
        self.open = min(self.cfg.crossings, self.open + 1)
        self.kernel.supply.set("crossings", "ru", self.sector.name, self.supply())

    def defenders(self) -> list[Formation]:
        return self.forces.in_sector("ru", self.sector.name, (*FIGHTING, "reserve", "garrison"))

    def run(self) -> Process:
        env, c = self.kernel.env, self.cfg
        day = 0
        while self.fate == "held":
            yield env.timeout(1.0)
            day += 1
            if self.trapped_now():
                return
            self.starving_days = self.starving_days + 1.0 if self.supply() < c.starving_below else 0.0
            if (
                not self.withdrawing
                and day % c.review_days == 0
                and self.starving_days >= c.withdraw_after_days
                and self.rng.random() < c.decision_probability
            ):
                env.process(self.withdraw())

    def trapped_now(self) -> bool:
        front = self.sector.front_at(self.kernel.env.now)
        remaining = self.defenders()
        if self.river_km - front > self.cfg.trapped_margin_km or not remaining:
            return False
        captured = self.forces.inflict(remaining, sum(f.personnel for f in remaining), "captured")
        self.sector.move(self.kernel.env.now, self.river_km, self.cfg.trapped_days)
        self.sector.closed = True
        self.settle("trapped", f"{captured:.0f} captured on the bank")
        return True

    def withdraw(self) -> Process:
        env = self.kernel.env
        self.withdrawing = True
        self.kernel.log(self.sector.name, "withdrawal ordered", f"after {self.starving_days:.0f} days starving")
        yield env.timeout(self.cfg.withdrawal_days)
        if self.fate != "held":
            return
        for f in self.defenders():  # across the river; a garrison stays a garrison
            f.sector = "theatre"
            if f.posture != "garrison":
                f.posture = "reserve"
        self.sector.lines["ru"] = []
        if self.forces.in_sector("ua", self.sector.name):
            self.sector.move(env.now, self.river_km, self.cfg.follow_days)  # Ukraine follows up to the river
            self.sector.closed = True
        # with no Ukrainian troops on the axis the ground stays where it was until some arrive (unopposed)
        self.settle("withdrawn", "the bank is abandoned; the river is the new front")

    def settle(self, fate: str, detail: str) -> None:
        self.fate, self.fate_day = fate, self.kernel.env.now
        self.kernel.log(self.sector.name, f"bridgehead {fate}", detail)
