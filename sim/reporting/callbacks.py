"""Hydra callbacks: compare the jobs of a sweep as soon as the sweep ends.

Registered in `configs/config.yaml` under `hydra.callbacks`, `CompareOnMultirunEnd` writes the jobs'
outcomes in one table (`outcomes.parquet`: job, override columns, outcomes; `sim.reporting.sweep`), then
`comparison.md` and its figures into the sweep folder, so `python -m sim -m +scenario=a,b` ends with the
comparison already made. The jobs are on disk by then, so a failing comparison only prints a line
saying how to retry; it never fails the sweep.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from hydra.experimental.callback import Callback
from omegaconf import DictConfig

from sim.stats import N_RESAMPLES, check_resamples


class CompareOnMultirunEnd(Callback):
    """After a multirun with at least `min_jobs` finished jobs, write the comparison into its folder."""

    def __init__(self, min_jobs: int = 2, pairs: str = "reference", resamples: int = N_RESAMPLES) -> None:
        from sim.reporting.compare_stats import job_pairs

        job_pairs([], pairs)  # a bad choice is refused as the sweep starts, not once its jobs are done
        self.min_jobs = min_jobs
        self.pairs = pairs  # `hydra.callbacks.compare.pairs=all` compares every pair of jobs
        self.resamples = check_resamples(resamples)  # `hydra.callbacks.compare.resamples=1999`: faster, rougher

    def on_multirun_end(self, config: DictConfig, **kwargs: Any) -> None:
        from sim.reporting import drawer
        from sim.reporting.compare import compare, find_jobs
        from sim.reporting.sweep import write_sweep_table

        sweep = Path(str(config.hydra.sweep.dir))
        jobs = [j for j in find_jobs(sweep) if j != sweep]
        if not jobs:
            return
        try:
            table = write_sweep_table(jobs, sweep)
        except Exception as err:
            reason = " ".join(str(err).split())
            print(f"sim: the sweep's combined table failed ({type(err).__name__}: {reason})", file=sys.stderr)
        else:
            print(f"outcomes of {len(jobs)} {'job' if len(jobs) == 1 else 'jobs'} in one table -> {table}")
        if len(jobs) < self.min_jobs:
            return
        try:  # by the drawer forked as the sweep started (its imports done beside the jobs), else here
            path = drawer.compare(jobs, sweep, pairs=self.pairs, n_resamples=self.resamples) or compare(
                jobs, sweep, pairs=self.pairs, n_resamples=self.resamples
            )
        except Exception as err:
            reason = " ".join(str(err).split())
            print(
                f"sim: comparison failed ({type(err).__name__}: {reason}); retry with: python -m sim compare {sweep}",
                file=sys.stderr,
            )
            return
        print(f"comparison of {len(jobs)} jobs -> {path}")
