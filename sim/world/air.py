"""Russian close air support: sorties over the axes where Ukraine attacks, slowing it, and losses.

Once a day the day's sorties are spread over the axes where Ukraine attacked in the last days (or, with
none, flown over a quiet axis). The loss probability per sortie is multiplied over a fluid front (a collapse
under way, or a front that moved far in a week), where Russia lacks ground power against Ukraine's on the
axis, and where its ground force (and the air-defence cover it carries) has been worn down since the
start: the analysis's "vacuum of means that pushes the aircraft to take significant risks". Aircraft lost
are not replaced within the horizon: the fleet flies fewer sorties, and slows Ukraine less.
"""

from __future__ import annotations

from typing import Any

from sim.laws.air import advance_drag, loss_probability, sorties_flown, uncovered_share, vacuum_share
from sim.world.battle import Battle
from sim.world.kernel import Kernel, Process
from sim.world.recorder import Recorder
from sim.world.theatre import Sector, Theatre


class AirSupport:
    name = "air"

    def __init__(self, kernel: Kernel, theatre: Theatre, battle: Battle) -> None:
        self.kernel, self.theatre, self.battles = kernel, theatre, battle.sectors
        self.cfg = kernel.cfg.air
        self.rng = kernel.streams.get("air")
        self.aircraft_lost = 0
        self.sorties = 0.0  # flown, cumulative
        self.today = 0.0  # flown today
        self.cas_sorties = dict.fromkeys(theatre.sectors, 0.0)  # sorties over each axis today

    def start(self) -> None:
        self.kernel.process(self.run())

    def register_probes(self, recorder: Recorder) -> None:
        recorder.probe("aircraft_lost", lambda: self.aircraft_lost)
        recorder.probe("sorties", lambda: self.today)

    def outcomes(self, row: dict[str, Any]) -> None:
        row["aircraft_lost"] = int(self.aircraft_lost)
        row["sorties_flown"] = self.sorties

    def advance_scale(self, side: str, sector: Sector) -> float:
        """Hook: close air support slows the Ukrainian attacker on the axes it flies over."""
        return advance_drag(self.cas_sorties[sector.name], self.cfg.slow_per_sortie) if side == "ua" else 1.0

    def run(self) -> Process:
        env = self.kernel.env
        if not self.cfg.enabled or self.cfg.sorties_per_day <= 0:
            return
        while True:
            sectors = list(self.theatre.sectors.values())
            active = [s for s in sectors if env.now - s.last_ua_attack <= self.cfg.active_days]
            for s in sectors:
                self.cas_sorties[s.name] = 0.0
            over = active or sectors[:1]
            c = self.cfg
            self.today = sorties_flown(c.sorties_per_day, c.fleet, self.aircraft_lost)
            per_sector = self.today / len(over)
            for s in over:
                self.cas_sorties[s.name] = per_sector if active else 0.0
                fluid = self.fluid(s)
                vacuum, uncovered = self.vacuum(s)
                p = loss_probability(
                    c.loss_probability,
                    fluid,
                    c.fluid_multiplier,
                    vacuum,
                    c.vacuum_multiplier,
                    uncovered,
                    c.uncovered_multiplier,
                )
                lost = int(self.rng.binomial(round(per_sector), p))
                if lost:
                    self.aircraft_lost += lost
                    front = "fluid" if fluid else "stable"
                    self.kernel.log(
                        s.name,
                        "aircraft lost",
                        f"{lost} over a {front} front (ground vacuum {vacuum:.2f}, cover lost {uncovered:.2f})",
                    )
            self.sorties += self.today
            yield env.timeout(1.0)

    def vacuum(self, sector: Sector) -> tuple[float, float]:
        """(the lack of Russian ground power against Ukraine's on the axis, the share of its ground force and
        air-defence cover lost since the start), as the sector's battle last appreciated them."""
        battle = self.battles[sector.name]
        ru, ua = battle.power_seen["ru"], battle.power_seen["ua"]
        return vacuum_share(ru, ua), uncovered_share(ru, battle.power_at_start["ru"])

    def fluid(self, sector: Sector) -> bool:
        if sector.collapsing:
            return True
        now = self.kernel.env.now
        moved = abs(sector.front_at(now) - self.front_on(sector, max(now - self.cfg.fluid_window_days, 0.0)))
        return moved > self.cfg.fluid_km

    def front_on(self, sector: Sector, day: float) -> float:
        """The front on `day`, as the daily recorder sampled it (today's position if not sampled yet)."""
        series = self.kernel.recorder.series[f"front_km_{sector.name}"]
        i = int(day)
        return series[i] if i < len(series) else sector.front_at(self.kernel.env.now)
