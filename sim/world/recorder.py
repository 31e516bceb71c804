"""Daily series and the event trace of one campaign.

Sub-models register probes (a name and a function of the world) so the recorder samples them once a
day without knowing what they measure; the trace is kept only when asked for (replays), since building
its strings costs time in a Monte Carlo run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sim.world.front import Process

if TYPE_CHECKING:
    from sim.world.campaign import World


class Recorder:
    def __init__(self, world: World) -> None:
        self.world = world
        self.probes: dict[str, Callable[[], float]] = {}
        self.series: dict[str, list[float]] = {}
        self.trace: list[tuple[float, str, str, str]] = []

    def probe(self, name: str, fn: Callable[[], float]) -> None:
        self.probes[name] = fn
        self.series[name] = []

    def sample(self) -> None:
        for name, fn in self.probes.items():
            self.series[name].append(float(fn()))

    def daily(self, days: int) -> Process:
        """Samples days 0 .. days-1; the campaign samples the final day after the run ends.

        The first sample waits one zero-length step so that processes started at time 0 have run.
        """
        yield self.world.env.timeout(0.0)
        for _ in range(days):
            self.sample()
            yield self.world.env.timeout(1.0)

    def log(self, day: float, sector: str, event: str, detail: str) -> None:
        self.trace.append((day, sector, event, detail))
