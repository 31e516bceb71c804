"""`sim validate` (or `python -m sim validate`): run the validation suite and write its report.

    sim validate                       # full suite, about a minute on 2 cores
    sim validate --quick               # small version, a few seconds (also: quick=true)
    sim validate --out results/mine    # output folder (default results/validation/<timestamp>/)
    sim validate --only analytic,backtest --seed 7 --executor serial

Writes `validation.md` (pass/fail table, figures, tables), `validation.json`, PNG plots and Parquet tables, and
exits with status 1 if any check failed (2 for a usage error, with one line; 3 if the report folder cannot
be written, which is tried before any check runs). Arguments may also be given Hydra-style:
`quick=true out=DIR seed=7 only=analytic executor=serial`.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from sim.cli.args import EXIT_IO, OneLineParser, non_negative_int, one_line
from sim.validation.suite import FULL, GROUPS, QUICK, Settings, run_suite
from sim.version import __version__

TRUE = ("1", "true", "yes", "on")


def _hydra_style(argv: Sequence[str]) -> list[str]:
    """`quick=true` -> `--quick`; `key=value` -> `--key value`; everything else unchanged."""
    out: list[str] = []
    for arg in argv:
        key, sep, value = arg.partition("=")
        if sep and not arg.startswith("-"):
            if key == "quick":
                if value.strip().lower() in TRUE:
                    out.append("--quick")
                continue
            out += [f"--{key.replace('_', '-')}", value]
        else:
            out.append(arg)
    return out


def parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = OneLineParser(prog="sim validate", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small version of every check (a few seconds)")
    parser.add_argument(
        "--out", type=Path, default=None, help="output folder (default results/validation/<timestamp>/)"
    )
    parser.add_argument(
        "--seed", type=non_negative_int, default=FULL.seed, help=f"root seed, an integer >= 0 (default {FULL.seed})"
    )
    parser.add_argument(
        "--only", default=",".join(GROUPS), help=f"comma-separated groups to run, of {', '.join(GROUPS)} (default all)"
    )
    parser.add_argument(
        "--executor",
        choices=("serial", "processes"),
        default=None,
        help="executor for the campaign runs of the extreme checks (default: processes; serial "
        "with --quick, where worker start-up costs more than it saves)",
    )
    args = parser.parse_args(_hydra_style(argv))
    groups = tuple(g.strip() for g in args.only.split(",") if g.strip())
    unknown = [g for g in groups if g not in GROUPS]
    if unknown or not groups:
        parser.error(f"--only takes groups of {', '.join(GROUPS)}; got {args.only!r}")
    args.groups = groups
    return args


def _writable(folder: Path) -> None:
    """Create the report folder and write a file there, before a minute of checks: fail early."""
    folder.mkdir(parents=True, exist_ok=True)
    probe = folder / f".write-test-{os.getpid()}"
    probe.write_text("")
    probe.unlink()


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    base = QUICK if args.quick else FULL
    settings: Settings = base.with_(seed=args.seed, groups=args.groups, executor=args.executor or base.executor)
    started = datetime.now()
    folder = args.out or Path("results") / "validation" / started.strftime("%Y-%m-%d_%H-%M-%S")
    try:
        _writable(folder)
    except OSError as err:
        print(
            f"sim validate: cannot write the report to {folder}: {one_line(err.strerror or str(err))}", file=sys.stderr
        )
        return EXIT_IO
    clock = time.perf_counter()
    checks = run_suite(settings, progress=lambda message: print(f"  … {message}", file=sys.stderr, flush=True))
    elapsed = time.perf_counter() - clock

    from sim.validation.report import write_report

    meta = {
        "started": started.isoformat(timespec="seconds"),
        "mode": settings.name,
        "seed": settings.seed,
        "groups": list(settings.groups),
        "elapsed_s": round(elapsed, 2),
        "version": __version__,
        "command": "sim validate " + " ".join(sys.argv[1:] if argv is None else argv),
    }
    try:
        report = write_report(checks, folder, meta)
    except OSError as err:
        print(
            f"sim validate: cannot write the report to {folder}: {one_line(err.strerror or str(err))}", file=sys.stderr
        )
        return EXIT_IO
    width = max(len(c.key) for c in checks) if checks else 0
    for c in checks:
        print(f"{c.status}  {c.key:<{width}}  {c.summary}")
    failed = sum(not c.passed for c in checks)
    print(f"\n{len(checks) - failed}/{len(checks)} checks passed in {elapsed:.0f} s; report: {report}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
