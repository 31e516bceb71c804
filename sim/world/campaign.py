"""One campaign: the kernel and the mechanisms of the model, built from one list, run to the horizon.

`simulate(cfg, seed)` is the whole interface the experiment layer sees: a plain function from a config
and one integer of entropy to an outcome row, daily series and (if asked) the event trace.

Each entry of `MECHANISMS` is a class (or a function) whose parameters name what it needs: `kernel`,
`theatre`, or a mechanism built before it, by that mechanism's `name`. The list's order is the order in
which mechanisms are built, start their processes, register their probes and write their outcome columns.
Adding a mechanism is its module, its config dataclass in the schema, and one entry here.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sim.config.schema import SimConfig
from sim.outcomes import column_names, id_names
from sim.world.air import AirSupport
from sim.world.annexation import Annexation
from sim.world.battle import Battle
from sim.world.bridgehead import Bridgeheads
from sim.world.decisions import Kremlin, Ukraine
from sim.world.forces import Forces, order_of_battle
from sim.world.kernel import Hooks, Kernel
from sim.world.mobilization import Mobilization
from sim.world.reserves import Reserves
from sim.world.season import Season
from sim.world.strikes import StrikeForce
from sim.world.theatre import Theatre

MECHANISMS: tuple[Callable[..., Any], ...] = (
    order_of_battle,  # "forces": the formations and the personnel ledger
    Battle,
    Reserves,
    StrikeForce,
    Annexation,
    Mobilization,
    AirSupport,
    Season,
    Ukraine,  # "decisions"
    Kremlin,
    Bridgeheads,
)


@dataclass
class CampaignResult:
    row: dict[str, Any]
    daily: dict[str, list[float]]
    trace: list[tuple[float, str, str, str]] = field(default_factory=list)


class Campaign:
    """The kernel, the theatre and the mechanisms of one replication."""

    def __init__(self, cfg: SimConfig, seed: int, mechanisms: Sequence[Callable[..., Any]] = MECHANISMS) -> None:
        self.cfg = cfg
        self.kernel = Kernel(cfg, seed)
        self.theatre = Theatre(cfg.theatre.sectors, self.kernel.env)
        shared: dict[str, Any] = {"kernel": self.kernel, "theatre": self.theatre}
        self.mechanisms: dict[str, Any] = {}
        for build in mechanisms:
            mechanism = build(**{name: shared[name] for name in _needs(build)})
            self.mechanisms[mechanism.name] = shared[mechanism.name] = mechanism
        self.kernel.hooks = Hooks(self.mechanisms.values())
        for mechanism in self.mechanisms.values():
            if hasattr(mechanism, "register_probes"):
                mechanism.register_probes(self.kernel.recorder)

    @property
    def forces(self) -> Forces:
        return self.mechanisms["forces"]

    @property
    def sectors(self) -> dict[str, Any]:
        return self.theatre.sectors

    def __getattr__(self, name: str) -> Any:
        """A mechanism by its name: `campaign.mobilization`, `campaign.decisions`."""
        mechanisms = self.__dict__.get("mechanisms", {})
        if name in mechanisms:
            return mechanisms[name]
        raise AttributeError(name)

    def run(self) -> CampaignResult:
        kernel, horizon = self.kernel, self.cfg.horizon_days
        for mechanism in self.mechanisms.values():
            if hasattr(mechanism, "start"):
                mechanism.start()
        kernel.process(kernel.recorder.daily(math.ceil(horizon)))
        if horizon > 0:
            kernel.env.run(until=horizon)
        kernel.recorder.sample()
        return CampaignResult(self.outcome_row(), kernel.recorder.series, kernel.recorder.trace)

    def outcome_row(self) -> dict[str, Any]:
        """Every mechanism writes its columns; the row comes out in the declared order (`sim.outcomes`), with
        any column a mechanism writes without declaring it at the end."""
        written: dict[str, Any] = {}
        for mechanism in self.mechanisms.values():
            if hasattr(mechanism, "outcomes"):
                mechanism.outcomes(written)
        written["outcome"] = self.category(written)
        declared = [name for name in column_names(self.theatre.sectors) if name not in id_names()]
        row = {name: written.pop(name) for name in declared if name in written}
        row.update(written)
        return row

    def category(self, row: dict[str, Any]) -> str:
        """freeze if Ukraine halted for good; else collapse across enough sectors; else the area gained."""
        o = self.cfg.outcome
        if row["halt_day"] == row["halt_day"]:  # not NaN: Ukraine halted
            return "freeze"
        if row["sectors_collapsed"] >= o.collapse_sectors:
            return "russian_collapse"
        if row["area_km2"] >= o.advance_area_km2:
            return "ukraine_advance"
        return "stalemate"


_SIGNATURES: dict[Callable[..., Any], tuple[str, ...]] = {}


def _needs(build: Callable[..., Any]) -> tuple[str, ...]:
    """The names a mechanism's constructor asks for (read once per class)."""
    if build not in _SIGNATURES:
        _SIGNATURES[build] = tuple(inspect.signature(build).parameters)
    return _SIGNATURES[build]


def simulate(cfg: SimConfig, seed: int) -> CampaignResult:
    return Campaign(cfg, seed).run()
