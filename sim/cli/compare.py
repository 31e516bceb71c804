"""`sim compare RESULT_DIR... [--out DIR]` (or `python -m sim compare ...`): compare finished runs in one report.

Each RESULT_DIR is a run folder (it holds `outcomes.parquet`) or a multirun folder (every subfolder that
holds one is a job). The report goes to `--out`, else into the first multirun folder given (beside the
jobs it compares), else to `results/comparisons/<timestamp>/`. A folder that is neither is refused with
one line and exit status 2, before anything is written (so is a folder whose tables cannot be read, or
whose tables were not written by sim); a report that cannot be written, with exit status 3.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from sim.cli.args import EXIT_IO, EXIT_USAGE, OneLineParser, one_line


def _fail(message: str, status: int = EXIT_USAGE) -> int:
    print(f"sim compare: error: {one_line(message)}", file=sys.stderr)
    return status


def main(argv: list[str] | None = None) -> int:
    parser = OneLineParser(prog="sim compare", description="Compare finished runs: comparison.md and figures.")
    parser.add_argument(
        "folders",
        nargs="+",
        type=Path,
        metavar="RESULT_DIR",
        help="a run folder or a multirun folder (its job subfolders are compared)",
    )
    parser.add_argument("--out", type=Path, help="where comparison.md and the figures go")
    parser.add_argument(
        "--all-pairs",
        action="store_true",
        help="the differences of every pair of jobs (default: each job against the first, the reference)",
    )
    parser.add_argument(
        "--resamples",
        type=int,
        default=None,
        metavar="N",
        help="bootstrap resamples of each difference's CI, 999 to 99,999 (default 9,999; its time grows with N)",
    )
    args = parser.parse_args(argv)

    from sim.experiment.results import ResultFolderError
    from sim.reporting.compare import compare, find_jobs
    from sim.stats import N_RESAMPLES, check_resamples

    resamples = N_RESAMPLES if args.resamples is None else args.resamples
    try:
        check_resamples(resamples)
    except ValueError as err:
        return _fail(f"--resamples: {err}")

    jobs: list[Path] = []
    multirun: Path | None = None
    for folder in args.folders:
        if not folder.is_dir():
            return _fail(f"{folder} is not a folder")
        found = find_jobs(folder)
        if not found:
            return _fail(f"{folder} is not a result folder: no outcomes.parquet in it or in its subfolders")
        if found != [folder] and multirun is None:
            multirun = folder
        jobs += [j for j in found if j.resolve() not in {k.resolve() for k in jobs}]
    out = args.out or multirun or Path("results") / "comparisons" / datetime.now().strftime("%Y-%m-%d_%H-%M-%S")
    try:
        pairs = "all" if args.all_pairs else "reference"
        path = compare(jobs, out, pairs=pairs, n_resamples=resamples)  # reads every job before it writes anything
    except ResultFolderError as err:
        return _fail(str(err))
    except OSError as err:
        return _fail(f"cannot write the comparison to {out}: {err.strerror or err}", EXIT_IO)
    print(f"comparison of {len(jobs)} job{'s' * (len(jobs) != 1)} -> {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
