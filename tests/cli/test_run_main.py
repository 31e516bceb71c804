"""`sim.cli.run.main` in this process (the subprocess tests show the user's view; these reach the paths a
subprocess cannot provoke): every way a run ends is one line, a status, and no stray folder."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import pytest

import sim.api
from sim.cli import run as cli
from sim.experiment.executors import ExecutorError

TINY = ["replications=2", "horizon_days=3", "executor=serial", "progress=false", "plots=false"]
QUIET = ["hydra/job_logging=disabled", "hydra/hydra_logging=disabled"]


@pytest.fixture
def main(monkeypatch, capsys):
    """Call `main()` with these arguments; returns (exit status, stdout, stderr)."""
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    monkeypatch.delenv("HYDRA_FULL_ERROR", raising=False)

    def call(args: list[str]) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["sim", *args, *QUIET])
        try:
            cli.main()
            code = 0
        except SystemExit as stop:
            code = int(stop.code or 0)
        finally:
            for s, handler in saved.items():
                signal.signal(s, handler)
        out, err = capsys.readouterr()
        return code, out, err

    return call


def failing(error: BaseException):
    def run(*args, **kwargs):
        on_claim = kwargs.get("on_claim")
        if on_claim is not None and kwargs.get("out_dir") is not None:
            folder = Path(kwargs["out_dir"])
            folder.mkdir(parents=True, exist_ok=True)
            (folder / ".claim").write_text("")
            (folder / "config.yaml").write_text("{}\n")
            on_claim(folder)
        raise error

    return run


def test_a_run_moves_its_provenance_into_the_claimed_folder(main, tmp_path):
    code, out, err = main([*TINY, f"hydra.run.dir={tmp_path / 'run'}"])
    assert code == 0, err
    assert (tmp_path / "run" / ".hydra" / "overrides.yaml").exists()
    assert not list((tmp_path / "run").glob(".hydra-*"))
    assert "2 replications" in out


@pytest.mark.parametrize(
    ("error", "status", "text", "kept"),
    [
        (RuntimeError("boom"), 1, "internal error: RuntimeError: boom", False),
        (ExecutorError("cannot reach the Dask scheduler"), 2, "executor error: cannot reach", False),
        (OSError(28, "No space left on device"), 3, "cannot write results", True),
        (KeyboardInterrupt(), 130, "interrupted", True),
    ],
    ids=["bug", "executor", "disk", "interrupt"],
)
def test_every_end_of_a_run_is_a_status_and_a_clear_message(main, tmp_path, monkeypatch, error, status, text, kept):
    monkeypatch.setattr(sim.api, "run", failing(error))
    code, _, err = main([*TINY, f"hydra.run.dir={tmp_path / 'run'}"])
    assert code == status, err
    assert text in err and "Traceback" not in err
    if status != 130:
        assert len(err.strip().splitlines()) == 1, err
    assert (tmp_path / "run").exists() == kept
    if kept:
        assert (tmp_path / "run" / ".hydra").is_dir()


def test_bad_input_before_and_after_composition(main, tmp_path):
    cases = [
        (["forces=null"], "forces='null' is not allowed: one of"),
        (["theatre.sectors={}"], "at least one sector"),
        (["seed=-1"], "seed=-1 is not allowed"),
        (["+forces.x.personnel=1"], "a key of an existing formation"),
        (["+combat.law=square"], "Set it without the + prefix"),
        (["theatre=nowhere"], "theatre='nowhere' is not allowed: one of"),
        (["combat.law=a{b"], "an override key=value"),
    ]
    for args, text in cases:
        code, _, err = main([*TINY, *args, f"hydra.run.dir={tmp_path / 'run'}"])
        assert code == 2 and text in err and len(err.strip().splitlines()) == 1, (args, err)
        assert not (tmp_path / "run").exists(), args


def test_a_replay_writes_its_story_with_provenance(main, tmp_path):
    code, _, err = main([*TINY, "replay=1", f"hydra.run.dir={tmp_path / 'replay'}"])
    assert code == 0, err
    assert (tmp_path / "replay" / "replay-1.md").exists() and (tmp_path / "replay" / ".hydra").is_dir()


def test_discard_keeps_a_folder_that_holds_another_run(tmp_path):
    folder = tmp_path / "shared"
    (folder / ".hydra-abc123").mkdir(parents=True)
    (folder / ".claim").write_text("")
    (folder / "sim.log").write_text("")
    cli._discard(folder, folder / ".hydra-abc123")
    assert sorted(p.name for p in folder.iterdir()) == [".claim", "sim.log"]
    (folder / ".claim").unlink()
    cli._discard(folder, None)
    assert not folder.exists()


def test_second_signal_exits_at_once(monkeypatch):
    exits = []
    monkeypatch.setattr(cli.os, "_exit", exits.append)
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        with pytest.raises(KeyboardInterrupt):
            cli._interrupt(signal.SIGTERM, None)
        assert signal.getsignal(signal.SIGINT) is cli._exit_now
        cli._exit_now(signal.SIGINT, None)
    finally:
        for s, handler in saved.items():
            signal.signal(s, handler)
    assert exits == [130]


def test_a_sweep_composes_each_job_once_and_each_job_gets_its_own(main, tmp_path, monkeypatch):
    from hydra._internal.config_loader_impl import ConfigLoaderImpl

    composed: list[tuple[str, ...]] = []
    compose = ConfigLoaderImpl._load_configuration_impl

    def counted(self, *args, **kwargs):
        composed.append(tuple(kwargs.get("overrides", args[1] if len(args) > 1 else ())))
        return compose(self, *args, **kwargs)

    monkeypatch.setattr(ConfigLoaderImpl, "_load_configuration_impl", counted)
    code, _, err = main(["-m", "seed=11,12,13", *TINY, f"hydra.sweep.dir={tmp_path / 'sweep'}"])
    assert code == 0, err
    assert len(composed) == 1 + 3  # the master config, then each job once (Hydra alone: 1 + 2 per job)
    for job, seed in enumerate((11, 12, 13)):
        config = (tmp_path / "sweep" / f"job{job}_baseline" / "config.yaml").read_text()
        assert f"seed: {seed}\n" in config
