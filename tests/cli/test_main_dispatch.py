"""`sim SUBCOMMAND ...` in-process: the dispatcher hands a subcommand its arguments and exits with its status;
`program` (what `python -m sim` runs) ends the process with the status `main` ends with."""

from __future__ import annotations

import atexit
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import sim.cli.main as cli_main
from sim.cli.main import SUBCOMMANDS, main

ROOT = Path(__file__).resolve().parents[2]


def test_a_subcommand_gets_its_arguments_and_its_status_is_the_exit_status(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["provenance", "--format", "csv"])
    assert exit_.value.code in (0, None)
    assert capsys.readouterr().out.startswith("key,")
    assert set(SUBCOMMANDS) == {"compare", "validate", "provenance", "calibrate"}


def test_calibrate_is_a_subcommand(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["calibrate", "--help"])
    assert exit_.value.code == 0
    assert "sim calibrate" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("ending", "status"),
    [(lambda: None, 0), (lambda: sys.exit(), 0), (lambda: sys.exit(2), 2), (lambda: sys.exit(130), 130)],
)
def test_the_program_ends_with_the_status_main_ends_with(monkeypatch, ending, status):
    ended: list[int] = []
    monkeypatch.setattr(cli_main, "main", ending)
    monkeypatch.setattr(cli_main, "finish", ended.append)  # the real one would end the test process
    cli_main.program()
    assert ended == [status]


def test_a_message_given_to_exit_is_left_to_python(monkeypatch):
    ended: list[int] = []
    monkeypatch.setattr(cli_main, "main", lambda: sys.exit("sim: no"))
    monkeypatch.setattr(cli_main, "finish", ended.append)
    with pytest.raises(SystemExit, match="sim: no"):
        cli_main.program()
    assert ended == []


def test_finish_runs_the_exit_handlers_joins_the_threads_flushes_and_keeps_the_status():
    script = (
        "import atexit, sys, threading, time\n"
        "from sim.cli.main import finish\n"
        "atexit.register(lambda: print('handler', flush=False))\n"
        "threading.Thread(target=lambda: (time.sleep(0.2), print('thread', end=' '))).start()\n"
        "print('out', end=' ')\n"
        "sys.stderr.write('err')\n"
        "finish(3)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (proc.returncode, proc.stdout, proc.stderr) == (3, "out thread handler\n", "err")


def test_finish_joins_the_threads_then_runs_the_exit_handlers_then_flushes_then_exits(monkeypatch):
    """The order of Python's own shutdown, in this process (each step recorded instead of done)."""
    steps: list[object] = []

    class Ended(Exception):
        pass

    def exit_(code: int) -> None:
        steps.append(code)
        raise Ended

    class Stream:
        def __init__(self, name: str, fails: bool = False) -> None:
            self.name, self.fails = name, fails

        def flush(self) -> None:
            steps.append(self.name)
            if self.fails:
                raise BrokenPipeError

    monkeypatch.setattr(threading, "_shutdown", lambda: steps.append("threads"))
    monkeypatch.setattr(atexit, "_run_exitfuncs", lambda: steps.append("atexit"))
    monkeypatch.setattr(sys, "stdout", Stream("stdout", fails=True))
    monkeypatch.setattr(sys, "stderr", Stream("stderr"))
    monkeypatch.setattr(os, "_exit", exit_)
    with pytest.raises(Ended):
        cli_main.finish(141)
    assert steps == ["threads", "atexit", "stdout", "stderr", 141]
