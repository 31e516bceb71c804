"""Hostile and bad input: each gets one clear line, a non-zero exit, and nothing earlier is lost."""

from __future__ import annotations

import os

import pytest

from tests.conftest import ROOT, run_cli

pytestmark = pytest.mark.slow
FAST = ["replications=3", "executor=serial", "horizon_days=10"]


def run_with_scenarios(tmp_path, text, args):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "mine.yaml").write_text(text)
    os.environ["SIM_SCENARIOS"] = str(folder)
    try:
        return run_cli(["+scenario=mine", *FAST, *args], tmp_path)
    finally:
        del os.environ["SIM_SCENARIOS"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("scenario_name: mine\ncombat: {law: [unclosed\n", "not a valid scenario file"),
        ("scenario_name: mine\ncombat:\n  lethality: 3\n", "combat.lethality"),
        ("scenario_name: mine\ncombat:\n  kill_rate: -0.1\n", "combat.kill_rate=-0.1"),
        ("scenario_name: mine\ncombat:\n  kill_rate: .nan\n", "finite"),
        ("scenario_name: mine\n_target_: os.system\n", "never instantiates"),
        ("scenario_name: mine\ndescription: ${oc.env:HOME}\n", "resolver"),
    ],
)
def test_bad_scenario_files(tmp_path, text, expected):
    proc = run_with_scenarios(tmp_path, text, [])
    assert proc.returncode == 2, proc.stdout
    assert len(proc.stderr.strip().splitlines()) == 1 and expected in proc.stderr
    assert not (tmp_path / "results").exists()


@pytest.mark.parametrize(("horizon", "ok"), [("0", True), ("36500", False)])
def test_horizons(tmp_path, horizon, ok):
    proc = run_cli([*FAST, f"horizon_days={horizon}", f"hydra.run.dir={tmp_path / 'run'}"], tmp_path)
    assert (proc.returncode == 0) == ok, proc.stderr
    if not ok:
        assert "horizon_days" in proc.stderr and "[0, 3650]" in proc.stderr


def test_unwritable_output_folder(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    proc = run_cli([*FAST, f"hydra.run.dir={blocker / 'run'}"], tmp_path)
    assert proc.returncode == 3 and "cannot write results" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_a_full_disk_keeps_what_was_saved(tmp_path, monkeypatch):
    import sim
    from sim.experiment import store

    calls = {"n": 0}
    real = store.PartStore.write_chunk

    def fill_up(self, outputs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        real(self, outputs)

    monkeypatch.setattr(store.PartStore, "write_chunk", fill_up)
    cfg = sim.compose(
        ["replications=10", "executor=serial", "executor.chunk_size=2", "horizon_days=10", "progress=false"]
    )
    with pytest.raises(OSError, match="No space"):
        sim.run(cfg, out_dir=tmp_path / "run")
    assert len(list((tmp_path / "run" / "parts").glob("outcomes-*.parquet"))) == 2
    assert not list((tmp_path / "run" / "parts").glob(".*tmp"))
    monkeypatch.setattr(store.PartStore, "write_chunk", real)
    resumed = sim.run(
        sim.compose(
            [
                "replications=10",
                "executor=serial",
                "executor.chunk_size=2",
                "horizon_days=10",
                "progress=false",
                f"resume={tmp_path / 'run'}",
            ]
        )
    )
    assert resumed.meta["computed_now"] == 6 and len(resumed.outcomes) == 10
    assert ROOT
