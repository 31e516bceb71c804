"""One campaign: builds the world from a typed config and a seed, runs it, and reports its outcomes.

`simulate(cfg, seed)` is the whole interface the experiment layer sees: a plain function from a config
and one integer of entropy to an outcome row, daily series and (if asked) the event trace.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import simpy

from sim.config.schema import SimConfig
from sim.laws.manoeuvre import lognormal_factor, supply_factor
from sim.world.air import AirSupport
from sim.world.bridgehead import Bridgehead
from sim.world.decisions import Kremlin, Ukraine
from sim.world.forces import Forces, Formation
from sim.world.front import SectorBattle
from sim.world.mobilization import STAGES, Mobilization
from sim.world.outcomes import outcome_row
from sim.world.recorder import Recorder
from sim.world.reserves import replacements, reserve_commander
from sim.world.streams import Streams
from sim.world.strikes import StrikeForce
from sim.world.theatre import DIRECTION, Sector


@dataclass
class CampaignResult:
    row: dict[str, Any]
    daily: dict[str, list[float]]
    trace: list[tuple[float, str, str, str]] = field(default_factory=list)


class World:
    """The campaign's shared state: clock, sectors, forces, streams, and the hooks sub-models use."""

    def __init__(self, cfg: SimConfig, seed: int) -> None:
        self.cfg = cfg
        self.env = simpy.Environment()
        self.streams = Streams(seed, cfg.stochastic)
        self.sectors = {name: Sector(name, sc) for name, sc in cfg.theatre.sectors.items()}
        for sector in self.sectors.values():
            sector.neighbours = [self.sectors[n] for n in sector.cfg.neighbours]
        self.forces = Forces()
        u = cfg.uncertainty
        for name, fc in cfg.forces.items():
            z_personnel, z_cohesion = self.streams.get("forces", name).standard_normal(2)
            personnel = fc.personnel * lognormal_factor(u.personnel_spread, float(z_personnel))
            cohesion = min(1.0, max(0.05, fc.cohesion + u.cohesion_spread * float(z_cohesion)))
            self.forces.add(
                Formation(
                    name,
                    fc.side,
                    fc.sector,
                    fc.kind,
                    personnel,
                    fc.equipment,
                    fc.training,
                    cohesion,
                    fc.supply,
                    fc.posture,
                ),
                arrival=False,
            )
        self.equipment_recovered = {"ua": 0.0, "ru": 0.0}
        self.appreciations: dict[tuple[str, int], str | None] = {}
        self.recorder = Recorder(self)
        self.battles = {name: SectorBattle(self, s) for name, s in self.sectors.items()}
        self.strikes = StrikeForce(self)
        self.mobilization = Mobilization(self)
        self.air = AirSupport(self)
        self.ukraine = Ukraine(self)
        self.kremlin = Kremlin(self)
        self.bridgeheads = [Bridgehead(self, s) for s in self.sectors.values() if s.cfg.bridgehead]
        self._register_probes()

    # ---------------------------------------------------------------- hooks the sub-models refine
    def may_attack(self, side: str, sector: Sector) -> bool:
        if sector.closed or self.env.now < sector.paused_until[side] or self.ukraine.halt_day is not None:
            return False  # after a halt the line is frozen for both sides
        front, end = sector.front_at(self.env.now), sector.cfg.max_km if side == "ua" else sector.cfg.min_km
        if abs(end - front) < 0.5:
            return False  # nothing left to take on this axis
        if side == "ua":
            return sector.cfg.ua_offensive and self.ukraine.attacking()
        return sector.cfg.ru_offensive

    def attack_threshold_scale(self, side: str, sector: Sector) -> float:
        """Ukraine hesitates to attack ground Russia has declared its own, as far as the threat deters."""
        if side == "ua" and sector.cfg.annexed:
            return 1.0 + self.cfg.decisions.annexed_threshold_weight * self.ukraine.deterrence()
        return 1.0

    def supply_scale(self, side: str, sector: Sector) -> float:
        if side == "ru":
            return sector.defender_supply
        distance = DIRECTION[side] * (sector.front_at(self.env.now) - sector.railhead_km)
        return supply_factor(distance, self.cfg.manoeuvre.supply_reach_km)

    def advance_scale(self, side: str, sector: Sector) -> float:
        return self.air.drag(sector) if side == "ua" else 1.0

    # -------------------------------------------------------------------------- what the rules read
    def area_gained(self) -> float:
        return sum(s.area_km2(self.env.now) for s in self.sectors.values())

    def russian_area_lost(self) -> float:
        return sum(max(s.area_km2(self.env.now), 0.0) for s in self.sectors.values())

    def annexed_area_lost(self) -> float:
        return sum(max(s.area_km2(self.env.now), 0.0) for s in self.sectors.values() if s.cfg.annexed)

    def last_ua_attack(self) -> float:
        return max(s.last_ua_attack for s in self.sectors.values())

    def front_on(self, sector: str, day: float) -> float:
        series = self.recorder.series[f"front_km_{sector}"]
        i = int(day)
        return series[i] if i < len(series) else self.sectors[sector].front_at(self.env.now)

    def formation(self, name: str) -> Formation | None:
        return self.forces.by_name.get(name)

    def russian_mobilized_in_theatre(self) -> float:
        forces = self.forces
        return sum(f.personnel for f in forces.formations if f.kind == "mobilized") + sum(
            g.size for g in forces.groups if g.active
        )

    def log(self, sector: str, event: str, detail: str) -> None:
        if self.cfg.record_trace:
            self.recorder.log(self.env.now, sector, event, detail)

    # ------------------------------------------------------------------------------------- running
    def _register_probes(self) -> None:
        now = lambda: self.env.now  # noqa: E731 - read the clock at sampling time
        for name, sector in self.sectors.items():
            self.recorder.probe(f"front_km_{name}", partial(_front_now, sector, now))
        self.recorder.probe("area_km2", self.area_gained)
        for side in ("ua", "ru"):
            self.recorder.probe(f"personnel_{side}", partial(self.forces.present, side))
        self.recorder.probe("resolve_ua", lambda: self.ukraine.resolve)
        self.recorder.probe("support_ua", lambda: self.ukraine.support)
        self.recorder.probe_group({f"mobilized_{stage}": stage for stage in STAGES}, self.mobilization.count_stages)
        self.recorder.probe("aircraft_lost", lambda: self.air.aircraft_lost)
        for b in self.bridgeheads:
            self.recorder.probe(f"supply_ru_{b.sector.name}", partial(_defender_supply, b.sector))

    def run(self) -> CampaignResult:
        horizon = self.cfg.horizon_days
        for battle in self.battles.values():
            self.env.process(battle.run())
        for side in ("ua", "ru"):
            self.env.process(reserve_commander(self, side))
        self.env.process(replacements(self))
        self.strikes.start()
        self.env.process(self.mobilization.run())
        self.env.process(self.air.run())
        self.env.process(self.ukraine.run())
        self.env.process(self.kremlin.run())
        for b in self.bridgeheads:
            self.env.process(b.run())
            if self.cfg.strikes.launchers > 0:
                self.env.process(self.strikes.crossing_campaign(b.cut))
        self.env.process(self.recorder.daily(math.ceil(horizon)))
        if horizon > 0:
            self.env.run(until=horizon)
        self.recorder.sample()
        return CampaignResult(outcome_row(self), self.recorder.series, self.recorder.trace)


def _front_now(sector: Sector, now: Callable[[], float]) -> float:
    return sector.front_at(now())


def _defender_supply(sector: Sector) -> float:
    return sector.defender_supply


def simulate(cfg: SimConfig, seed: int) -> CampaignResult:
    return World(cfg, seed).run()
