"""`sim` and `python -m sim`: run a scenario (Hydra overrides), or one of the subcommands.

    sim [+scenario=NAME] [key=value ...] [-m ...]   run a scenario or a sweep (sim/cli/run.py)
    sim compare RESULT_DIR... [--out DIR]           compare finished runs (sim/cli/compare.py)
    sim validate [--quick] [--only GROUPS] ...      the model validation suite (sim/cli/validate.py)
    sim provenance [--format md|csv] [--role R]     every parameter: default, range, unit, source
    sim calibrate +scenario=A[,B...] +explore=SET   weigh futures against the record (sim/cli/calibrate.py)

A first argument naming a subcommand goes to it; anything else is Hydra's (overrides hold `=`, flags
start with `-`, so no override can be mistaken for a subcommand).

Output read by a process that leaves early (`python -m sim --help | head`) ends every command quietly, as
Unix tools do: no message, no traceback, exit status 141 (128 + SIGPIPE, what a shell reports for `yes | head`).

Run as the program (`python -m sim`, the `sim` script: `program`), a run that will draw figures, or a sweep,
first forks a drawer for them (`sim.reporting.drawer`), and a command ends without the interpreter's teardown; called
in-process (`main([...])`, as the tests do) it ends as any function does, or by SystemExit.
"""

from __future__ import annotations

import atexit
import importlib
import os
import sys
import threading
from typing import NoReturn

SUBCOMMANDS = {
    "compare": "sim.cli.compare",
    "validate": "sim.cli.validate",
    "provenance": "sim.config.provenance",
    "calibrate": "sim.cli.calibrate",
}
EXIT_PIPE = 141


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else list(argv)
    try:
        try:
            if args and args[0] in SUBCOMMANDS:
                sys.exit(importlib.import_module(SUBCOMMANDS[args[0]]).main(args[1:]))
            from sim.cli.run import main as run

            run()
        finally:
            sys.stdout.flush()  # a reader that left is found here, not in Python's shutdown (which would say so)
    except BrokenPipeError:
        closed_pipe()


def closed_pipe() -> None:
    """Exit quietly: point stdout and stderr at /dev/null so that nothing flushed at exit fails again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for fd in (1, 2):
        os.dup2(devnull, fd)
    sys.exit(EXIT_PIPE)


def program() -> NoReturn:
    """`python -m sim` and the `sim` script: `main()`, then the end of the process without the interpreter's
    teardown. A command's work is done once its output is flushed and the exit handlers have run; what Python
    does after them (freeing every module and object of scipy, pandas, matplotlib, pyarrow and Hydra, one by
    one) only costs time: about 0.7 s on a slow machine, an eighth of a `plots=false` run. So the process ends
    as Python would end it, up to that point (the non-daemon threads joined, the `atexit` handlers run:
    logging's flush and close, multiprocessing's and Dask's clean-up, coverage's saving of its data in a
    measured subprocess; stdout and stderr flushed), then leaves with `os._exit` and the same exit status.

    Only a normal return or a SystemExit with a status (None or an int: every path of sim's commands, the
    one-line errors 2, 3, 130 and the closed pipe's 141 included) ends this way; anything else (a SystemExit
    with a message, an uncaught exception) is left to Python, which reports it as it always has."""
    from sim.reporting import drawer

    kind = drawer.wanted(sys.argv[1:], tuple(SUBCOMMANDS))
    if kind is not None:  # a run's figures or a sweep's comparison: their drawer imports beside the run
        drawer.start(kind)
    try:
        main()
        code = 0
    except SystemExit as stop:
        if stop.code is not None and not isinstance(stop.code, int):
            raise
        code = int(stop.code or 0)
    finish(code)


def finish(code: int) -> NoReturn:
    """End the process with status `code` as the interpreter's shutdown would, without its teardown."""
    shutdown = getattr(threading, "_shutdown", None)  # joins non-daemon threads, runs threading's exit hooks
    if shutdown is not None:  # (concurrent.futures' pools are shut down there, before atexit's handlers)
        shutdown()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # a reader that left, or a stream closed by a handler: nothing to add
            pass
    os._exit(code)
