"""A bridgehead supplied across a river: crossings cut by strikes, starvation, withdrawal or entrapment.

Supply on the bank is what the open crossings carry (ferries keep a floor) shared by the troops on it
(`sim.laws.logistics`): more troops on the bank, thinner supply. Starved long enough and pressed by Ukrainian
attacks on the axis, the Kremlin may decide to withdraw (each weekly review, with a probability: deciding in
time is not certain; unpressed, it seldom gives up annexed ground; drawn as a cumulative hazard against one
exponential draw of reluctance); the withdrawal takes days. Historically
the decision (announced 9 Nov 2022 by Shoigu and Surovikin) followed both the starvation of the bank and the
Ukrainian pressure on it. Ukraine reaching the river bank while Russian troops are still on it traps them:
those left are captured.
"""

from __future__ import annotations

import math
from functools import partial
from typing import Any

from sim.laws import logistics
from sim.world.battle import Battle, SectorBattle
from sim.world.forces import Forces, Formation
from sim.world.kernel import FIGHTING, Kernel, Process, personnel
from sim.world.recorder import Recorder
from sim.world.strikes import StrikeForce
from sim.world.theatre import Sector, Theatre


class Bridgeheads:
    """Every sector marked `bridgehead` in the theatre; the first one's fate is the campaign's outcome."""

    name = "bridgehead"

    def __init__(self, kernel: Kernel, theatre: Theatre, forces: Forces, strikes: StrikeForce, battle: Battle) -> None:
        self.kernel, self.strikes = kernel, strikes
        self.all = [
            Bridgehead(kernel, s, forces, battle.sectors[name])
            for name, s in theatre.sectors.items()
            if s.cfg.bridgehead
        ]

    def start(self) -> None:
        for b in self.all:
            self.kernel.process(b.run())
            if self.kernel.cfg.strikes.launchers > 0:
                self.kernel.process(self.strikes.crossing_campaign(b.cut))

    def may_reinforce(self, side: str, sector: Sector) -> bool:
        """Hook: Russia sends no more troops across a bridgehead's river than its crossings can supply, and none
        back to a bank it has given up."""
        if side != "ru":
            return True
        for b in self.all:
            if b.sector is sector:
                return b.fate == "held" and b.can_take_more()
        return True

    def register_probes(self, recorder: Recorder) -> None:
        supply = self.kernel.supply
        for b in self.all:  # the defender's whole supply there: crossings and depots
            recorder.probe(f"supply_ru_{b.sector.name}", partial(supply.of, "ru", b.sector.name))

    def outcomes(self, row: dict[str, Any]) -> None:
        first = self.all[0] if self.all else None
        row["bridgehead"] = first.fate if first else "none"
        row["bridgehead_day"] = math.nan if first is None or first.fate_day is None else first.fate_day
        row["bridgehead_order_day"] = math.nan if first is None or first.order_day is None else first.order_day


class Bridgehead:
    def __init__(self, kernel: Kernel, sector: Sector, forces: Forces, battle: SectorBattle) -> None:
        self.kernel, self.sector, self.forces, self.battle = kernel, sector, forces, battle
        self.cfg = kernel.cfg.bridgehead
        self.rng = kernel.streams.get("bridgehead", sector.name)
        self.open = self.cfg.crossings
        self.fate = "held"
        self.fate_day: float | None = None
        self.starving_days = 0.0
        self.withdrawing = False
        self.order_day: float | None = None  # the withdrawal order (9 Nov 2022 in history); fate_day is its end
        self.pushed = 1.0  # the supply factor last pushed to the kernel
        self.hazard = 0.0  # the withdrawal decision's cumulative hazard over the reviews so far
        self.reluctance = float(kernel.streams.get("bridgehead", sector.name, "decision").exponential())
        river = max(sector.rivers, default=None)
        self.river_km = river.at_km if river else sector.cfg.max_km

    def supply(self) -> float:
        """Each soldier's share of supply on the bank: what the open crossings carry over the troops there."""
        c = self.cfg
        troops = personnel(self.defenders())
        return logistics.crossing_supply(self.open, c.crossings, c.supply_floor, c.supply_capacity, troops)

    def can_take_more(self) -> bool:
        """The open crossings carry more than the troops on the bank need."""
        c = self.cfg
        carried = logistics.crossing_share(self.open, c.crossings, c.supply_floor) * c.supply_capacity
        return personnel(self.defenders()) < carried

    def push_supply(self) -> float:
        value = self.supply()
        if value != self.pushed:
            self.pushed = value
            self.kernel.supply.set("crossings", "ru", self.sector.name, value)
        return value

    def cut(self) -> None:
        if self.open > 0 and self.fate == "held":
            self.open -= 1
            self.push_supply()
            self.kernel.log(self.sector.name, "crossing cut", f"{self.open} of {self.cfg.crossings} crossings open")
            self.kernel.env.process(self.repair())

    def repair(self) -> Process:
        c = self.cfg
        yield self.kernel.env.timeout(float(self.rng.gamma(c.repair_shape, c.repair_days / c.repair_shape)))
        self.open = min(self.cfg.crossings, self.open + 1)
        self.push_supply()

    def pressure(self) -> float:
        """Ukrainian pressure on the bank in [0, 1]: while Ukraine is on the offensive on the axis (it may attack
        there and has neither halted nor decided a pause), its power ratio against the bank's defence over the
        ratio it attacks at (a force massed in front of the bank presses it, attacking or in an operational
        pause); none otherwise."""
        s = self.sector
        if not s.cfg.ua_offensive or s.closed or not self.battle.others_allow("ua", s):
            return 0.0
        return min(1.0, self.battle.ratio("ua")[0] / self.kernel.cfg.combat.attack_threshold)

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
            supply = self.push_supply()  # the troops on the bank change every day
            self.starving_days = self.starving_days + 1.0 if supply < c.starving_below else 0.0
            if not self.withdrawing and day % c.review_days == 0 and self.starving_days >= c.withdraw_after_days:
                # each review adds its hazard; the Kremlin decides when the sum passes its reluctance (one
                # exponential draw: the same law as a Bernoulli draw per review, but a change in the chance at
                # any review moves the day of the decision)
                p = logistics.withdrawal_probability(c.decision_probability, self.pressure(), c.unpressed_share)
                self.hazard += -math.log1p(-p) if p < 1.0 else math.inf
                if self.hazard >= self.reluctance:
                    env.process(self.withdraw())

    def trapped_now(self) -> bool:
        front = self.sector.front_at(self.kernel.env.now)
        remaining = self.defenders()
        if self.river_km - front > self.cfg.trapped_margin_km or not remaining:
            return False
        captured = self.forces.inflict(remaining, personnel(remaining), "captured")
        self.sector.move(self.kernel.env.now, self.river_km, self.cfg.trapped_days)
        self.sector.closed = True
        self.settle("trapped", f"{captured:.0f} captured on the bank")
        return True

    def withdraw(self) -> Process:
        env = self.kernel.env
        self.withdrawing, self.order_day = True, env.now
        detail = f"after {self.starving_days:.0f} days starving, Ukrainian pressure {self.pressure():.2f}"
        self.kernel.log(self.sector.name, "withdrawal ordered", detail)
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
