"""The config's YAML written without OmegaConf's structured round trip is OmegaConf's text, byte for byte."""

from __future__ import annotations

import dataclasses
import enum
import functools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from omegaconf import OmegaConf

import sim
from sim.config.check import to_typed
from sim.config.dump import plain, to_yaml
from sim.config.registry import scenario_names


def omegaconf_yaml(cfg) -> str:
    return OmegaConf.to_yaml(OmegaConf.structured(cfg))


@pytest.mark.parametrize("scenario", scenario_names())
@pytest.mark.parametrize("extra", [[], ["+explore=all", "executor=serial", "forces=sep2022", "theatre=sep2022"]])
def test_every_scenario_and_group_is_written_as_omegaconf_writes_it(scenario, extra):
    cfg = to_typed(sim.compose([f"+scenario={scenario}", *extra]))
    assert to_yaml(cfg) == omegaconf_yaml(cfg)


@functools.cache
def advance():
    """Composed once for all the examples below (each makes its own copy with `dataclasses.replace`)."""
    return to_typed(sim.compose(["+scenario=advance"]))


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 10_000), st.integers(0, 2**31), st.booleans(), st.sampled_from([None, "a note", "3", "yes"]))
def test_an_int_in_a_float_field_and_optional_values_are_written_as_omegaconf_writes_them(days, seed, plots, text):
    cfg = dataclasses.replace(advance(), horizon_days=days, seed=seed, plots=plots, scenario_error=text)
    assert isinstance(cfg.horizon_days, int)  # as a Python caller may build it
    assert to_yaml(cfg) == omegaconf_yaml(cfg)
    assert f"horizon_days: {float(days)}\n" in to_yaml(cfg)


class Colour(enum.Enum):
    RED = 1


@dataclasses.dataclass
class Odd:
    colour: Colour = Colour.RED
    where: Path = Path("/tmp")
    weights: dict[str, float] = dataclasses.field(default_factory=lambda: {"a": 1})


def test_enums_are_named_and_a_kind_of_value_sim_does_not_write_goes_through_omegaconf():
    assert plain(Odd(where=None))["colour"] == "RED"  # type: ignore[arg-type]
    assert type(plain(Odd(where=None))["weights"]["a"]) is float  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Path"):
        plain(Odd())
    assert to_yaml(Odd()) == omegaconf_yaml(Odd())
