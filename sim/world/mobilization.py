"""The mobilized pipeline and the Kremlin's choice between garrison and commit.

Call-up in waves (at a date, or decreed `trigger_delay_days` after territory lost passes a threshold, the
Kremlin's response to the offensive) -> training, which the Kremlin cuts short once it commits -> equipment
issue (a share equipped) -> convoys on the road (trucks or rail) -> billets in large groups -> deployment:
`garrison` (extras in the annexed areas, no combat role) or `commit` (defence of the threatened sectors).
Convoys and billets are concentrations that ISR watches, and so are the billets the deployed units are
housed in afterwards: units at the front rotate through rear billets, garrisons live in them. Training and
kit set the deployed units' combat power and their vulnerability in combat.
"""

from __future__ import annotations

import math
from typing import Any

from sim.laws.manoeuvre import heavy_power
from sim.world.forces import Forces, Formation, Group
from sim.world.kernel import Kernel, Process, personnel
from sim.world.recorder import Recorder
from sim.world.reserves import Reserves
from sim.world.strikes import StrikeForce
from sim.world.theatre import Theatre


class Mobilization:
    name = "mobilization"

    def __init__(
        self, kernel: Kernel, theatre: Theatre, forces: Forces, strikes: StrikeForce, reserves: Reserves
    ) -> None:
        self.kernel, self.theatre, self.forces, self.strikes, self.reserves = kernel, theatre, forces, strikes, reserves
        self.cfg = kernel.cfg.mobilization
        self.rng = kernel.streams.get("mobilization")
        self.called = 0.0
        self.in_training = 0.0
        self.committed = 0.0  # personnel sent into combat, cumulative
        self.policy = self.cfg.policy
        self.commit_day: float | None = None
        self.commit_event = kernel.env.event()
        self.call_day: float | None = None
        self.forming: dict[int, list[Any]] = {}  # per wave, the unit forming: [sector, posture, soldiers so far]
        self.units: dict[tuple[int, str, str], Formation] = {}  # the formation each (wave, sector, posture) joins
        sectors = theatre.sectors  # where the garrison goes: the annexed sectors (any sector if none is)
        self.garrison_candidates = [n for n, s in sectors.items() if s.cfg.annexed] or list(sectors)
        if self.policy == "commit":
            self.commit_day = 0.0
            self.commit_event.succeed()

    def start(self) -> None:
        self.kernel.process(self.run())
        if self.cfg.enabled and self.cfg.called_up > 0:
            self.kernel.process(self.housing())

    def register_probes(self, recorder: Recorder) -> None:
        recorder.probe_group({f"mobilized_{stage}": stage for stage in STAGES}, self.count_stages)

    def outcomes(self, row: dict[str, Any]) -> None:
        called = self.call_day is not None and self.call_day <= self.kernel.env.now
        row["call_up_day"] = self.call_day if called else math.nan
        row["mobilized_called"] = self.called
        row["mobilized_committed"] = self.committed
        row["commit_day"] = math.nan if self.commit_day is None else self.commit_day
        stages = self.count_stages()
        row["mobilized_in_training"] = stages["training"]
        row["mobilized_in_pipeline"] = stages["convoy"] + stages["billet"]
        row["mobilized_deployed"] = stages["garrison"] + stages["combat"]

    def mass(self) -> float:
        """The mobilized Russia has: in training, and in the theatre (in groups on the way, or deployed)."""
        forces = self.forces
        in_theatre = personnel(f for f in forces.formations if f.kind == "mobilized") + math.fsum(
            g.size for g in forces.groups if g.active
        )
        return self.in_training + in_theatre

    # --------------------------------------------------------------------------------- the call-up
    def run(self) -> Process:
        if not self.cfg.enabled or self.cfg.called_up <= 0:
            return
        env = self.kernel.env
        if self.cfg.trigger == "date":
            self.call_day = self.cfg.start_day
        else:  # the Kremlin's response to territory lost ("this offensive precipitated Russia to mobilize")
            while self.theatre.russian_area_lost() < self.cfg.trigger_area_km2:
                yield env.timeout(1.0)
            self.call_day = env.now + self.cfg.trigger_delay_days
            lost = self.theatre.russian_area_lost()
            self.kernel.log(
                "theatre", "mobilization", f"{lost:.0f} km2 lost: call-up decreed for day {self.call_day:.0f}"
            )
        per_wave = self.cfg.called_up / self.cfg.waves
        for wave in range(self.cfg.waves):
            env.process(self.wave(wave, per_wave, self.call_day + wave * self.cfg.wave_interval_days))

    def wave(self, wave: int, size: float, call_day: float) -> Process:
        env, c = self.kernel.env, self.cfg
        if call_day > env.now:
            yield env.timeout(call_day - env.now)
        self.called += size
        self.in_training += size
        train_end = call_day + c.training_days
        if self.commit_event.triggered:
            train_end = min(train_end, max(call_day, env.now) + c.commit_training_days)
        if train_end > env.now:
            done = env.timeout(train_end - env.now)
            if self.commit_event.triggered:
                yield done
            else:
                yield done | self.commit_event
            if not done.processed:  # the Kremlin committed mid-training: cut it short
                cut_end = min(train_end, env.now + c.commit_training_days)
                yield env.timeout(cut_end - env.now)
        trained = min(1.0, max(0.0, env.now - call_day) / c.training_at_full)
        # personal kit (a share equipped) times what the heavy weapons they lack take off ("mostly troops in
        # trucks, not ... armoured vehicles, artillery"): the unit's combat power per soldier
        personal = c.equipped_share + (1.0 - c.equipped_share) * c.unequipped_equipment
        kit = personal * heavy_power(c.heavy_share, self.kernel.cfg.combat.heavy_weight)
        group_size = c.convoy_size if c.transport == "trucks" else c.rail_group_size
        travel = c.travel_days if c.transport == "trucks" else c.rail_travel_days
        exposed = travel if c.transport == "trucks" else travel * c.rail_exposed_share  # trains run out of reach
        n = max(1, math.ceil(size / group_size))
        for _ in range(n):
            depart = c.departure_days * float(self.rng.random())  # convoys leave over a few days
            self.convoy(wave, size / n, trained, kit, depart, travel, exposed)

    # ------------------------------------------------------------------------ on the road and billeted
    def convoy(
        self, wave: int, size: float, trained: float, kit: float, depart: float, travel: float, exposed: float
    ) -> None:
        """On the road `travel` days, `exposed` of them within reach of ISR and strikes (all of them by truck;
        by rail only the run-in to the railhead and the unloading), then housed in billets.

        Three timed steps chained by callbacks rather than a SimPy process: a convoy waits and never
        interacts, and a process would cost two more events (its start and its end) for each of hundreds
        of convoys a replication."""
        env, forces, c = self.kernel.env, self.forces, self.cfg

        def departs(_: object) -> None:  # waiting for transport still counted as training (at the ground)
            self.in_training -= size
            group = forces.form_group("convoy", size, "ru")
            self.strikes.watch(group, exposed)
            env.timeout(travel).callbacks.append(lambda _: arrives(group))

        def arrives(group: Group) -> None:
            # housed in billets of at most billet_size (a convoy larger than a building is split between several)
            parts = max(1, math.ceil(size / c.billet_size - 1e-9))
            billets = forces.regroup(group, "billet", parts=parts)
            dwell = float(self.rng.gamma(c.billet_shape, c.billet_days / c.billet_shape))
            self.strikes.watch(billets, dwell)
            env.timeout(dwell).callbacks.append(lambda _: self.deploy(wave, billets, trained, kit))

        env.timeout(depart).callbacks.append(departs)

    def deploy(self, wave: int, group: Group, trained: float, kit: float) -> None:
        """The billet joins the unit its wave is forming: units of `unit_size` go whole to one sector, chosen
        when the unit starts forming (a new one when the policy changed or the sector can take no more)."""
        c, forming = self.cfg, self.forming.get(wave)
        wanted = "defend" if self.policy == "commit" else "garrison"
        if (
            forming is None
            or forming[2] >= c.unit_size
            or forming[1] != wanted
            or not self.kernel.hooks.may_reinforce("ru", self.theatre.sectors[forming[0]])
        ):
            if self.policy == "commit":
                target = self.reserves.most_needed_sector("ru") or self.garrison_sector()
            else:
                target = self.garrison_sector()
            forming = self.forming[wave] = [target, wanted, 0.0]
        sector, posture = forming[0], forming[1]
        forming[2] += group.size
        if posture == "defend":
            self.committed += group.size
        key = (wave, sector, posture)
        unit = self.units.get(key)
        if unit is None or unit.sector != sector or unit.posture != posture:  # none yet, or it was moved on
            name = f"ru_mobilized_w{wave + 1}_{sector}_{posture}"
            unit = self.units[key] = Formation(
                name, "ru", sector, "mobilized", 0.0, kit, trained, self.cfg.cohesion, 1.0, posture, c.heavy_share
            )
        total = unit.personnel + group.size
        if total > 0:
            w = group.size / total
            unit.training += w * (trained - unit.training)
            unit.equipment += w * (kit - unit.equipment)
            unit.cohesion += w * (self.cfg.cohesion - unit.cohesion)
        self.forces.join(group, unit)
        self.kernel.log(sector, "mobilized deployed", "{:.0f} to {} (trained {:.0%})", group.size, posture, trained)

    def housing(self) -> Process:
        """Deployed mobilized are housed: every `rotation_days`, a share of each unit at the front
        (`rotation_share`) rotates into rear billets behind it, and a share of each garrison
        (`garrison_housed_share`) lives in billets within reach of strikes; ISR watches those billets of
        `billet_size` for the period, as it watches the pipeline's (Makiivka, 1 Jan 2023)."""
        env, c, sectors = self.kernel.env, self.cfg, self.theatre.sectors
        while True:
            yield env.timeout(c.rotation_days)
            for f in self.units.values():
                if f.personnel <= 0.0 or f.sector not in sectors:
                    continue
                housed = f.personnel * (c.garrison_housed_share if f.posture == "garrison" else c.rotation_share)
                if housed > 0.0:
                    n = max(1, math.ceil(housed / c.billet_size - 1e-9))
                    self.strikes.watch_housed(f, n, housed / n, c.rotation_days)

    def garrison_sector(self) -> str:
        """The annexed sector with the fewest Russian troops per km of front (among those that can take more:
        not a bridgehead whose crossings supply no more)."""
        at, sectors, may_reinforce = self.forces.at, self.theatre.sectors, self.kernel.hooks.may_reinforce

        def density(name: str) -> float:
            return personnel(at("ru", name)) / sectors[name].width_km

        open_ = [name for name in self.garrison_candidates if may_reinforce("ru", sectors[name])]
        return min(open_ or self.garrison_candidates, key=density)

    # --------------------------------------------------------------------------------- the switch
    def commit(self, reason: str) -> None:
        """The Kremlin moves the mobilized from extras into combat."""
        if self.policy == "commit" and self.commit_event.triggered:
            return
        self.policy = "commit"
        self.commit_day = self.kernel.env.now
        if not self.commit_event.triggered:
            self.commit_event.succeed()
        move_days = self.kernel.cfg.reserves.move_days
        for f in list(self.forces.formations):
            if f.kind == "mobilized" and f.posture == "garrison" and f.personnel > 0:
                self.committed += f.personnel
                target = self.reserves.most_needed_sector("ru") or f.sector
                if target == f.sector or target is None:
                    f.posture = "defend"
                else:
                    f.sector, f.posture = None, "reserve"
                    self.kernel.env.process(self.reserves.arrive(f, target, move_days))
        self.kernel.log("theatre", "mobilized committed", reason)

    # --------------------------------------------------------------------------------- stage counts
    def count_stages(self) -> dict[str, float]:
        """Soldiers at each stage now (one pass over the groups and formations)."""
        forces = self.forces
        counts = dict.fromkeys(STAGES, 0.0)
        counts["training"] = self.in_training
        for g in forces.groups:
            if g.active:
                counts[g.kind] += g.size
        for f in forces.formations:
            if f.kind == "mobilized":
                counts["garrison" if f.posture == "garrison" else "combat"] += f.personnel
        counts["lost"] = forces.ledger.lost("ru", kind="mobilized")
        return counts


STAGES = ("training", "convoy", "billet", "garrison", "combat", "lost")
