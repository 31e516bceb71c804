"""Explore sets are data checked against the schema: every shipped set resolves on its scenario, a bad key
or a bound outside the field's range is one ConfigError, and a point's values reach the typed config."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.config.check import ConfigError
from sim.config.provenance import leaves
from sim.explore.uncertainties import Uncertain, apply, field_of, resolve, tokens

SETS = {"deterrence": "dissuasion", "depth": "advance", "all": "advance"}


@pytest.mark.parametrize("name", sorted(SETS))
def test_every_shipped_set_resolves_on_its_scenario(typed, name):
    cfg = typed([f"+scenario={SETS[name]}", f"+explore={name}"])
    params = resolve(cfg)
    assert params and len({p.key for p in params}) == len(params)
    for p in params:
        _, meta, _ = field_of(cfg, p.key)
        lo, hi = meta.get("lo"), meta.get("hi")
        assert lo is None or p.low >= lo, p
        assert hi is None or p.high <= hi, p


def test_all_is_every_numeric_model_parameter_within_half_of_its_value(typed):
    cfg = typed(["+scenario=advance", "+explore=all"])
    params = {p.key: p for p in resolve(cfg)}
    numeric = [k for k, f, hint in leaves() if f.metadata.get("role") == "model" and hint in (int, float)]
    assert "horizon_days" not in params  # excluded in all.yaml, with its reason
    assert len(params) > 0.8 * len(numeric)
    credibility = params["decisions.credibility"]  # advance sets 0.1
    assert (credibility.low, credibility.high) == pytest.approx((0.05, 0.15))
    assert all(not k.startswith("explore.") for k in params)


@pytest.mark.parametrize(
    ("override", "key"),
    [
        ("explore.parameters=[{key: decisions.credibilty, low: 0, high: 1}]", "explore.parameters[0].key"),
        ("explore.parameters=[{key: decisions.credibility, low: 0, high: 1.5}]", "explore.parameters[0].high"),
        (
            "explore.parameters=[{key: decisions.w_deter, dist: log-uniform, low: 0, high: 1}]",
            "explore.parameters[0].low",
        ),
        ("explore.parameters=[{key: decisions.credibility, low: 0.5, high: 0.2}]", "explore.parameters[0].low"),
        ("explore.parameters=[{key: seed, low: 0, high: 5}]", "explore.parameters[0].key"),
        (
            "explore.parameters=[{key: combat.law, dist: levels, levels: [square, cubic]}]",
            "explore.parameters[0].levels[1]",
        ),
        ("explore.parameters=[]", "explore"),
    ],
)
def test_a_bad_declaration_is_one_config_error_naming_it(typed, override, key):
    cfg = typed(["+scenario=dissuasion", "+explore=deterrence", override])
    with pytest.raises(ConfigError) as err:
        resolve(cfg)
    assert err.value.key == key


def test_levels_of_a_choice_and_a_list_key_resolve_and_apply(typed):
    cfg = typed(
        [
            "+scenario=advance",
            "+explore=depth",
            "explore.parameters=[{key: combat.law, dist: levels, levels: [square, linear]},"
            " {key: 'theatre.sectors.svatove_kreminna.lines[0].fortification', low: 1, high: 3}]",
        ]
    )
    law, fort = resolve(cfg)
    assert [law.value(u) for u in (0.0, 0.49, 0.5, 1.0)] == ["square", "square", "linear", "linear"]
    changed = apply(cfg, {law.key: "linear", fort.key: 2.5})
    assert changed.combat.law == "linear" and changed.theatre.sectors["svatove_kreminna"].lines[0].fortification == 2.5
    assert cfg.combat.law == "square" and cfg.theatre.sectors["svatove_kreminna"].lines[0].fortification == 2.0
    assert changed.manoeuvre is cfg.manoeuvre  # only the objects on the keys' paths are copied
    assert dataclasses.replace(changed, combat=cfg.combat, theatre=cfg.theatre) == cfg


def test_tokens_read_dotted_keys_and_refuse_anything_else():
    assert tokens("a.b[2].c") == ["a", "b", 2, "c"]
    assert tokens("a..b") == [] and tokens("a.[1]") == [] and tokens("") == []


@given(
    low=st.floats(0.001, 100.0),
    span=st.floats(0.01, 1000.0),
    u=st.floats(0.0, 1.0),
    v=st.floats(0.0, 1.0),
    dist=st.sampled_from(["uniform", "log-uniform"]),
)
def test_a_unit_coordinate_maps_into_the_bounds_monotonically(low, span, u, v, dist):
    p = Uncertain("k", dist, low, low + span)
    a, b = p.value(min(u, v)), p.value(max(u, v))
    assert low <= a <= b <= low + span
