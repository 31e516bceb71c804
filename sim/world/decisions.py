"""Decisions: Ukraine continues, pauses or halts; the Kremlin annexes and switches garrison to commit.

Ukraine's resolve and Western support are updated at each decision point from the ground gained, the
casualties suffered and the deterrence signal (annexation, mobilized mass, escalation threat, all times
the threat's credibility). The part of the decline owed to deterrence is tracked, so a halt can be
attributed: it is a deterrence halt if Ukraine would not have halted without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.laws import resolve as law
from sim.world.front import Process

if TYPE_CHECKING:
    from sim.world.campaign import World

MOBILIZED_REFERENCE = 300000.0  # the mobilized mass is measured against the announced call-up


class Ukraine:
    def __init__(self, world: World) -> None:
        self.world = world
        self.cfg = world.cfg.decisions
        self.rng = world.streams.get("decisions")
        self.resolve, self.support = self.cfg.resolve, self.cfg.support
        self.deterred_resolve = 0.0  # resolve lost to deterrence so far (before clamping)
        self.deterred_support = 0.0
        self.halt_day: float | None = None
        self.halt_cause: str | None = None
        self.paused_until = -1.0
        self.decisions = {"continue": 0, "pause": 0, "halt": 0}

    def attacking(self) -> bool:
        return self.halt_day is None and self.world.env.now >= self.paused_until

    def deterrence(self) -> float:
        c, w = self.cfg, self.world
        annexed = w.env.now >= c.annexation_day
        mass = w.mobilization.in_training + w.russian_mobilized_in_theatre()
        return law.deterrence_signal(
            annexed, mass / MOBILIZED_REFERENCE, c.escalation_threat, c.credibility, c.annexation_weight, c.mass_weight
        )

    def run(self) -> Process:
        env, c = self.world.env, self.cfg
        last_area, last_cas = 0.0, 0.0
        while self.halt_day is None:
            yield env.timeout(c.interval_days)
            area, cas = self.world.area_gained(), self.world.forces.ledger.lost("ua")
            gained, lost = area - last_area, cas - last_cas
            last_area, last_cas = area, cas
            signal = self.deterrence()
            self.resolve = law.update(
                self.resolve,
                gained,
                lost,
                signal,
                c.interval_days,
                c.w_gain,
                c.w_loss,
                c.w_deter,
                c.resolve,
                c.drift_rate,
            )
            self.support = law.update(
                self.support,
                gained,
                lost,
                signal,
                c.interval_days,
                c.support_w_gain,
                c.w_loss,
                c.support_w_deter,
                c.support,
                c.drift_rate,
            )
            self.resolve = law.clamp01(self.resolve + c.resolve_noise * float(self.rng.standard_normal()))
            self.deterred_resolve += c.w_deter * signal * c.interval_days
            self.deterred_support += c.support_w_deter * signal * c.interval_days
            choice = law.decide(self.resolve, self.support, c.continue_at, c.halt_below)
            self.decisions[choice] += 1
            if choice == "pause":
                self.paused_until = env.now + c.pause_days
                self.world.log("theatre", "Ukraine pauses", f"resolve {self.resolve:.2f}, support {self.support:.2f}")
            elif choice == "halt":
                self.halt(signal)

    def halt(self, signal: float) -> None:
        c = self.cfg
        self.halt_day = self.world.env.now
        without = law.decide(
            law.clamp01(self.resolve + self.deterred_resolve),
            law.clamp01(self.support + self.deterred_support),
            c.continue_at,
            c.halt_below,
        )
        self.halt_cause = "deterrence" if without != "halt" and signal > 0 else "exhaustion"
        self.world.log("theatre", "Ukraine halts", f"accepts a freeze along the line ({self.halt_cause})")


class Kremlin:
    """Switches the mobilized from garrison to commit by rule; annexation is a date in the config."""

    def __init__(self, world: World) -> None:
        self.world = world

    def run(self) -> Process:
        env, m = self.world.env, self.world.cfg.mobilization
        annexation = self.world.cfg.decisions.annexation_day
        while self.world.mobilization.policy != "commit":
            yield env.timeout(2.0)
            lost = self.world.annexed_area_lost()
            if lost >= m.commit_area_km2:
                self.world.mobilization.commit(f"{lost:.0f} km2 of annexed territory lost")
            elif (
                env.now - annexation >= m.commit_after_days
                and self.world.ukraine.attacking()
                and env.now - self.world.last_ua_attack() <= 7.0
            ):
                days = env.now - annexation
                self.world.mobilization.commit(f"Ukraine still attacking {days:.0f} days after annexation")
