"""The battle on each sector: the engagement cycle and what follows a break.

One SimPy process per sector. Each cycle either waits out a lull or fights one engagement whose
attrition is drawn in one step from the selected Lanchester law. A defender whose cohesion falls below
the break threshold falls back to its next line; with no line in reach it collapses, the attacker
exploits until a river, its objective or its supply reach stops it, the shock cascades to neighbouring
sectors, and the attacker pauses to consolidate, recover abandoned equipment and re-plan. What other
mechanisms add (a freeze, deterrence, air support, strikes on supply) reaches the battle through the
kernel's hooks.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from typing import Any

import simpy

from sim.laws import manoeuvre as law
from sim.laws.lanchester import engagement_losses
from sim.world.forces import Forces, Formation
from sim.world.kernel import DIRECTION, ENEMY, FIGHTING, SIDES, Kernel, Process, mean_cohesion, personnel
from sim.world.recorder import Recorder
from sim.world.theatre import SAME_PLACE_KM, River, Sector, Theatre


class Battle:
    """Every sector's battle: the fronts, the area changing hands, breaks, collapses and recovered equipment."""

    name = "battle"

    def __init__(self, kernel: Kernel, theatre: Theatre, forces: Forces) -> None:
        self.kernel, self.theatre = kernel, theatre
        self.recovered = dict.fromkeys(SIDES, 0.0)  # enemy equipment put back into service, power units
        self.sectors = {name: SectorBattle(kernel, s, forces, self.recovered) for name, s in theatre.sectors.items()}

    def start(self) -> None:
        for battle in self.sectors.values():
            battle.bind(self.kernel.hooks)
            battle.appraise()
            self.kernel.process(battle.run())

    def register_probes(self, recorder: Recorder) -> None:
        env, sectors = self.kernel.env, list(self.theatre.sectors.values())

        def fronts_and_areas() -> list[float]:
            now = env.now
            fronts = [s.front_at(now) for s in sectors]
            areas = [s.area_km2(now) for s in sectors]
            return [*fronts, math.fsum(areas), *areas]

        names = [f"front_km_{s.name}" for s in sectors]
        names.append("area_km2")
        names += [f"area_km2_{s.name}" for s in sectors]  # per axis: the record reports ground by axis
        recorder.probe_row(names, fronts_and_areas)

    def outcomes(self, row: dict[str, Any]) -> None:
        now, sectors = self.kernel.now, self.theatre.sectors.values()
        row["area_km2"] = self.theatre.area_gained()
        for s in sectors:
            row[f"area_km2_{s.name}"] = s.area_km2(now)
            row[f"front_km_{s.name}"] = s.front_at(now)
        row["breakthroughs"] = sum(s.breakthroughs for s in sectors)
        row["collapses"] = sum(s.collapses for s in sectors)
        row["cascades"] = sum(s.cascades for s in sectors)
        row["river_crossings"] = sum(s.river_crossings for s in sectors)
        row["counterattacks"] = sum(s.counterattacks for s in sectors)
        row["counterattacks_won"] = sum(s.counterattacks_won for s in sectors)
        row["sectors_collapsed"] = sum(1 for s in sectors if s.collapses > 0)
        for side in SIDES:
            row[f"equipment_recovered_{side}"] = self.recovered[side]


OVERRUN = (*FIGHTING, "reserve", "garrison")  # who a collapse runs over: everyone on the axis


class SectorBattle:
    def __init__(self, kernel: Kernel, sector: Sector, forces: Forces, recovered: dict[str, float]) -> None:
        self.kernel, self.sector, self.forces, self.recovered = kernel, sector, forces, recovered
        self.cfg = kernel.cfg
        self.combat_rng = kernel.streams.get("combat", sector.name)
        self.move_rng = kernel.streams.get("manoeuvre", sector.name)
        self.counter_queue: list[Formation] = []  # reserves arrived after a break-in, to counter-attack it
        self.power_seen = dict.fromkeys(SIDES, 0.0)  # each side's power here when last appraised
        self.power_at_start = dict.fromkeys(SIDES, 0.0)
        c, m = self.cfg.combat, self.cfg.manoeuvre
        self.power = law.combat_power_law(c.power_training_floor, c.power_supply_floor, c.power_cohesion_floor)
        self.supply_at = law.supply_law(m.supply_reach_km, m.supply_floor)
        self.hold_km = m.holding_km

    # streams many sectors never draw from in a replication, made on first use (a stream is keyed by its
    # name, so its numbers do not depend on when it is made; making one costs tens of microseconds)
    @property
    def counter_rng(self) -> Any:
        return self.kernel.streams.get("counterattack", self.sector.name)

    @property
    def cross_rng(self) -> Any:
        return self.kernel.streams.get("crossing", self.sector.name)

    @property
    def tempo_rng(self) -> Any:
        return self.kernel.streams.get("tempo", self.sector.name)

    def appraise(self) -> None:
        """Each side's combat power on the axis at the start (the reference for what it has lost since)."""
        for side in SIDES:
            power = self.side_power(side, self.forces.in_sector(side, self.sector.name))
            self.power_at_start[side] = self.power_seen[side] = power

    def bind(self, hooks: Any) -> None:
        """Take the hooks once, so that every question on the hot path is a direct call."""
        self.others_allow = hooks.may_attack
        self.threshold_scale = hooks.attack_threshold_scale
        self.advance_scale = hooks.advance_scale
        self.movement_scale = hooks.movement_scale
        self.tempo_scale = hooks.tempo_scale
        self.supply_here = self.kernel.supply.here(self.sector.name)

    # --------------------------------------------------------------------------- what the cycle asks
    def may_attack(self, side: str) -> bool:
        s, now = self.sector, self.kernel.env.now
        if s.closed or now < s.paused_until[side]:
            return False
        front, end = s.front_at(now), s.cfg.max_km if side == "ua" else s.cfg.min_km
        if abs(end - front) < SAME_PLACE_KM:
            return False  # nothing left to take on this axis
        if not (s.cfg.ua_offensive if side == "ua" else s.cfg.ru_offensive):
            return False
        return self.others_allow(side, s)

    def supply(self, side: str) -> float:
        """The side's supply here: Ukraine's falls with distance from its railhead; strikes and cut crossings
        set the rest (`Kernel.supply`)."""
        s, own = self.sector, 1.0
        if side == "ua":
            distance = DIRECTION[side] * (s.front_at(self.kernel.env.now) - s.railhead_km)
            own = self.supply_at(distance)
        return own * self.supply_here[side]

    # ------------------------------------------------------------------------------------ the cycle
    def run(self) -> Process:
        env = self.kernel.env
        while True:
            if self.counter_queue:
                yield from self.arriving_counterattacks()
            attacker = self.choose_attacker()
            if attacker is None:
                days = float(self.combat_rng.exponential(self.cfg.combat.lull_days))
                yield env.timeout(days)
                self.positional(days)
                self.recover(days)
            else:
                yield from self.engage(attacker)
                tempo = self.tempo_scale(attacker, self.sector)
                if tempo < 1.0:  # mud, cold, short days: a lull before the next attack
                    rest = float(self.tempo_rng.exponential(self.cfg.combat.engagement_days * (1.0 / tempo - 1.0)))
                    yield env.timeout(rest)
                    self.positional(rest)
                    self.recover(rest)

    def side_power(self, side: str, formations: list[Formation]) -> float:
        scale = self.supply(side)
        power, total = self.power, 0.0
        for f in formations:  # a plain loop: asked for twice in every cycle of every sector
            total += power(f.personnel, f.equipment, f.training, f.supply * scale, f.cohesion)
        return total

    def ratio(self, attacker: str) -> tuple[float, float]:
        """(power ratio with the defender's fortification, that fortification). A river the attacker stands at
        multiplies the fortification of the line behind it (or of open ground)."""
        s = self.sector
        front = s.front_at(self.kernel.env.now)
        defender = ENEMY[attacker]
        line = s.holding_line(defender, front, self.hold_km)
        fort = line.fortification if line else 1.0
        if s.rivers and s.on_bank(attacker, front) is not None:
            fort *= self.cfg.manoeuvre.river_fortification
        att = self.side_power(attacker, self.forces.in_sector(attacker, self.sector.name))
        dfn = self.side_power(defender, self.forces.in_sector(defender, self.sector.name))
        seen = self.power_seen
        seen[attacker], seen[defender] = att, dfn
        return law.power_ratio(att, dfn, fort), fort

    def choose_attacker(self) -> str | None:
        c = self.cfg.combat
        for side, threshold in (("ua", c.attack_threshold), ("ru", c.ru_attack_threshold)):
            if not self.may_attack(side):
                continue
            ratio = self.ratio(side)[0]
            # the deterrence scale is >= 1 (non-negative weights and signal), so a ratio below the bare
            # threshold decides without computing it
            if ratio >= threshold and ratio >= threshold * self.threshold_scale(side, self.sector):
                return side
        return None

    def positional(self, days: float) -> None:
        """Shelling and raids while nobody attacks: both sides bleed at a fraction of an attack's rate."""
        forces, s = self.forces, self.sector
        ua, ru = forces.in_sector("ua", s.name), forces.in_sector("ru", s.name)
        if not ua or not ru:
            return
        line = s.holding_line("ru", s.front_at(self.kernel.env.now), self.hold_km)
        self.fight(
            "ua",
            ua,
            ru,
            line.fortification if line else 1.0,
            days,
            intensity=self.cfg.combat.positional_intensity,
            exposure=1.0,
        )

    def recover(self, days: float) -> None:
        m = self.cfg.manoeuvre
        gain, cap = m.cohesion_recovery * days, m.recovery_cohesion_cap
        forces, name = self.forces, self.sector.name
        for f in (*forces.at("ua", name), *forces.at("ru", name)):
            if f.cohesion < cap:
                f.cohesion = min(cap, f.cohesion + gain)

    # ------------------------------------------------------------------------------- one engagement
    def engage(self, attacker: str) -> Process:
        env, s, c, m = self.kernel.env, self.sector, self.cfg.combat, self.cfg.manoeuvre
        forces = self.forces
        defender, d = ENEMY[attacker], DIRECTION[attacker]
        front = s.front_at(env.now)
        river = s.river_ahead(attacker, front)
        if river is not None and d * (river.at_km - front) <= SAME_PLACE_KM:
            yield from self.cross(attacker, river)
            return
        att = forces.in_sector(attacker, s.name)
        dfn = forces.in_sector(defender, s.name)
        if attacker == "ua":
            s.last_ua_attack = env.now
        if not dfn:
            yield from self.unopposed(attacker)
            return
        ratio, fort = self.ratio(attacker)
        days = float(self.combat_rng.gamma(c.engagement_shape, c.engagement_days / c.engagement_shape))
        days *= law.decision_scale(ratio, c.quick_ratio, c.quick_floor)  # overwhelming odds decide sooner
        x, y = personnel(att), personnel(dfn)
        lx, ly = self.fight(attacker, att, dfn, fort, days)

        dist = law.advance_km(
            ratio, days, m.advance_km_day, m.advance_spread, float(self.move_rng.standard_normal()), m.advance_ratio_cap
        ) * self.advance_scale(attacker, s)
        line = s.holding_line(defender, front, self.hold_km)
        if line is not None:
            dist = min(dist, max(d * (line.at_km - front), 0.0))
        if river is not None:
            dist = min(dist, d * (river.at_km - front))
        s.move(env.now, front + d * dist, days)
        yield env.timeout(days)
        front = s.front_at(env.now)

        flank = any(d * (nb.front_at(env.now) - front) > m.flank_gap_km for nb in s.neighbours)
        shock = law.cohesion_loss(
            ly / max(y, 1.0), ratio, flank, m.cohesion_per_loss, m.cohesion_per_ratio, m.flank_cohesion
        )
        for f in dfn:
            f.cohesion = max(0.0, f.cohesion - shock)
        for f in att:
            f.cohesion = max(0.0, f.cohesion - m.attacker_cohesion_factor * m.cohesion_per_loss * lx / max(x, 1.0))

        dfn = forces.in_sector(defender, s.name)
        if mean_cohesion(dfn) < m.break_cohesion:
            yield from self.defender_breaks(attacker)
            return
        att = forces.in_sector(attacker, s.name)
        if attacker == "ua":
            if d * (front - s.objective_km) >= -SAME_PLACE_KM:
                self.start_pause(attacker, "objective reached")
            elif mean_cohesion(att) < m.culmination_cohesion or self.ratio(attacker)[0] < c.culmination_ratio:
                self.start_pause(attacker, "attack culminated")

    def cross(self, attacker: str, river: River) -> Process:
        """Force the river the attacker stands at: a crossing of drawn duration (mean `crossing_days`), fought
        against whoever holds the far bank with the river adding to the defence; then the front is over."""
        env, s, c, m = self.kernel.env, self.sector, self.cfg.combat, self.cfg.manoeuvre
        forces, defender = self.forces, ENEMY[attacker]
        shape = c.engagement_shape
        days = float(self.cross_rng.gamma(shape, river.crossing_days / shape)) if river.crossing_days > 0 else 0.0
        days /= self.movement_scale(attacker, s)
        att, dfn = forces.in_sector(attacker, s.name), forces.in_sector(defender, s.name)
        name = river.name or "river"
        opposed = "against " + defender if dfn else "unopposed"
        self.kernel.log(s.name, "river crossing", f"{attacker} forces the {name} ({opposed}): {days:.1f} days")
        if attacker == "ua":
            s.last_ua_attack = env.now
        shock = 0.0
        if att and dfn and days > 0:
            ratio, fort = self.ratio(attacker)
            y = personnel(dfn)
            _, ly = self.fight(attacker, att, dfn, fort, days)
            shock = law.cohesion_loss(ly / max(y, 1.0), ratio, False, m.cohesion_per_loss, m.cohesion_per_ratio, 0.0)
        yield env.timeout(days)
        s.cross_river(river.at_km)
        s.river_crossings += 1
        s.move(env.now, river.at_km, 0.0)
        for f in dfn:
            f.cohesion = max(0.0, f.cohesion - shock)
        self.kernel.log(s.name, "river crossed", f"{attacker} holds the far bank of the {name} after {days:.1f} days")
        if dfn and mean_cohesion(forces.in_sector(defender, s.name)) < m.break_cohesion:
            yield from self.defender_breaks(attacker)

    def fight(
        self,
        attacker: str,
        att: list[Formation],
        dfn: list[Formation],
        fort: float,
        days: float,
        *,
        intensity: float = 1.0,
        exposure: float | None = None,
    ) -> tuple[float, float]:
        """Draws the losses of (attacker, defender) over an engagement in one step and inflicts them; returns them.

        Each side's losses are spread over its formations by strength times vulnerability (the untrained die
        more), the same vulnerabilities that set the enemy's effective kill rate.
        """
        c = self.cfg.combat
        x, power_x, exposed_x, v_att = self.engaged(attacker, att)
        y, power_y, exposed_y, v_dfn = self.engaged(ENEMY[attacker], dfn)
        eff_x = power_x / x if x > 0 else 0.0
        eff_y = power_y / y if y > 0 else 0.0
        vx, vy = exposed_x / max(x, 1.0), exposed_y / max(y, 1.0)  # mean vulnerability of each side
        rng = self.combat_rng
        luck_y = rng.standard_normal()  # two scalar draws: the numbers of one size-2 draw, at half its cost
        luck_x = rng.standard_normal()
        a = (
            intensity
            * c.kill_rate
            * eff_y
            * (c.attacker_exposure if exposure is None else exposure)
            * vx
            * law.lognormal_factor(c.engagement_spread, luck_y)
        )
        b = intensity * c.kill_rate * eff_x / fort * vy * law.lognormal_factor(c.engagement_spread, luck_x)
        if c.law == "linear":
            a, b = a / c.linear_reference, b / c.linear_reference
        lx, ly = engagement_losses(
            c.engaged_share * x,
            c.engaged_share * y,
            a=a,
            b=b,
            law=c.law,
            days=days,
            rng=self.combat_rng,
            dispersion=c.dispersion,
            helmbold_weight=c.helmbold_weight,
        )
        self.forces.inflict(att, lx, "combat", v_att)
        self.forces.inflict(dfn, ly, "combat", v_dfn)
        return lx, ly

    def engaged(self, side: str, formations: list[Formation]) -> tuple[float, float, float, list[float]]:
        """One side in a fight, in one pass: (personnel, combat power, vulnerability-weighted personnel,
        each formation's vulnerability: its training, and its armour when short of heavy equipment). A fight is
        the model's most frequent step, hence one loop."""
        scale = self.supply(side)
        factor, unarmoured = self.cfg.combat.mobilized_vulnerability, self.cfg.combat.unarmoured_vulnerability
        power, vulnerability, armour = self.power, law.vulnerability, law.armour_exposure
        total = fire = exposed = 0.0
        vs = []
        for f in formations:
            n = f.personnel
            v = vulnerability(f.training, factor)
            if f.heavy < 1.0:  # short of armour and artillery: more exposed (regular formations have it all)
                v *= armour(f.heavy, unarmoured)
            total += n
            fire += power(n, f.equipment, f.training, f.supply * scale, f.cohesion)
            exposed += v * n
            vs.append(v)
        return total, fire, exposed, vs

    # --------------------------------------------------------------------------- break and collapse
    def defender_breaks(self, attacker: str) -> Process:
        env, s, m = self.kernel.env, self.sector, self.cfg.manoeuvre
        defender, d = ENEMY[attacker], DIRECTION[attacker]
        front = s.front_at(env.now)
        s.breakthroughs += 1
        s.last_break_in[attacker] = env.now
        held = s.holding_line(defender, front, self.hold_km)
        beyond = held.at_km if held is not None else front
        nxt = s.next_line(defender, beyond)
        if nxt is None or d * (nxt.at_km - front) > m.line_reach_km:
            self.kernel.log(s.name, "line broken", f"{defender} has no line in reach")
            local = self.forces.in_sector(defender, s.name, ("reserve",))
            sealed = (yield from self.counterattack(attacker, local)) if local else False
            if sealed:  # the local reserve restored the position: no collapse
                for f in self.forces.in_sector(defender, s.name):
                    f.cohesion = max(f.cohesion, m.rally_cohesion)
                self.kernel.log(s.name, "break-in sealed", f"{defender} local reserve restores the line")
                return
            yield from self.collapse(attacker)
            return
        target = nxt.at_km
        river = s.river_ahead(attacker, front)
        if river is not None and d * (river.at_km - target) < 0:
            target = river.at_km
        self.kernel.log(s.name, "line broken", f"{defender} falls back to the line at {target:.0f} km")
        speed = m.fallback_speed_share * m.exploit_km_day * self.movement_scale(defender, s)
        duration = abs(target - front) / speed
        s.move(env.now, target, duration)
        yield env.timeout(duration)
        s.drop_lines_behind(defender, s.front_at(env.now))
        for f in self.forces.in_sector(defender, s.name):
            f.cohesion = max(f.cohesion, m.rally_cohesion)
        yield from self.counterattack(attacker, self.forces.in_sector(defender, s.name, ("reserve",)))

    def collapse(self, attacker: str) -> Process:
        env, s, m = self.kernel.env, self.sector, self.cfg.manoeuvre
        forces = self.forces
        defender = ENEMY[attacker]
        front = s.front_at(env.now)
        s.collapses += 1
        if any(env.now - nb.last_collapse <= m.cascade_window_days for nb in s.neighbours):
            s.cascades += 1
        s.last_collapse = env.now
        s.collapsing = True
        # everyone of the defender on the axis is overrun, the garrison "extras" included
        routed = forces.in_sector(defender, s.name, OVERRUN)
        forces.inflict(routed, m.captured_share * personnel(routed), "captured")
        for f in routed:
            lost = f.equipment * m.abandoned_share
            s.abandoned_power += lost * f.personnel
            f.equipment -= lost
        for nb in s.neighbours:
            for f in forces.in_sector(defender, nb.name):
                f.cohesion = max(0.0, f.cohesion - m.cascade_shock)
            self.kernel.log(nb.name, "cascade", f"collapse in {s.name} shakes the {defender} defence")
        stop, reason = self.exploitation_limit(attacker, front)
        self.kernel.log(s.name, "collapse", f"{defender} collapses; {attacker} exploits to {stop:.0f} km ({reason})")
        speed = m.exploit_km_day * law.lognormal_factor(m.exploit_spread, float(self.move_rng.standard_normal()))
        speed *= self.movement_scale(attacker, s)
        duration = abs(stop - front) / speed
        s.move(env.now, stop, duration)
        yield env.timeout(duration)
        s.collapsing = False
        s.drop_lines_behind(defender, stop)
        for f in forces.in_sector(defender, s.name, OVERRUN):
            f.cohesion = max(f.cohesion, m.collapse_rally_share * m.rally_cohesion)
            if f.posture != "garrison":  # the extras stay extras
                f.posture = "defend"
        self.start_pause(attacker, reason)

    def unopposed(self, attacker: str) -> Process:
        """Nobody holds the axis: the attacker moves up to its next limit without a fight (not a collapse)."""
        env, s, m = self.kernel.env, self.sector, self.cfg.manoeuvre
        front = s.front_at(env.now)
        stop, reason = self.exploitation_limit(attacker, front)
        if abs(stop - front) < SAME_PLACE_KM:
            s.closed = True  # nothing left to take on this axis
            return
        duration = abs(stop - front) / (m.exploit_km_day * self.movement_scale(attacker, s))
        self.kernel.log(s.name, "unopposed advance", f"{attacker} moves up to {stop:.0f} km ({reason})")
        s.move(env.now, stop, duration)
        yield env.timeout(duration)
        self.start_pause(attacker, reason)

    def exploitation_limit(self, attacker: str, front: float) -> tuple[float, str]:
        """Where exploitation stops: the nearest river, objective, supply limit, rallying line or track end."""
        s, m, d = self.sector, self.cfg.manoeuvre, DIRECTION[attacker]
        end = s.cfg.max_km if d > 0 else s.cfg.min_km
        candidates = [(d * (end - front), end, "end of the axis")]
        river = s.river_ahead(attacker, front)
        if river is not None:
            at = river.at_km if d * (river.at_km - front) > 0 else front
            candidates.append((d * (at - front), at, f"river {river.name}".strip()))
        if attacker == "ua":
            if d * (s.objective_km - front) > SAME_PLACE_KM:
                candidates.append((d * (s.objective_km - front), s.objective_km, "objective"))
            supply_limit = s.railhead_km + m.supply_reach_km
            candidates.append((max(supply_limit - front, 0.0), max(supply_limit, front), "supply reach"))
        rally = s.next_line(ENEMY[attacker], front)
        if rally is not None:
            candidates.append((d * (rally.at_km - front), rally.at_km, "a rear line"))
        _, stop, reason = min(candidates)
        return stop, reason

    def counterattack(self, attacker: str, reserves: list[Formation]) -> Generator[simpy.Event, Any, bool]:
        """The defender's reserves (the local one after a break-in, or one arriving soon after) may counter-attack
        the attacker's break-in (`reserves.counterattack_probability`): they win ground back (odds growing with
        their power ratio against the attacker, even at `counterattack_ratio`) or are repulsed and bleed.
        Returns whether it succeeded."""
        env, s, r = self.kernel.env, self.sector, self.cfg.reserves
        forces = self.forces
        defender, d = ENEMY[attacker], DIRECTION[attacker]
        reserves = [f for f in reserves if f.personnel > 0.0 and f.sector == s.name]
        if not reserves or self.counter_rng.random() >= r.counterattack_probability:
            return False
        att = forces.in_sector(attacker, s.name)
        ratio = self.side_power(defender, reserves) / max(self.side_power(attacker, att), 1e-9)
        success = self.counter_rng.random() < law.counterattack_success(
            ratio, r.counterattack_ratio, r.counterattack_steepness
        )
        days = r.counterattack_days
        self.fight(defender, reserves, att, 1.0, days)
        s.counterattacks += 1
        for f in reserves:
            if f.posture == "reserve":
                f.posture = "defend"
        front = s.front_at(env.now)
        if success:
            s.counterattacks_won += 1
            s.move(env.now, front - d * r.counterattack_km, days)
            for f in att:
                f.cohesion = max(0.0, f.cohesion - r.counterattack_shock)
        self.kernel.log(
            s.name,
            "counter-attack",
            f"{defender} {'reserve' if len(reserves) == 1 else 'reserves'} ({personnel(reserves):.0f}) counter-attack"
            f" at odds {ratio:.2f}: " + ("ground retaken" if success else "repulsed"),
        )
        yield env.timeout(days)
        return success

    def arriving_counterattacks(self) -> Process:
        """Reserves that arrived soon after an enemy break-in here counter-attack it, if it is still recent."""
        queue, self.counter_queue = self.counter_queue, []
        window, now = self.cfg.reserves.counterattack_window_days, self.kernel.env.now
        for side in SIDES:
            attacker = ENEMY[side]
            arrived = [f for f in queue if f.side == side]
            if arrived and now - self.sector.last_break_in[attacker] <= window:
                yield from self.counterattack(attacker, arrived)

    # ---------------------------------------------------------------------------- operational pause
    def start_pause(self, side: str, reason: str) -> None:
        m = self.cfg.manoeuvre
        days = float(self.move_rng.gamma(m.pause_shape, m.pause_days / m.pause_shape))
        self.sector.paused_until[side] = self.kernel.env.now + days
        self.kernel.log(self.sector.name, "operational pause", f"{side} pauses {days:.0f} days ({reason})")
        self.kernel.env.process(self.end_pause(side, days))

    def end_pause(self, side: str, days: float) -> Process:
        yield self.kernel.env.timeout(days)
        s, m = self.sector, self.cfg.manoeuvre
        forces = self.forces.in_sector(side, s.name)
        total = personnel(forces)
        recovered = m.recovery_share * s.abandoned_power
        s.abandoned_power = 0.0
        for f in forces:
            if total > 0:
                f.equipment = min(m.max_equipment, f.equipment + recovered / total)
            f.cohesion = max(f.cohesion, m.pause_cohesion)
        self.recovered[side] += recovered if total > 0 else 0.0
        front = s.front_at(self.kernel.env.now)
        d = DIRECTION[side]
        if side == "ua":
            s.railhead_km = min(s.railhead_km + m.railhead_step_km, front)
            if d * (front - s.objective_km) >= -SAME_PLACE_KM:
                s.objective_km = min(front + s.cfg.objective_step_km, s.cfg.max_km)
        self.kernel.log(s.name, "re-plan", f"{side} resumes; recovered {recovered:.0f} power units of equipment")
