"""Theatre reserves moving between sectors, and the steady flow of replacements.

Each side reviews its theatre reserve periodically and sends one formation where it is needed most:
Russia to the sector under the heaviest pressure, Ukraine to where its attack goes best (or where it is
pressed hardest, if Russia is winning somewhere). The move takes a drawn number of days; in transit the
formation fights nowhere but still counts as present.
"""

from __future__ import annotations

from sim.world.battle import Battle
from sim.world.forces import Forces, Formation
from sim.world.kernel import ENEMY, SIDES, Kernel, Process, personnel


class Reserves:
    name = "reserves"

    def __init__(self, kernel: Kernel, forces: Forces, battle: Battle) -> None:
        self.kernel, self.forces, self.battles = kernel, forces, battle.sectors
        self.cfg = kernel.cfg.reserves
        self.appreciations: dict[tuple[str, int], str | None] = {}

    def start(self) -> None:
        for side in SIDES:
            self.kernel.process(self.commander(side))
        self.kernel.process(self.replacements())

    def commander(self, side: str) -> Process:
        env, r = self.kernel.env, self.cfg
        rng = self.kernel.streams.get("reserves", side)
        while True:
            yield env.timeout(r.review_days)
            pool = [
                f
                for f in self.forces.formations
                if f.side == side and f.sector == "theatre" and f.posture == "reserve" and f.personnel > 0.0
            ]
            if not pool:
                continue  # nothing to send: no appreciation needed
            target = self.most_needed_sector(side)
            if target is None:
                continue
            formation = max(pool, key=lambda f: f.personnel)
            formation.sector = None
            days = float(rng.gamma(r.move_shape, r.move_days / r.move_shape))
            self.kernel.log(
                target, "reserve moves", f"{side} reserve {formation.name} sent, {days:.0f} days on the road"
            )
            self.kernel.process(self.arrive(formation, target, days))

    def arrive(self, formation: Formation, sector: str, days: float) -> Process:
        """The formation takes up its place in the sector; arriving soon after an enemy break-in there, it is
        put in to counter-attack it (at the battle's next cycle)."""
        yield self.kernel.env.timeout(days)
        formation.sector = sector
        formation.posture = "attack" if formation.side == "ua" else "defend"
        battle = self.battles[sector]
        broke_in = battle.sector.last_break_in[ENEMY[formation.side]]
        if self.kernel.env.now - broke_in <= self.cfg.counterattack_window_days:
            battle.counter_queue.append(formation)

    def most_needed_sector(self, side: str) -> str | None:
        """The sector where the enemy's power ratio is highest (or, for Ukraine, its own attack's best ratio).

        Staff appreciations are daily: the answer is cached for the day (it is asked for every billet deployed).
        """
        key = (side, int(self.kernel.env.now))
        if key not in self.appreciations:
            if any(k[1] != key[1] for k in self.appreciations):
                self.appreciations.clear()  # a new day
            self.appreciations[key] = self._most_needed(side)
        return self.appreciations[key]

    def _most_needed(self, side: str) -> str | None:
        enemy, may_reinforce = ENEMY[side], self.kernel.hooks.may_reinforce
        pressure = {
            name: battle.ratio(enemy)[0]
            for name, battle in self.battles.items()
            if (battle.may_attack(enemy) or side == "ru") and may_reinforce(side, battle.sector)
        }
        if pressure:
            worst = max(pressure, key=lambda k: pressure[k])
            if side == "ru" or pressure[worst] > 1.0:
                return worst
        if side == "ua":
            chances = {
                name: battle.ratio("ua")[0]
                for name, battle in self.battles.items()
                if battle.sector.cfg.ua_offensive and may_reinforce(side, battle.sector)
            }
            if chances:
                return max(chances, key=lambda k: chances[k])
        return None

    def replacements(self) -> Process:
        """Weekly replacements spread over the regular fighting formations of each side (the mobilized come
        only through the mobilization pipeline, so its accounting stays closed)."""
        env, rep = self.kernel.env, self.kernel.cfg.replacements
        while True:
            yield env.timeout(rep.interval_days)
            for side, per_day in (("ua", rep.ua_per_day), ("ru", rep.ru_per_day)):
                front = [
                    f
                    for f in self.forces.formations
                    if f.side == side
                    and f.kind == "regular"
                    and f.sector not in (None, "theatre")
                    and f.personnel > 0.0
                    and f.posture in ("attack", "defend")
                ]
                total = personnel(front)
                for f in front:
                    self.forces.reinforce(f, rep.interval_days * per_day * f.personnel / total)
