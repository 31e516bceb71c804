"""The kernel every mechanism of the campaign shares: clock, streams, trace, the shared types and the hooks.

A mechanism (the battle, reserves, mobilization, strikes, air, decisions, bridgeheads, ...) is a class
that takes the `Kernel` and the few siblings it needs as constructor arguments, named after them, and
may implement any part of the `Mechanism` protocol: start its SimPy processes, register daily probes,
write its outcome columns, and offer hooks that other mechanisms read on their hot paths (`HOOKS`).
Hooks are combined once, when the campaign is built, so a call on the hot path is a direct call when
only one mechanism offers the hook. Supply is the one hook that changes rarely and is read in every
fight, so it is pushed instead: a mechanism that changes a side's supply on a sector sets its factor in
`Kernel.supply`, and the battle reads the product in one lookup.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Generator, Iterable
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import simpy

from sim.world.recorder import Recorder
from sim.world.streams import Streams

if TYPE_CHECKING:
    from sim.config.schema import SimConfig
    from sim.world.forces import Formation
    from sim.world.theatre import Sector

Process = Generator[simpy.Event, Any, Any]
SIDES = ("ua", "ru")
DIRECTION = {"ua": 1.0, "ru": -1.0}  # the way each side advances along a sector's depth track
ENEMY = {"ua": "ru", "ru": "ua"}
FIGHTING = ("attack", "defend")  # the postures of formations in contact


def personnel(formations: Iterable[Formation]) -> float:
    return math.fsum(f.personnel for f in formations)


def mean_cohesion(formations: list[Formation]) -> float:
    total = personnel(formations)
    return math.fsum(f.cohesion * f.personnel for f in formations) / total if total > 0 else 0.0


class Kernel:
    """The clock, the named random streams, the daily recorder and the event trace of one campaign."""

    def __init__(self, cfg: SimConfig, seed: int) -> None:
        self.cfg = cfg
        self.env = simpy.Environment()
        self.streams = Streams(seed, cfg.stochastic)
        self.recorder = Recorder(self.env)
        self.supply = Supply()
        self.tracing = cfg.record_trace
        self.hooks = Hooks(())

    @property
    def now(self) -> float:
        return self.env.now

    def process(self, generator: Process) -> simpy.Process:
        return self.env.process(generator)

    def log(self, sector: str, event: str, detail: str, *args: Any) -> None:
        """A trace line, kept only when the run records a trace. With `args`, `detail` is a `str.format`
        template filled only then: the calls made hundreds of times a replication (deployments, strikes)
        pass their numbers, so that no detail is formatted for nothing."""
        if self.tracing:
            self.recorder.log(self.env.now, sector, event, detail.format(*args) if args else detail)


@runtime_checkable
class Mechanism(Protocol):
    """What a mechanism may offer the campaign; every method is optional (the campaign asks with getattr).

    - `start()`: start its SimPy processes (called in the order of the mechanisms list);
    - `register_probes(recorder)`: name its daily series;
    - `outcomes(row)`: write its declared outcome columns (`sim.outcomes`, writer = its `name`);
    - any of `HOOKS`, with the signatures of `Hooks`.
    """

    name: str


HOOKS = (
    "may_attack",
    "attack_threshold_scale",
    "advance_scale",
    "movement_scale",
    "tempo_scale",
    "may_strike",
    "may_reinforce",
)
SideHook = Callable[[str, "Sector"], Any]


class Hooks:
    """The questions mechanisms ask of each other, each answered by combining every mechanism offering it.

    may_attack(side, sector) -> bool: all must allow it (e.g. no attacks under a freeze);
    attack_threshold_scale(side, sector) -> float: product (e.g. deterrence on annexed ground);
    advance_scale(side, sector) -> float: product (e.g. close air support slowing the attacker);
    movement_scale(side, sector) -> float: product, on the speed of `side` moving on the axis without a fight
    (exploiting a collapse, an unopposed move, falling back; e.g. mud);
    tempo_scale(side, sector) -> float: product, the share of its full tempo of attacks `side` keeps there
    (1: attack again at once; below 1: a lull after each engagement; e.g. the season);
    may_strike() -> bool: all must allow long-range strikes (e.g. none under a freeze);
    may_reinforce(side, sector) -> bool: all must allow sending more troops there (e.g. not across a
    bridgehead's river beyond what its crossings can supply).
    """

    def __init__(self, mechanisms: Iterable[object]) -> None:
        offered = {hook: [getattr(m, hook) for m in mechanisms if callable(getattr(m, hook, None))] for hook in HOOKS}
        self.may_attack: SideHook = _all(offered["may_attack"])
        self.attack_threshold_scale: SideHook = _product(offered["attack_threshold_scale"])
        self.advance_scale: SideHook = _product(offered["advance_scale"])
        self.movement_scale: SideHook = _product(offered["movement_scale"])
        self.tempo_scale: SideHook = _product(offered["tempo_scale"])
        may_strike = offered["may_strike"]
        self.may_strike: Callable[[], bool] = (
            may_strike[0] if len(may_strike) == 1 else lambda: all(f() for f in may_strike)
        )
        self.may_reinforce: SideHook = _all(offered["may_reinforce"])


class Supply:
    """Multipliers of each side's supply per sector, set by the mechanisms that change them (depots struck,
    river crossings cut); `of(side, sector)` is their product, kept up to date on every change."""

    def __init__(self) -> None:
        self._now: dict[str, dict[str, float]] = {}
        self._factors: dict[tuple[str, str], dict[str, float]] = {}

    def here(self, sector: str) -> dict[str, float]:
        """The live supply of each side on `sector` (a reader keeps this dict: one lookup per read)."""
        if sector not in self._now:
            self._now[sector] = dict.fromkeys(SIDES, 1.0)
        return self._now[sector]

    def set(self, source: str, side: str, sector: str, value: float) -> None:
        factors = self._factors.setdefault((side, sector), {})
        factors[source] = value
        total = 1.0
        for factor in factors.values():
            total *= factor
        self.here(sector)[side] = total

    def of(self, side: str, sector: str) -> float:
        return self.here(sector)[side]


def _one(side: str, sector: Sector) -> float:
    return 1.0


def _yes(side: str, sector: Sector) -> bool:
    return True


def _product(fns: list[SideHook]) -> SideHook:
    if not fns:
        return _one
    if len(fns) == 1:
        return fns[0]
    if len(fns) == 2:
        first, second = fns

        def both(side: str, sector: Sector) -> float:
            return first(side, sector) * second(side, sector)

        return both

    def product(side: str, sector: Sector) -> float:
        value = 1.0
        for fn in fns:
            value *= fn(side, sector)
        return value

    return product


def _all(fns: list[SideHook]) -> SideHook:
    if not fns:
        return _yes
    if len(fns) == 1:
        return fns[0]
    return lambda side, sector: all(fn(side, sector) for fn in fns)
