"""Every scenario file composes and validates; bad values are refused with a message naming the key."""

from __future__ import annotations

import pytest

import sim
from sim.config.check import ConfigError, to_typed
from sim.config.registry import scenario_names


@pytest.mark.parametrize("name", scenario_names())
def test_every_scenario_composes_and_validates(name):
    cfg = to_typed(sim.compose([f"+scenario={name}"]))
    assert cfg.scenario_name == name
    assert cfg.theatre.sectors


def test_baseline_is_the_default():
    assert to_typed(sim.compose([])).scenario_name == "baseline"


def test_scenario_overrides_the_primary_config():
    base = to_typed(sim.compose([]))
    cfg = to_typed(sim.compose(["+scenario=advance"]))
    assert len(base.theatre.sectors["kharkiv_oskil"].lines) == 2
    assert [ln.at_km for ln in cfg.theatre.sectors["kharkiv_oskil"].lines] == [2.0]
    assert cfg.theatre.sectors["zaporizhzhia"].ua_offensive


@pytest.mark.parametrize(
    ("override", "key", "allowed"),
    [
        ("replications=0", "replications", ">= 1"),
        ("manoeuvre.captured_share=1.5", "manoeuvre.captured_share", "[0, 1]"),
        ("combat.law=parabolic", "combat.law", "square, linear, helmbold"),
        ("horizon_days=-1", "horizon_days", "[0, 3650]"),
        ("combat.kill_rate=nan", "combat.kill_rate", "finite"),
        ("theatre.sectors.lyman.neighbours=[atlantis]", "theatre.sectors.lyman.neighbours", "a sector"),
        ("forces.ua_lyman.sector=moon", "forces.ua_lyman.sector", "a sector"),
        ("+no_such_key=1", "no_such_key", "no such key"),
    ],
)
def test_bad_values_name_key_and_what_is_allowed(override, key, allowed):
    with pytest.raises(ConfigError) as info:
        to_typed(sim.compose([override]))
    assert info.value.key == key
    assert allowed in str(info.value)


def test_non_number_is_refused():
    with pytest.raises(Exception, match="kill_rate"):
        sim.compose(["combat.kill_rate=fast"])  # typed field: refused while composing
    with pytest.raises(ConfigError, match="an integer >= 1 or 'auto'"):
        to_typed(sim.compose(["replications=many"]))  # int or "auto": refused by validation


@pytest.mark.parametrize("name", scenario_names())
def test_a_composed_config_is_typed_without_a_second_merge_and_the_same(name):
    """A config Hydra composed onto the schema is taken as it is (one structured merge, not two); a plain
    mapping is merged onto the schema: both give the same typed config."""
    from omegaconf import OmegaConf

    cfg = sim.compose([f"+scenario={name}", "seed=7", "combat.kill_rate=0.02"])
    assert OmegaConf.get_type(cfg).__name__ == "SimConfig"
    fast, merged = to_typed(cfg), to_typed(OmegaConf.to_container(cfg))
    assert fast == merged and fast.seed == 7 and fast.combat.kill_rate == 0.02


def test_a_kept_composition_is_handed_out_as_a_copy():
    """`compose` keeps what Hydra composed (a scenario file is read once per process anyway: the registry);
    each caller gets a copy of its own, and other overrides compose afresh."""
    first = sim.compose(["+scenario=advance"])
    first.seed = 99
    first.combat.kill_rate = 1.0
    again = sim.compose(["+scenario=advance"])
    assert again.seed == 2022 and again.combat.kill_rate != 1.0
    assert sim.compose(["+scenario=advance", "seed=5"]).seed == 5
