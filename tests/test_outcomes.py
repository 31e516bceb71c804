"""The outcome row's declared columns (sim/outcomes.py): the helpers, and that one replication of every
scenario emits exactly the declared columns, in the declared order, with values of the declared kind."""

from __future__ import annotations

import math

import pytest

import sim
from sim import outcomes
from sim.config.check import to_typed
from sim.config.registry import scenario_names
from sim.experiment.seeds import replication_seed
from sim.world.campaign import simulate

SECTORS = ("north", "south")


def test_the_module_is_a_leaf():
    """sim/outcomes.py imports nothing from sim: any layer may import it."""
    source = outcomes.__file__
    with open(source, encoding="utf-8") as f:
        lines = [line.strip() for line in f if line.startswith(("import ", "from "))]
    modules = [line.split()[1] for line in lines]
    assert modules and not [m for m in modules if m == "sim" or m.startswith("sim.")], modules


def test_declarations_are_sane():
    names = [c.name for c in outcomes.COLUMNS]
    assert len(names) == len(set(names))
    assert names[:2] == ["replication", "seed"] and outcomes.id_names() == ("replication", "seed")
    for c in outcomes.COLUMNS:
        assert c.kind in outcomes.KINDS and c.writer in outcomes.WRITERS and c.description, c.name
        assert bool(c.categories) == (c.kind == "category"), c.name
        assert not c.per_sector or c.name.endswith("_"), c.name
    assert {c.writer for c in outcomes.COLUMNS} == set(outcomes.WRITERS)  # every writer writes


def test_column_names_expand_per_sector_columns_in_row_order():
    names = outcomes.column_names(SECTORS)
    assert names[:5] == ["replication", "seed", "area_km2", "area_km2_north", "area_km2_south"]
    assert names[5:8] == ["front_km_north", "front_km_south", "breakthroughs"]
    assert len(names) == len(outcomes.COLUMNS) + 2 * (len(SECTORS) - 1)
    assert outcomes.column_names([]) == [c.name for c in outcomes.COLUMNS if not c.per_sector]


def test_roles_are_those_the_reports_used():
    assert outcomes.key_outcomes() == ("area_km2", "cas_ru", "cas_ua", "cas_ru_mobilized")
    assert outcomes.precision_defaults() == ("area_km2", "cas_ua", "cas_ru")
    assert outcomes.headline()[:5] == ("area_km2", "outcome", "halt_day", "bridgehead", "bridgehead_day")
    assert outcomes.headline()[-3:] == ("breakthroughs", "collapses", "cascades")
    assert outcomes.categorical() == {
        "outcome": ("freeze", "ukraine_advance", "stalemate", "russian_collapse"),
        "bridgehead": ("held", "withdrawn", "trapped"),
        "halt_cause": ("none", "deterrence", "exhaustion"),
    }
    assert outcomes.column("bridgehead").values == ("held", "withdrawn", "trapped", "none")
    assert outcomes.parts("cas_ru", "cause") == ("cas_ru_combat", "cas_ru_strike", "cas_ru_captured")
    assert outcomes.parts("area_km2", "sector", SECTORS) == ("area_km2_north", "area_km2_south")


def test_public_schema_is_design_section_3():
    expected = {
        "replication",
        "seed",
        "area_km2",
        "area_km2_north",
        "area_km2_south",
        "front_km_north",
        "front_km_south",
        "outcome",
        "halt_day",
        "bridgehead",
        "bridgehead_day",
        "cas_ua",
        "cas_ru",
        "cas_ru_regular",
        "cas_ru_mobilized",
        "cas_ru_combat",
        "cas_ru_strike",
        "cas_ru_captured",
        "mobilized_called",
        "mobilized_committed",
        "commit_day",
        "aircraft_lost",
        "breakthroughs",
        "collapses",
    }
    assert set(outcomes.public_names(SECTORS)) == expected


def test_numeric_outcomes():
    numeric = outcomes.numeric_names()
    assert numeric[0] == "area_km2" and "cas_ru" in numeric and "strike_missions" in numeric
    assert not {"outcome", "halt_cause", "bridgehead", "replication"} & set(numeric)
    assert not any(n.startswith(("personnel_", "equipment_recovered_")) for n in numeric)  # audit columns
    assert outcomes.is_numeric_outcome("area_km2_lyman") and outcomes.is_numeric_outcome("front_km_x")
    assert outcomes.is_numeric_outcome("halt_day")
    for name in ("outcome", "seed", "personnel_present_ua", "nowhere", "area_km2_", ""):
        assert not outcomes.is_numeric_outcome(name), name


def test_declared_by_writer():
    assert [c.name for c in outcomes.declared_by("experiment")] == ["replication", "seed"]
    assert [c.name for c in outcomes.declared_by("bridgehead")] == [
        "bridgehead",
        "bridgehead_day",
        "bridgehead_order_day",
    ]
    assert [c.name for c in outcomes.declared_by("air")] == ["aircraft_lost", "sorties_flown"]
    assert sum(len(outcomes.declared_by(w)) for w in outcomes.WRITERS) == len(outcomes.COLUMNS)
    with pytest.raises(ValueError, match="not a writer"):
        outcomes.declared_by("weather")


def test_the_schema_takes_its_precision_outcomes_from_the_declarations():
    from sim.config.schema import PrecisionConfig

    assert PrecisionConfig().outcomes == list(outcomes.precision_defaults())


@pytest.mark.parametrize("scenario", scenario_names())
def test_every_scenario_emits_exactly_the_declared_columns(scenario):
    cfg = to_typed(
        sim.compose([f"+scenario={scenario}", "replications=1", "horizon_days=30", "executor=serial", "progress=false"])
    )
    seed = replication_seed(cfg.seed, 0)
    row = {"replication": 0, "seed": seed, **simulate(cfg, seed).row}  # as the experiment writes it
    assert list(row) == outcomes.column_names(cfg.theatre.sectors)
    for name, value in row.items():
        c = outcomes.column(name)
        if c.kind == "category":
            assert value in c.values, (name, value)
        else:
            assert isinstance(value, int | float) and not isinstance(value, bool), (name, value)
    for total, breakdown in {(c.part_of, c.breakdown) for c in outcomes.COLUMNS if c.part_of}:
        parts = sum(row[n] for n in outcomes.parts(total, breakdown, cfg.theatre.sectors))
        assert math.isclose(parts, row[total], rel_tol=1e-9, abs_tol=1e-6), (total, breakdown)


def test_flows_are_zero_when_nothing_has_happened():
    """A campaign of zero days leaves every flow (area, casualties, counts, arrivals) at exactly zero."""
    cfg = to_typed(sim.compose(["+scenario=advance", "horizon_days=0", "executor=serial", "progress=false"]))
    row = simulate(cfg, replication_seed(cfg.seed, 0)).row
    flows = outcomes.flow_names(cfg.theatre.sectors)
    assert "cas_ru_strike_billet" in flows and "area_km2_lyman" in flows and "resolve_ua" not in flows
    assert {name: row[name] for name in flows} == dict.fromkeys(flows, 0)
