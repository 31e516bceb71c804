"""ISR and long-range strikes: concentrations are seen, launchers and rockets are scarce, strikes kill.

Launchers are a count (`Launchers`: first come, first served when none is free), rockets a stock with a
monthly resupply. Each
concentration of the mobilized pipeline (a convoy on the road, a billet) is watched by ISR from the moment
it forms: its detection time is drawn once from the detection law and, if it comes before the group
moves on, a strike follows after the ISR latency, when a launcher and rockets are free. Launchers are few
and spread along a long front: a detected target no launcher in position reaches waits for one to move up
(`in_range_probability`, growing with the number of launchers), and may be gone by then. Depots and
command posts behind each Russian-held axis are struck periodically (supply and some casualties: the
"front" place), and the bridgehead's river crossings on their own schedule.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Generator
from typing import Any

import simpy

from sim.laws.detection import beta_params, detection_probability, in_range_probability, time_to_detection
from sim.world.forces import Forces, Formation, Group
from sim.world.kernel import Kernel, Process, personnel
from sim.world.theatre import Theatre


class StrikeForce:
    """Ukraine's long-range strikes: launchers, rockets, ISR on concentrations, depots and crossings."""

    name = "strikes"

    def __init__(self, kernel: Kernel, theatre: Theatre, forces: Forces) -> None:
        self.kernel, self.theatre, self.forces = kernel, theatre, forces
        self.cfg, self.isr = kernel.cfg.strikes, kernel.cfg.isr
        env = kernel.env
        self.detect_rng = kernel.streams.get("isr")
        self.effect_rng = kernel.streams.get("strikes")
        self.reach_rng = kernel.streams.get("strikes", "reach")
        self.housing_rng = kernel.streams.get("isr", "housing")
        self.in_range = in_range_probability(self.cfg.launchers, self.cfg.launcher_reach)
        self.depot_supply = dict.fromkeys(theatre.sectors, 1.0)  # Russian supply left on each axis after strikes
        self.able = self.isr.enabled and self.cfg.launchers > 0
        self.launchers = Launchers(env, max(self.cfg.launchers, 1))
        self.rockets = float(self.cfg.munitions)
        self.missions = 0
        self.rockets_fired = 0.0

    def start(self) -> None:
        self.allowed = self.kernel.hooks.may_strike
        if self.cfg.launchers <= 0:
            return
        env = self.kernel.env
        env.process(self.resupply())
        if self.isr.enabled:
            env.process(self.depot_campaign())

    def outcomes(self, row: dict[str, Any]) -> None:
        by_place = self.forces.ledger.losses_by_place
        for place in ("billet", "convoy", "front"):
            row[f"cas_ru_strike_{place}"] = by_place[place]
        row["strike_missions"] = self.missions

    def resupply(self) -> Process:
        while True:
            yield self.kernel.env.timeout(self.cfg.resupply_days)
            if self.cfg.monthly_resupply > 0:
                self.rockets += self.cfg.monthly_resupply

    # ------------------------------------------------------------------------- concentrations
    def watch(self, group: Group, dwell_days: float) -> None:
        """ISR looks at a group that will stay put (or on the road) for `dwell_days`; a group housed in several
        buildings is looked for building by building (`detections`)."""
        if not self.able:
            return
        i = self.isr
        if group.parts > 1:
            for seen in self.detections(group.parts, group.size / group.parts, dwell_days, self.detect_rng):
                self.kernel.env.process(self.strike_group(group, seen + i.latency_days))
            return
        t = time_to_detection(
            group.size, i.base_per_day, i.size_exponent, i.dwell_growth, float(self.detect_rng.exponential())
        )
        if t < dwell_days:
            self.kernel.env.process(self.strike_group(group, t + i.latency_days))

    def detections(self, n: int, size: float, days: float, rng: Any) -> list[float]:
        """When ISR finds each of `n` alike concentrations of `size` staying `days` (those it finds in time):
        how many is one binomial draw, each time a draw of the detection time given it comes within `days`."""
        i = self.isr
        p = detection_probability(size, days, i.base_per_day, i.size_exponent, i.dwell_growth)
        if p <= 0.0:
            return []
        return [
            time_to_detection(
                size, i.base_per_day, i.size_exponent, i.dwell_growth, -math.log1p(-float(rng.random()) * p)
            )
            for _ in range(int(rng.binomial(n, p)))
        ]

    def strike_group(self, group: Group, delay: float) -> Process:
        """A time-sensitive target: struck after the ISR latency if a launcher in position reaches it, a
        reposition later if none does (by then it may have moved on)."""
        yield self.kernel.env.timeout(delay)
        if not group.active:
            return
        self.kernel.log(group.sector or "rear", "detected", "ISR fixes a {} of {:.0f}", group.kind, group.size)
        if self.reach_rng.random() >= self.in_range:
            yield self.kernel.env.timeout(self.cfg.reposition_days)
            if not group.active:
                return
        fired = yield from self.fire()
        if not fired or not group.active:
            return
        mean = self.cfg.share_billet if group.kind == "billet" else self.cfg.share_convoy
        share = float(self.effect_rng.beta(*beta_params(mean, self.cfg.concentration)))
        loss = share * group.size / group.parts  # one building of the group's
        group.size -= loss
        ledger = self.forces.ledger
        ledger.losses[(group.side, "mobilized", "strike")] += loss
        ledger.losses_by_place[group.kind] += loss
        self.kernel.log(group.sector or "rear", f"strike on a {group.kind}", "{:.0f} killed or wounded", loss)

    def watch_housed(self, formation: Formation, billets: int, size: float, days: float) -> None:
        """ISR looks for `billets` billets of `size` soldiers of a deployed formation, housed for `days`: how
        many it finds is one binomial draw, when it finds each a draw of the detection time given that it
        comes within `days` (the formation's billets are alike, so they are watched together)."""
        if not self.able:
            return
        until = self.kernel.env.now + days
        for seen in self.detections(billets, size, days, self.housing_rng):
            self.kernel.env.process(self.strike_housed(formation, size, seen + self.isr.latency_days, until))

    def strike_housed(self, formation: Formation, size: float, delay: float, until: float) -> Process:
        env = self.kernel.env
        yield env.timeout(delay)
        if formation.personnel <= 0.0 or formation.sector not in self.theatre.sectors:
            return
        where = formation.sector
        self.kernel.log(where, "detected", "ISR fixes a billet of {:.0f} ({})", size, formation.name)
        if self.reach_rng.random() >= self.in_range:
            yield env.timeout(self.cfg.reposition_days)
            if env.now >= until or formation.sector != where:  # rotated on, or moved
                return
        fired = yield from self.fire()
        if not fired or formation.personnel <= 0.0:
            return
        share = float(self.effect_rng.beta(*beta_params(self.cfg.share_billet, self.cfg.concentration)))
        loss = self.forces.inflict([formation], share * min(size, formation.personnel), "strike")
        self.forces.ledger.losses_by_place["billet"] += loss
        self.kernel.log(where, "strike on a billet", "{:.0f} killed or wounded ({})", loss, formation.name)

    def fire(self) -> Generator[simpy.Event, Any, bool]:
        """Wait for a launcher, spend rockets, fly the mission; False if no rockets were left or under a freeze."""
        launchers = self.launchers
        wait = launchers.take()
        if wait is not None:
            try:
                yield wait
            except GeneratorExit:  # the campaign was torn down while this strike waited
                launchers.cancel(wait)
                raise
        try:
            if self.rockets < self.cfg.rockets_per_strike or not self.allowed():
                return False
            self.rockets -= self.cfg.rockets_per_strike
            self.rockets_fired += self.cfg.rockets_per_strike
            self.missions += 1
            yield self.kernel.env.timeout(self.cfg.mission_days)
        finally:
            launchers.give_back()
        return True

    # -------------------------------------------------------------------- depots and crossings
    def depot_campaign(self) -> Process:
        """Depots and command posts behind the Russian-held axes; the axis is drawn in proportion to the
        Russian force on it (more troops, more depots to find)."""
        env, forces = self.kernel.env, self.forces
        while True:
            yield env.timeout(float(self.detect_rng.exponential(self.cfg.depot_interval_days)))
            weights = {name: personnel(forces.in_sector("ru", name)) for name in self.theatre.sectors}
            total = math.fsum(weights.values())
            if total <= 0:
                continue
            target = _weighted_pick(weights, float(self.detect_rng.random()) * total)
            fired = yield from self.fire()
            if fired:
                self.hit_depot(target)

    def hit_depot(self, name: str) -> None:
        hit = max(0.0, min(self.cfg.depot_supply_hit, self.depot_supply[name] - self.cfg.depot_supply_floor))
        self.depot_supply[name] -= hit
        self.kernel.supply.set("depots", "ru", name, self.depot_supply[name])
        self.kernel.env.process(self.restore(name, hit))
        share = float(self.effect_rng.beta(*beta_params(self.cfg.share_depot, self.cfg.concentration)))
        formations = self.forces.in_sector("ru", name)
        loss = self.forces.inflict(formations, share * personnel(formations), "strike")
        self.forces.ledger.losses_by_place["front"] += loss
        self.kernel.log(name, "strike on a depot", "supply -{:.0%}, {:.0f} casualties", hit, loss)

    def restore(self, name: str, amount: float) -> Process:
        yield self.kernel.env.timeout(self.cfg.depot_recovery_days)
        self.depot_supply[name] = min(1.0, self.depot_supply[name] + amount)
        self.kernel.supply.set("depots", "ru", name, self.depot_supply[name])

    def crossing_campaign(self, on_hit: Callable[[], None]) -> Process:
        """Strikes on the bridgehead's crossings; `on_hit()` cuts one."""
        env = self.kernel.env
        while True:
            yield env.timeout(float(self.detect_rng.exponential(self.cfg.crossing_interval_days)))
            fired = yield from self.fire()
            if fired and self.effect_rng.random() < self.cfg.crossing_hit_probability:
                on_hit()


def _weighted_pick(weights: dict[str, float], point: float) -> str:
    """The key whose cumulative weight first reaches `point` (a draw uniform on [0, total])."""
    cumulative = 0.0
    for key, weight in weights.items():
        cumulative += weight
        if point <= cumulative:
            return key
    return next(reversed(weights))


class Launchers:
    """A pool of launchers as a count: a free launcher is taken at once, and with none free a strike waits
    first come, first served (what a `simpy.Resource` does, without its request, grant and release events:
    three of a strike mission's five)."""

    def __init__(self, env: simpy.Environment, capacity: int) -> None:
        self.env, self.free = env, capacity
        self.waiting: deque[simpy.Event] = deque()

    def take(self) -> simpy.Event | None:
        """None when a launcher was free and is now taken; else the event that hands one over."""
        if self.free > 0 and not self.waiting:
            self.free -= 1
            return None
        handed = self.env.event()
        self.waiting.append(handed)
        return handed

    def give_back(self) -> None:
        if self.waiting:
            self.waiting.popleft().succeed()  # straight to the first in the queue
        else:
            self.free += 1

    def cancel(self, handed: simpy.Event) -> None:
        """A waiting strike that will not fire: out of the queue, or the launcher handed to it back."""
        if handed in self.waiting:
            self.waiting.remove(handed)
        elif handed.triggered:
            self.give_back()
