"""`sim` and `python -m sim`: run a scenario (Hydra overrides), or one of the subcommands.

    sim [+scenario=NAME] [key=value ...] [-m ...]   run a scenario or a sweep (sim/cli/run.py)
    sim compare RESULT_DIR... [--out DIR]           compare finished runs (sim/cli/compare.py)
    sim validate [--quick] [--only GROUPS] ...      the model validation suite (sim/cli/validate.py)
    sim provenance [--format md|csv] [--role R]     every parameter: default, range, unit, source

A first argument naming a subcommand goes to it; anything else is Hydra's (overrides hold `=`, flags
start with `-`, so no override can be mistaken for a subcommand).
"""

from __future__ import annotations

import importlib
import sys

SUBCOMMANDS = {"compare": "sim.cli.compare", "validate": "sim.cli.validate", "provenance": "sim.config.provenance"}


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else list(argv)
    if args and args[0] in SUBCOMMANDS:
        sys.exit(importlib.import_module(SUBCOMMANDS[args[0]]).main(args[1:]))
    from sim.cli.run import main as run

    run()
