"""Daily series and the event trace of one campaign.

Mechanisms register probes (a name and a function of their state) so the recorder samples them once a
day without knowing what they measure (a probe group returns several series from one pass over the
world); the trace is kept only when asked for (replays), since building its strings costs time in a
Monte Carlo run.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Mapping, Sequence
from typing import Any

import simpy


class Recorder:
    def __init__(self, env: simpy.Environment) -> None:
        self.env = env
        self.samplers: list[Callable[[], None]] = []  # in registration order, each appends to its series
        self.series: dict[str, list[float]] = {}
        self.trace: list[tuple[float, str, str, str]] = []

    def probe(self, name: str, fn: Callable[[], float]) -> None:
        out = self.series[name] = []
        self.samplers.append(lambda: out.append(float(fn())))

    def probe_group(self, names: dict[str, str], fn: Callable[[], Mapping[str, float]]) -> None:
        """Series `name` takes `fn()[key]` for each `name: key` of `names`, `fn` called once per sample."""
        outs = [(self.series.setdefault(name, []), key) for name, key in names.items()]

        def sample_group() -> None:
            values = fn()
            for out, key in outs:
                out.append(float(values[key]))

        self.samplers.append(sample_group)

    def probe_row(self, names: Sequence[str], fn: Callable[[], Sequence[float]]) -> None:
        """Series `names[i]` takes `fn()[i]`: a mechanism with many series of one kind (a front per sector)
        computes them in one call, which a daily sample of each series by its own probe costs many times."""
        outs = [self.series.setdefault(name, []) for name in names]

        def sample_row() -> None:
            for out, value in zip(outs, fn()):
                out.append(float(value))

        self.samplers.append(sample_row)

    def sample(self) -> None:
        for sampler in self.samplers:
            sampler()

    def daily(self, days: int) -> Generator[simpy.Event, Any, None]:
        """Samples days 0 .. days-1; the campaign samples the final day after the run ends.

        The first sample waits one zero-length step so that processes started at time 0 have run.
        """
        yield self.env.timeout(0.0)
        for _ in range(days):
            self.sample()
            yield self.env.timeout(1.0)

    def log(self, day: float, sector: str, event: str, detail: str) -> None:
        self.trace.append((day, sector, event, detail))
