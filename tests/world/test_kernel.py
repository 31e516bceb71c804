"""The kernel's promise to a contributor: a new mechanism is its module, its config dataclass and one entry
in the mechanisms list, and the battle hears its hooks without anyone editing the battle."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

import pytest

from sim.config.schema import SimConfig
from sim.world.campaign import MECHANISMS, Campaign
from sim.world.kernel import Hooks, Kernel, Process, Supply
from sim.world.recorder import Recorder
from sim.world.theatre import Sector, Theatre


# ------------------------------------------------------------------ a toy mechanism, as a contributor writes it
@dataclass
class CounterConfig:
    """The toy's config dataclass: how often it looks."""

    every_days: float = 1.0


@dataclass
class ToyConfig(SimConfig):
    """The schema with the toy's section: one line in `SimConfig` in the product."""

    counter: CounterConfig = field(default_factory=CounterConfig)


class BreakCounter:
    """Counts, once a day, the breakthroughs so far; reports the count daily and at the end."""

    name = "counter"

    def __init__(self, kernel: Kernel, theatre: Theatre) -> None:
        self.kernel, self.theatre = kernel, theatre
        self.cfg: CounterConfig = kernel.cfg.counter  # type: ignore[attr-defined]
        self.looks = 0

    def start(self) -> None:
        self.kernel.process(self.run())

    def run(self) -> Process:
        while True:
            yield self.kernel.env.timeout(self.cfg.every_days)
            self.looks += 1

    def breakthroughs(self) -> float:
        return float(sum(s.breakthroughs for s in self.theatre.sectors.values()))

    def register_probes(self, recorder: Recorder) -> None:
        recorder.probe("toy_breakthroughs", self.breakthroughs)

    def outcomes(self, row: dict[str, Any]) -> None:
        row["toy_looks"] = self.looks


def _cfg(typed, **overrides: Any) -> ToyConfig:
    base = typed(["+scenario=advance", "horizon_days=40"])
    values = {f.name: getattr(base, f.name) for f in dataclasses.fields(SimConfig)}
    return ToyConfig(**values, **overrides)


def test_a_toy_mechanism_is_its_class_its_config_and_one_list_entry(typed):
    """The toy runs, samples its probe daily and writes its column; the model's own numbers do not move."""
    cfg = _cfg(typed, counter=CounterConfig(every_days=2.0))
    plain = Campaign(cfg, 11).run()
    with_toy = Campaign(cfg, 11, mechanisms=(*MECHANISMS, BreakCounter)).run()
    assert with_toy.row["toy_looks"] == 19  # days 2, 4, ..., 38: the run ends as day 40 begins
    assert len(with_toy.daily["toy_breakthroughs"]) == len(with_toy.daily["area_km2"]) == 41
    assert with_toy.daily["toy_breakthroughs"][-1] == with_toy.row["breakthroughs"]
    assert {k: v for k, v in with_toy.row.items() if k != "toy_looks"} == plain.row
    assert with_toy.daily["front_km_lyman"] == plain.daily["front_km_lyman"]


class Ceasefire:
    """A toy hook: nobody may attack anywhere."""

    name = "ceasefire"

    def __init__(self, kernel: Kernel) -> None:
        self.kernel = kernel

    def may_attack(self, side: str, sector: Sector) -> bool:
        return False


def test_a_hook_offered_by_a_new_mechanism_reaches_the_battle(typed):
    """A mechanism that forbids attacks stops every breakthrough without a line changed in the battle."""
    cfg = typed(["+scenario=advance", "horizon_days=60"])
    fought = Campaign(cfg, 3).run().row
    quiet = Campaign(cfg, 3, mechanisms=(*MECHANISMS, Ceasefire)).run().row
    assert fought["breakthroughs"] > 0
    assert quiet["breakthroughs"] == 0 and quiet["collapses"] == 0


def test_hooks_combine_every_offer_and_stay_direct_calls_when_alone():
    """One offer is bound as it is (no wrapper on the hot path); several are combined (all / product)."""

    class Half:
        def advance_scale(self, side: str, sector: Any) -> float:
            return 0.5

        def may_attack(self, side: str, sector: Any) -> bool:
            return side == "ua"

    class Third:
        def advance_scale(self, side: str, sector: Any) -> float:
            return 1 / 3

        def may_attack(self, side: str, sector: Any) -> bool:
            return True

    half, third = Half(), Third()
    alone = Hooks([half])
    assert alone.advance_scale == half.advance_scale
    both = Hooks([half, third])
    assert both.advance_scale("ua", None) == pytest.approx(1 / 6)
    assert both.may_attack("ua", None) and not both.may_attack("ru", None)
    none = Hooks([])
    assert none.advance_scale("ua", None) == 1.0 and none.may_attack("ru", None) and none.may_strike()


def test_supply_is_the_product_of_what_each_mechanism_set():
    """Depots struck and crossings cut multiply; a sector nobody touched has full supply."""
    supply = Supply()
    assert supply.of("ru", "kherson") == 1.0
    supply.set("depots", "ru", "kherson", 0.8)
    supply.set("crossings", "ru", "kherson", 0.5)
    assert supply.of("ru", "kherson") == pytest.approx(0.4)
    supply.set("depots", "ru", "kherson", 1.0)
    assert supply.of("ru", "kherson") == 0.5
    assert supply.of("ua", "kherson") == 1.0


def test_every_mechanism_has_a_unique_name_and_only_asks_for_what_is_built_before_it(typed):
    """The list is the wiring: a mechanism names its siblings, and they must exist by then."""
    campaign = Campaign(typed(["horizon_days=1"]), 1)
    names = list(campaign.mechanisms)
    assert len(names) == len(set(names)) == len(MECHANISMS)
    assert names[:2] == ["forces", "battle"]


def test_each_mechanism_writes_exactly_the_columns_declared_for_it(typed):
    """`sim.outcomes` names the writer of every column; each mechanism writes those and no others."""
    from sim.outcomes import declared_by

    campaign = Campaign(typed(["+scenario=advance", "horizon_days=20"]), 5)
    campaign.run()
    sectors = list(campaign.sectors)
    for name, mechanism in campaign.mechanisms.items():
        written: dict[str, Any] = {}
        if hasattr(mechanism, "outcomes"):
            mechanism.outcomes(written)
        declared = [n for c in declared_by(name) for n in c.names(sectors)] if name in _writers() else []
        assert sorted(written) == sorted(declared), name  # the campaign puts them in the declared order


def _writers() -> tuple[str, ...]:
    from sim.outcomes import WRITERS

    return WRITERS
