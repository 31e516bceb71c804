"""Decisions: Ukraine continues, pauses or halts; the Kremlin switches garrison to commit.

Ukraine's resolve and Western support are updated at each decision point from the ground gained, the
casualties suffered and the deterrence signal (annexation, mobilized mass, escalation threat, all times
the threat's credibility). The part of the decline owed to deterrence is tracked, so a halt can be
attributed: it is a deterrence halt if Ukraine would not have halted without it.
"""

from __future__ import annotations

import math
from typing import Any

from sim.laws import resolve as law
from sim.world.annexation import Annexation
from sim.world.forces import Forces
from sim.world.kernel import Kernel, Process
from sim.world.mobilization import Mobilization
from sim.world.recorder import Recorder
from sim.world.theatre import Sector, Theatre


class Ukraine:
    """Ukraine's resolve, Western support, and the decision to continue, pause or halt (a freeze)."""

    name = "decisions"

    def __init__(
        self, kernel: Kernel, theatre: Theatre, forces: Forces, mobilization: Mobilization, annexation: Annexation
    ) -> None:
        self.kernel, self.theatre, self.forces, self.mobilization = kernel, theatre, forces, mobilization
        self.annexation = annexation
        self.cfg = kernel.cfg.decisions
        self.rng = kernel.streams.get("decisions")
        self.resolve, self.support = self.cfg.resolve, self.cfg.support
        self.deterred_resolve = 0.0  # resolve lost to deterrence so far (before clamping)
        self.deterred_support = 0.0
        self.halt_day: float | None = None
        self.halt_cause: str | None = None
        self.paused_until = -1.0
        self.decisions = {"continue": 0, "pause": 0, "halt": 0}

    def start(self) -> None:
        self.kernel.process(self.run())

    def register_probes(self, recorder: Recorder) -> None:
        recorder.probe("resolve_ua", lambda: self.resolve)
        recorder.probe("support_ua", lambda: self.support)

    def outcomes(self, row: dict[str, Any]) -> None:
        row["halt_day"] = math.nan if self.halt_day is None else self.halt_day
        row["halt_cause"] = self.halt_cause or "none"
        row["resolve_ua"] = self.resolve
        row["support_ua"] = self.support

    # ------------------------------------------------------------------------------------- the hooks
    def may_attack(self, side: str, sector: Sector) -> bool:
        """After a halt the line is frozen for both sides; Ukraine attacks only while not pausing."""
        return self.halt_day is None and (side != "ua" or self.attacking())

    def may_strike(self) -> bool:
        return self.halt_day is None

    def attack_threshold_scale(self, side: str, sector: Sector) -> float:
        """Ukraine hesitates to attack ground Russia has declared its own, as far as the threat deters."""
        if side == "ua" and sector.cfg.annexed and self.annexation.annexed():
            return 1.0 + self.cfg.annexed_threshold_weight * self.deterrence()
        return 1.0

    def attacking(self) -> bool:
        return self.halt_day is None and self.kernel.env.now >= self.paused_until

    def deterrence(self) -> float:
        c = self.cfg
        annexed = self.annexation.annexed()
        mass = self.mobilization.mass()
        return law.deterrence_signal(
            annexed, mass / c.mass_reference, c.escalation_threat, c.credibility, c.annexation_weight, c.mass_weight
        )

    def run(self) -> Process:
        env, c = self.kernel.env, self.cfg
        last_area, last_cas = 0.0, 0.0
        while self.halt_day is None:
            yield env.timeout(c.interval_days)
            area, cas = self.theatre.area_gained(), self.forces.ledger.lost("ua")
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
                self.kernel.log("theatre", "Ukraine pauses", f"resolve {self.resolve:.2f}, support {self.support:.2f}")
            elif choice == "halt":
                self.halt(signal)

    def halt(self, signal: float) -> None:
        c = self.cfg
        self.halt_day = self.kernel.env.now
        without = law.decide(
            law.clamp01(self.resolve + self.deterred_resolve),
            law.clamp01(self.support + self.deterred_support),
            c.continue_at,
            c.halt_below,
        )
        self.halt_cause = "deterrence" if without != "halt" and signal > 0 else "exhaustion"
        self.kernel.log("theatre", "Ukraine halts", f"accepts a freeze along the line ({self.halt_cause})")


class Kremlin:
    """Switches the mobilized from garrison to commit by rule (the annexation and the call-up, responses to
    territory lost or dates, are `sim.world.annexation` and `sim.world.mobilization`)."""

    name = "kremlin"

    def __init__(
        self,
        kernel: Kernel,
        theatre: Theatre,
        mobilization: Mobilization,
        decisions: Ukraine,
        annexation: Annexation,
    ) -> None:
        self.kernel, self.theatre, self.mobilization, self.ukraine = kernel, theatre, mobilization, decisions
        self.annexation = annexation

    def start(self) -> None:
        self.kernel.process(self.run())

    def run(self) -> Process:
        env, m = self.kernel.env, self.kernel.cfg.mobilization
        while self.mobilization.policy != "commit":
            yield env.timeout(m.commit_review_days)
            lost = self.theatre.annexed_area_lost()
            since = self.annexation.since()
            if lost >= m.commit_area_km2:
                self.mobilization.commit(f"{lost:.0f} km2 of annexed territory lost")
            elif (
                since >= m.commit_after_days
                and self.ukraine.attacking()
                and env.now - self.theatre.last_ua_attack() <= m.commit_attack_window_days
            ):
                self.mobilization.commit(f"Ukraine still attacking {since:.0f} days after annexation")
