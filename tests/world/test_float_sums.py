"""The model adds floats with math.fsum: the built-in sum of floats changed in Python 3.12 (compensated), so a
float sum() in the world or the laws would give other numbers for the same seed on another Python."""

from __future__ import annotations

import builtins
import sys

import pytest

from sim.api import compose
from sim.config.check import to_typed
from sim.config.registry import scenario_names
from sim.experiment.seeds import replication_seed
from sim.world.campaign import simulate

MODEL = ("sim.world", "sim.laws")


@pytest.mark.parametrize("scenario", scenario_names())
def test_no_float_is_added_by_the_built_in_sum_in_the_model(scenario, monkeypatch):
    builtin_sum = builtins.sum
    offenders: list[str] = []

    def checked_sum(iterable, /, start=0):  # type: ignore[no-untyped-def]
        items = list(iterable)
        caller = sys._getframe(1)
        module = caller.f_globals.get("__name__", "")
        if module.startswith(MODEL) and any(isinstance(v, float) for v in [start, *items]):
            offenders.append(f"{module}:{caller.f_lineno}")
        return builtin_sum(items, start)

    cfg = to_typed(compose([f"+scenario={scenario}", "record_trace=false"]))
    monkeypatch.setattr(builtins, "sum", checked_sum)
    for i in range(2):
        simulate(cfg, replication_seed(cfg.seed, i))
    monkeypatch.undo()
    assert not offenders, f"float sums with the built-in sum (use math.fsum): {sorted(set(offenders))}"
