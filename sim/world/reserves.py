"""Theatre reserves moving between sectors, and the steady flow of replacements.

Each side reviews its theatre reserve periodically and sends one formation where it is needed most:
Russia to the sector under the heaviest pressure, Ukraine to where its attack goes best (or where it is
pressed hardest, if Russia is winning somewhere). The move takes a drawn number of days; in transit the
formation fights nowhere but still counts as present.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.world.forces import Formation
from sim.world.front import Process, personnel

if TYPE_CHECKING:
    from sim.world.campaign import World


def reserve_commander(world: World, side: str) -> Process:
    env, r = world.env, world.cfg.reserves
    rng = world.streams.get("reserves", side)
    while True:
        yield env.timeout(r.review_days)
        pool = [
            f
            for f in world.forces.formations
            if f.side == side and f.sector == "theatre" and f.posture == "reserve" and f.personnel > 0.0
        ]
        if not pool:
            continue  # nothing to send: no appreciation needed
        target = most_needed_sector(world, side)
        if target is None:
            continue
        formation = max(pool, key=lambda f: f.personnel)
        formation.sector = None
        days = float(rng.gamma(4.0, r.move_days / 4.0))
        world.log(target, "reserve moves", f"{side} reserve {formation.name} sent, {days:.0f} days on the road")
        env.process(arrive(world, formation, target, days))


def arrive(world: World, formation: Formation, sector: str, days: float) -> Process:
    yield world.env.timeout(days)
    formation.sector = sector
    formation.posture = "attack" if formation.side == "ua" else "defend"


def most_needed_sector(world: World, side: str) -> str | None:
    """The sector where the enemy's power ratio is highest (or, for Ukraine, its own attack's best ratio).

    Staff appreciations are daily: the answer is cached for the day (it is asked for every billet deployed).
    """
    key = (side, int(world.env.now))
    if key not in world.appreciations:
        if any(k[1] != key[1] for k in world.appreciations):
            world.appreciations.clear()  # a new day
        world.appreciations[key] = _most_needed(world, side)
    return world.appreciations[key]


def _most_needed(world: World, side: str) -> str | None:
    enemy = "ru" if side == "ua" else "ua"
    pressure = {
        name: battle.ratio(enemy)[0]
        for name, battle in world.battles.items()
        if world.may_attack(enemy, battle.sector) or side == "ru"
    }
    if pressure:
        worst = max(pressure, key=lambda k: pressure[k])
        if side == "ru" or pressure[worst] > 1.0:
            return worst
    if side == "ua":
        chances = {
            name: battle.ratio("ua")[0] for name, battle in world.battles.items() if battle.sector.cfg.ua_offensive
        }
        if chances:
            return max(chances, key=lambda k: chances[k])
    return None


def replacements(world: World) -> Process:
    """Weekly replacements spread over the regular fighting formations of each side (the mobilized come
    only through the mobilization pipeline, so its accounting stays closed)."""
    env, rep = world.env, world.cfg.replacements
    while True:
        yield env.timeout(7.0)
        for side, per_day in (("ua", rep.ua_per_day), ("ru", rep.ru_per_day)):
            front = [
                f
                for f in world.forces.formations
                if f.side == side
                and f.kind == "regular"
                and f.sector not in (None, "theatre")
                and f.personnel > 0.0
                and f.posture in ("attack", "defend")
            ]
            total = personnel(front)
            for f in front:
                world.forces.reinforce(f, 7.0 * per_day * f.personnel / total)
