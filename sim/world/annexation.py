"""The referendums and the annexation: on a date, or as the Kremlin's response to territory lost.

The analysis: "It is also this offensive that precipitated Russia to mobilize and organize referendums".
With `decisions.annexation_trigger=territory`, once Russia has lost `decisions.annexation_area_km2` of
ground the Kremlin organises referendums, and the annexation is declared `annexation_delay_days` later
(historically: ~3,000 km² lost by 11 Sept 2022, referendums announced 20 Sept, held 23-27 Sept,
annexation declared 30 Sept). With `annexation_trigger=date` it is declared on `decisions.annexation_day`
(the futures start on 1 Oct 2022, the day after). The call-up answers the same losses the same way
(`mobilization.trigger`, in `sim.world.mobilization`). What annexation changes: the deterrence signal
Ukraine reads, its hesitation on annexed ground, and the Kremlin's clock for committing the mobilized.
"""

from __future__ import annotations

import math
from typing import Any

from sim.world.kernel import Kernel, Process
from sim.world.theatre import Theatre


class Annexation:
    name = "annexation"

    def __init__(self, kernel: Kernel, theatre: Theatre) -> None:
        self.kernel, self.theatre = kernel, theatre
        self.cfg = kernel.cfg.decisions
        self.day: float | None = self.cfg.annexation_day if self.cfg.annexation_trigger == "date" else None

    def start(self) -> None:
        if self.cfg.annexation_trigger == "territory":
            self.kernel.process(self.respond())

    def annexed(self) -> bool:
        """Russia has declared the annexation by now."""
        return self.day is not None and self.kernel.env.now >= self.day

    def since(self) -> float:
        """Days since the annexation (-inf before it, or if it never comes)."""
        return self.kernel.env.now - self.day if self.annexed() and self.day is not None else -math.inf

    def respond(self) -> Process:
        env, c = self.kernel.env, self.cfg
        while self.theatre.russian_area_lost() < c.annexation_area_km2:
            yield env.timeout(1.0)
        self.day = env.now + c.annexation_delay_days
        lost = self.theatre.russian_area_lost()
        self.kernel.log("theatre", "referendums", f"{lost:.0f} km2 lost: annexation set for day {self.day:.0f}")
        yield env.timeout(c.annexation_delay_days)
        self.kernel.log("theatre", "annexation", "the occupied regions are declared Russian")

    def outcomes(self, row: dict[str, Any]) -> None:
        row["annexation_day"] = self.day if self.annexed() and self.day is not None else math.nan
