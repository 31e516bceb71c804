"""Every number of the model says where it comes from, and every key says what role it plays in a run."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pytest

from sim.config import provenance
from sim.config.fields import CONTROL, MODEL, ROLES, design, number, positive, section
from sim.config.provenance import every_field, keys_with_role, markdown, role_of, rows
from sim.config.schema import SimConfig
from sim.experiment import folder
from sim.reporting import compare


def unsourced(cls: type = SimConfig) -> list[str]:
    return [
        key
        for key, f in every_field(cls)
        if role_of(f) == MODEL and not f.metadata.get("section") and not str(f.metadata.get("source", "")).strip()
    ]


def test_every_model_field_names_its_source():
    """A public source, `data: <file>` for the shapes of the data files, or a text starting with `assumption`."""
    assert unsourced() == [], "model fields without a source"


@dataclass
class Part:
    rate: float = positive(1.0)
    sourced: float = positive(1.0, source="assumption")


@dataclass
class Whole:
    part: Part = section(Part)  # noqa: RUF009 (a dataclasses.field with a factory)
    threshold: float = number(2.0, source="  ")
    seed: int = design(1)


def test_a_field_without_a_source_is_caught():
    assert unsourced(Whole) == ["part.rate", "threshold"]


def test_an_assumption_says_so_first():
    """A source that mentions an assumption starts with the word (or is a data file reference that does), so that
    `basis` counts it as one."""
    misfiled = [
        (key, f.metadata["source"])
        for key, f in every_field()
        if role_of(f) == MODEL
        and "assumption" in f.metadata["source"].lower()
        and provenance.basis(f.metadata["source"]) == provenance.PUBLIC
    ]
    assert misfiled == []


def test_every_field_has_a_role_and_a_section_shares_it():
    unmarked = [key for key, f in every_field() if role_of(f) not in ROLES]
    assert unmarked == [], f"fields without a role mark: {unmarked}"
    for key, f in every_field():
        if f.metadata.get("section"):
            inner = {role_of(g) for k, g in every_field() if k.startswith(key + ".")}
            assert inner == {role_of(f)}, key


def test_roles_of_the_top_level_keys():
    assert set(keys_with_role(CONTROL)) == {"executor", "progress", "resume", "replay", "record_trace", "plots"}
    assert set(keys_with_role("design")) == {
        "seed",
        "replications",
        "precision",
        "stochastic",
        "explore",
        "record",
        "calibrate",
    }
    assert set(keys_with_role("label")) == {"scenario_name", "scenario_error", "description"}
    assert "horizon_days" in keys_with_role(MODEL)
    with pytest.raises(ValueError, match="one of"):
        keys_with_role("modle")


def test_the_resume_check_ignores_the_same_keys_as_before():
    assert set(folder.IGNORED) == {"executor", "progress", "resume", "replay", "record_trace", "plots"}


def test_comparison_leaves_out_the_same_keys_as_before():
    dropped = set(compare.RUN_ONLY_KEYS) | set(compare.SCENARIO_KEYS)
    before = {"executor", "progress", "resume", "replay", "record_trace", "plots", "hydra", "description"}
    # scenario_error is new here and harmless: a run whose scenario file was broken never finishes
    assert dropped == before | {"scenario", "scenario_name", "scenario_error"}


def test_replay_command_keeps_what_it_kept():
    overrides = [
        "+scenario=advance",
        "combat.law=linear",
        "record_trace=true",
        "progress=false",
        "resume=results/x",
        "replay=3",
        "executor=dask",
        "executor.n_workers=2",
        "hydra/launcher=joblib",
    ]
    command = compare.Job(Path("job0"), None, overrides).replay_command(5)  # type: ignore[arg-type]
    assert command == "python -m sim +scenario=advance combat.law=linear record_trace=true replay=5"


def test_rows_cover_every_leaf_once():
    keys = [r.key for r in rows()]
    assert len(keys) == len(set(keys))
    leaves = {key for key, f in every_field() if not f.metadata.get("section") and "<" not in key and "[]" not in key}
    assert set(keys) == leaves
    assert {"theatre.sectors", "forces", "manoeuvre.captured_share", "seed", "executor.name"} <= set(keys)
    assert not any(k.startswith(("theatre.sectors.", "forces.")) for k in keys), "the data files are one row each"


def test_rows_of_one_role():
    model = rows(MODEL)
    assert model and all(r.role == MODEL and r.source for r in model)
    assert {r.key for r in rows(CONTROL)} == {
        "resume",
        "replay",
        "record_trace",
        "plots",
        "progress",
        "executor.name",
        "executor.n_workers",
        "executor.chunk_size",
        "executor.address",
    }


def test_a_row_holds_default_range_unit_and_source():
    row = provenance.row("mobilization.called_up")
    assert row.default == 300000.0
    assert row.allowed == "[0, inf)"
    assert row.unit == "soldiers"
    assert row.source.startswith("partial mobilization decree of 21 Sept 2022")
    assert row.basis == provenance.PUBLIC
    assert provenance.row("combat.law").allowed == "one of square, linear, helmbold"
    assert provenance.row("strikes.launchers").allowed == "integer in [0, inf)"
    assert provenance.row("combat.kill_rate").allowed == "(0, inf)"
    assert provenance.row("forces").basis == provenance.DATA
    with pytest.raises(KeyError):
        provenance.row("combat.nothing")


def test_markdown_lists_every_row_with_its_range():
    text = markdown()
    lines = text.splitlines()
    for r in rows():
        assert sum(1 for line in lines if line.startswith(f"| `{r.key}` |")) == 1, r.key
    captured = next(line for line in lines if line.startswith("| `manoeuvre.captured_share` |"))
    assert "| [0, 1] |" in captured
    assert "| share |" in captured
    assert "Izium/Lyman" in captured
    assert "model parameters:" in text


def test_main_prints_markdown_or_csv(capsys):
    assert provenance.main([]) == 0
    text = capsys.readouterr().out
    assert "`combat.kill_rate`" in text
    assert "`seed`" not in text  # only the model by default
    assert provenance.main(["--format", "csv", "--role", "all"]) == 0
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["key"] for r in table] == [r.key for r in rows()]
    seed = next(r for r in table if r["key"] == "seed")
    assert seed["role"] == "design"
    assert seed["default"] == "2022"
    with pytest.raises(SystemExit):
        provenance.main(["--role", "everything"])
