"""Hostile and bad input: each gets one clear line, a non-zero exit, and nothing earlier is lost."""

from __future__ import annotations

import os

import pytest

from tests.conftest import ROOT, run_cli

pytestmark = pytest.mark.slow
FAST = ["replications=3", "executor=serial", "horizon_days=10", "plots=false"]


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
        [
            "replications=10",
            "executor=serial",
            "executor.chunk_size=2",
            "horizon_days=10",
            "progress=false",
            "plots=false",
        ]
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


# ------------------------------------------------------------------ a scenario file is data (issue 18)
def one_line(proc):
    return len(proc.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "hydra_block",
    [
        "hydra:\n  callbacks:\n    x:\n      _target_: builtins.open\n      file: {victim}\n      mode: w\n",
        "hydra:\n  job_logging:\n    version: 1\n    handlers:\n      f:\n        class: logging.FileHandler\n"
        "        filename: {victim}\n        mode: w\n    root:\n      handlers: [f]\n",
        "hydra:\n  run:\n    dir: ${{oc.env:HOME}}/x\n",
        "defaults:\n  - override /hydra/job_logging: disabled\n",
        "hydra:\n  job:\n    env_set:\n      SIM_PWNED: '1'\n",
    ],
    ids=["callback", "job_logging", "run_dir_resolver", "defaults_hydra_group", "env_set"],
)
def test_a_hydra_block_in_a_scenario_file_is_refused_and_never_applied(tmp_path, hydra_block):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    text = "scenario_name: mine\n" + hydra_block.format(victim=victim)
    proc = run_with_scenarios(tmp_path, text, [])
    assert proc.returncode == 2, proc.stderr
    assert one_line(proc) and "not a valid scenario file" in proc.stderr
    assert victim.read_text() == "precious\n"
    assert not (tmp_path / "results").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine", "victim.txt"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("scenario_name: mine\nseed: 1\nseed: 2\n", "duplicate key 'seed'"),
        ("scenario_name: mine\nx: &a [1, 2]\ny: *a\n", "anchors"),
        ("scenario_name: mine\ncombat:\n  kill_rate: !!python/object:os.system x\n", "not a valid scenario file"),
        ("scenario_name: ../../x\n", "plain name"),
        (
            "scenario_name: mine\ntheatre:\n  sectors:\n    lyman:\n      lines:\n        - {at_km: 1, bogus: 2}\n",
            "theatre.sectors.lyman.lines[0].bogus",
        ),
        ("scenario_name: mine\ndescription: ${seed}\nseed: 5\ntheatre:\n  start_date: ${oc.env:HOME}\n", "resolver"),
    ],
    ids=["duplicate_key", "alias", "python_tag", "path_as_name", "deep_unknown_key", "nested_resolver"],
)
def test_more_bad_scenario_files(tmp_path, text, expected):
    proc = run_with_scenarios(tmp_path, text, [])
    assert proc.returncode == 2, proc.stderr
    assert one_line(proc) and expected in proc.stderr, proc.stderr
    assert not (tmp_path / "results").exists()


def test_a_hostile_scenario_folder_stalls_nothing(tmp_path):
    """A FIFO, /dev/zero, a folder and an oversized file named *.yaml: every other scenario runs at once,
    and asking for one of them is one line."""
    folder = tmp_path / "hostile"
    folder.mkdir()
    os.mkfifo(folder / "evil.yaml")
    (folder / "zero.yaml").symlink_to("/dev/zero")
    (folder / "dir.yaml").mkdir()
    (folder / "big.yaml").write_text("scenario_name: big\n" + "# padding\n" * 120_000)
    env = {"SIM_SCENARIOS": str(folder)}
    proc = run_cli([*FAST, f"hydra.run.dir={tmp_path / 'run'}"], tmp_path, timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr
    for name, reason in [
        ("evil", "regular file"),
        ("zero", "regular file"),
        ("dir", "regular file"),
        ("big", "larger"),
    ]:
        proc = run_cli([f"+scenario={name}", *FAST], tmp_path, timeout=60, env=env)
        assert proc.returncode == 2 and one_line(proc) and reason in proc.stderr, proc.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["seed=-1"], "seed=-1 is not allowed: an integer >= 0"),
        (["theatre.start_date=notadate"], "theatre.start_date='notadate' is not allowed: a date"),
        (["forces=null"], "forces='null' is not allowed: one of oct2022"),
        (["forces={}"], "at least one formation"),
        (["theatre.sectors={}"], "at least one sector"),
        (["executor=dask", "executor.address=http://127.0.0.1:8786"], "tcp://HOST:PORT"),
        (["executor=dask", "executor.address=tcp://127.0.0.1"], "tcp://HOST:PORT"),
        (["+forces.x.personnel=1"], "forces.x.personnel='1' is not allowed: a key of an existing formation"),
        (["replications=1e9"], "at most 1000000"),
        (["executor=dask", "executor.n_workers=1000"], "executor.n_workers=1000 is not allowed: at most"),
        (["executor=processes", "executor.n_workers=1000"], "executor.n_workers=1000 is not allowed: at most"),
        (["+theatre.sectors.lyman.lines.0.bogus=1"], "theatre.sectors.lyman.lines[0].bogus="),
        (["theatre=nowhere"], "theatre='nowhere' is not allowed: one of oct2022, sep2022"),
        (["horizon_days=3650", "replications=100000"], "replications x days"),
    ],
    ids=lambda v: "_".join(v) if isinstance(v, list) else None,
)
def test_bad_values_are_one_line_and_exit_2(tmp_path, args, expected):
    proc = run_cli([*FAST, *args], tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert one_line(proc) and expected in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert not (tmp_path / "results").exists()
