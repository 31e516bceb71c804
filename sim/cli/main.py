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
"""

from __future__ import annotations

import importlib
import os
import sys

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
