"""A scenario file is data: what sim reads of it, and what it refuses before Hydra sees anything."""

from __future__ import annotations

import os
import threading

import pytest

import sim
from sim.config import registry, scenario_file
from sim.config.scenario_file import ScenarioFileError, has_code, parse, read_text


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("a: 1\na: 2\n", "duplicate key 'a'"),
        ("a: &x 1\nb: *x\n", "anchors"),
        ("a: [1, 2]\nb: *x\n", "aliases"),
        ("- 1\n- 2\n", "a mapping"),
        ("hydra:\n  run:\n    dir: x\n", "sets 'hydra'"),
        ("defaults:\n  - override /hydra/launcher: joblib\n", "defaults entry"),
        ("defaults:\n  - /hydra/callbacks: x\n", "defaults entry"),
        ("defaults: _self_\n", "defaults:"),
        ("combat:\n  _target_: os.system\n", "never instantiates"),
        ("x:\n  _partial_: true\n", "never instantiates"),
        ("description: ${oc.env:HOME}\n", "resolver"),
        ("description: ${${x}:HOME}\n", "resolver"),
        ("description: ${}\n", "resolver"),
        ("scenario_name: a/b\n", "plain name"),
        ("x: !!python/object/apply:os.system [ls]\n", "constructor"),
        ("1.5: x\n", "keys must be names"),
        ("a: " + "[" * 40 + "]" * 40 + "\n", "levels deep"),
        ("a: [" + ", ".join(["1"] * 10_001) + "]\n", "more than 10,000 values"),
    ],
)
def test_refused(text, reason):
    with pytest.raises(ScenarioFileError, match=reason.replace("[", r"\[").replace("$", r"\$")):
        parse(text)


def test_plain_data_passes_dates_stay_text_references_stay():
    data = parse(
        "defaults:\n  - override /theatre: sep2022\n  - _self_\nscenario_name: mine\n"
        "theatre:\n  start_date: 2022-09-06\ndescription: seed ${seed}\n"
    )
    assert data["theatre"]["start_date"] == "2022-09-06"
    assert data["description"] == "seed ${seed}"
    assert not has_code("${seed} and ${theatre.start_date} and ${..x}")
    assert has_code("${oc.env:HOME}") and has_code("${a.${b}}")


def test_only_regular_files_of_bounded_size_are_read(tmp_path):
    fifo = tmp_path / "evil.yaml"
    os.mkfifo(fifo)
    done = []

    def attempt():
        try:
            read_text(fifo)
        except ScenarioFileError as err:
            done.append(str(err))

    reader = threading.Thread(target=attempt, daemon=True)
    reader.start()
    reader.join(5)
    assert done == ["not a regular file"], "reading a FIFO blocked"
    with pytest.raises(ScenarioFileError, match="regular file"):
        read_text(tmp_path)
    zero = tmp_path / "zero.yaml"
    zero.symlink_to("/dev/zero")
    with pytest.raises(ScenarioFileError, match="regular file"):
        read_text(zero)
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (scenario_file.MAX_BYTES + 1))
    with pytest.raises(ScenarioFileError, match="larger than"):
        read_text(big)
    with pytest.raises(ScenarioFileError, match="cannot be opened"):
        read_text(tmp_path / "missing.yaml")
    (tmp_path / "latin.yaml").write_bytes(b"a: \xe9\n")
    with pytest.raises(ScenarioFileError, match="UTF-8"):
        read_text(tmp_path / "latin.yaml")


def test_a_refused_file_becomes_a_scenario_error_naming_the_key(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("scenario_name: mine\ntheatre:\n  sectors:\n    lyman:\n      lines:\n        - {at_km: x}\n")
    error = registry.scenario_config(path)["scenario_error"]
    assert error.startswith("mine.yaml is not a valid scenario file: theatre.sectors.lyman.lines[0].at_km='x'")


def test_a_scenario_is_read_only_when_asked_for(monkeypatch):
    read = []
    real = scenario_file.read_text
    monkeypatch.setattr(scenario_file, "read_text", lambda path, *a: read.append(path.name) or real(path, *a))
    registry.register()
    monkeypatch.setattr(registry, "_LOADED", {})
    monkeypatch.setattr(sim.api, "_COMPOSED", {})  # no composition kept from an earlier test
    for node in registry.ConfigStore.instance().repo["scenario"].values():
        node._node = None
    sim.compose(["+scenario=advance"])
    assert read == ["advance.yaml"]
    sim.compose(["+scenario=advance"])
    assert read == ["advance.yaml"]  # read once


def test_group_null_and_names(tmp_path, monkeypatch):
    with pytest.raises(sim.config.check.ConfigError, match="one of oct2022, sep2022"):
        registry.check_groups(["forces=null"])
    registry.check_groups(["forces=oct2022", "-m", "seed=1"])
    (tmp_path / "ok_name.yaml").write_text("a: 1\n")
    (tmp_path / "bad name.yaml").write_text("a: 1\n")
    monkeypatch.setenv("SIM_SCENARIOS", str(tmp_path))
    names = registry.scenario_names()
    assert "ok_name" in names and "bad name" not in names
