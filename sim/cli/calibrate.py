"""`sim calibrate` (or `python -m sim calibrate`): weigh futures against the public record of autumn 2022.

    sim calibrate +scenario=advance +explore=record record.until=2022-10-31
    sim calibrate +scenario=dissuasion,advance,unprepared_conscripts +explore=record calibrate.n=2000
    sim calibrate ... out=results/mine            # output folder (default results/calibration/<timestamp>/)

Every argument but `out=` is a Hydra override applied to each future (`+scenario=` takes a comma-separated list:
two or more futures are also weighed against each other). Writes calibration.md (the answer first),
calibration.json, posterior.parquet, predictive.parquet, prior.parquet, record.parquet, the figures, and the
conditioned futures' comparison under conditioned/. A bad value is one line and exit status 2; a folder that
cannot be written, exit status 3 (tried before any simulation). The same `out=` resumes an interrupted
calibration: the prior's runs already on disk are not run again.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from sim.cli.args import EXIT_INTERRUPTED, EXIT_IO, EXIT_USAGE, one_line
from sim.experiment import stop

PROG = "sim calibrate"


def split(argv: Sequence[str]) -> tuple[list[str], list[str], Path | None]:
    """(futures, the other overrides, out folder) from the command line."""
    futures: list[str] = []
    overrides: list[str] = []
    out: Path | None = None
    for arg in argv:
        key, sep, value = arg.partition("=")
        if sep and key.lstrip("+") == "scenario":
            futures += [v.strip() for v in value.split(",") if v.strip()]
        elif sep and key in ("out", "--out"):
            out = Path(value)
        else:
            overrides.append(arg)
    return futures, overrides, out


def _fail(message: str, status: int = EXIT_USAGE) -> int:
    print(f"{PROG}: {one_line(message)}", file=sys.stderr)
    return status


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if any(a in ("-h", "--help") for a in args):
        print(__doc__)
        return 0
    stop.install()  # a Ctrl-C that lands in a finalizer still stops the calibration
    futures, overrides, out = split(args)
    bad = [a for a in overrides if "=" not in a]
    if bad:
        return _fail(f"error: {bad[0]!r} is not allowed: key=value overrides, +scenario=A,B and out=DIR")
    from hydra.errors import HydraException
    from omegaconf.errors import OmegaConfBaseException

    from sim.api import compose
    from sim.cli.run import explain
    from sim.config.check import ConfigError, check, to_typed

    try:
        cfgs = []
        for name in futures or [""]:
            composed = compose(([f"+scenario={name}"] if name else []) + overrides)
            cfg = to_typed(composed)
            check(cfg)
            cfgs.append(cfg)
        listed = cfgs[0].calibrate.futures
        if listed and not futures:
            cfgs = [to_typed(compose([f"+scenario={n}", *overrides])) for n in listed]
            for cfg in cfgs:
                check(cfg)
        from sim.calibration.run import prepare, target

        target(cfgs[0])
        prepare(cfgs)
    except (ConfigError, HydraException, OmegaConfBaseException) as err:
        return _fail(explain(err))
    folder = out or Path("results") / "calibration" / datetime.now().strftime("%Y-%m-%d_%H-%M-%S")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".write-test-{os.getpid()}"
        probe.write_text("")
        probe.unlink()
    except OSError as err:
        return _fail(f"cannot write the calibration to {folder}: {err.strerror or err}", EXIT_IO)
    from sim.calibration.report import write
    from sim.calibration.run import calibrate

    try:
        cal = calibrate(cfgs, folder)
        path = write(cal, folder)
    except ConfigError as err:  # the folder holds another calibration's runs (checked before any is run)
        return _fail(explain(err))
    except KeyboardInterrupt:
        return _fail(f"interrupted: the runs saved so far are kept; the same out={folder} resumes", EXIT_INTERRUPTED)
    except OSError as err:
        return _fail(f"cannot write the calibration to {folder}: {err.strerror or err}", EXIT_IO)
    m = cal.meta
    print(
        f"calibration of {', '.join(m['futures'])} on the record to {m['until']}: "
        f"{m['simulations_prior'] + m['simulations_predictive']:,} simulations in {m['elapsed_s']:.0f} s -> {path}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
