"""The comparison's pairs: each job against the reference by default, so its cost grows with the number of jobs
and not with its square; every pair on request."""

from __future__ import annotations

import numpy as np
import pytest

from sim.reporting.compare import label_jobs, load_job
from sim.reporting.compare_report import report_markdown
from sim.reporting.compare_stats import comparison_data, job_pairs
from tests.reporting.test_compare_honest import N, _job


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8])
def test_reference_pairs_grow_with_the_jobs_and_all_pairs_with_their_square(n):
    jobs = [f"job{k}" for k in range(n)]
    reference = job_pairs(jobs)  # type: ignore[arg-type]
    assert reference == [("job0", j) for j in jobs[1:]]
    assert len(job_pairs(jobs, "all")) == n * (n - 1) // 2  # type: ignore[arg-type]


def test_an_unknown_choice_of_pairs_is_refused():
    with pytest.raises(ValueError, match="pairs='some'"):
        job_pairs([], "some")


def test_three_jobs_compared_against_the_first_unless_all_pairs_are_asked(tmp_path, small_run):
    cfg, results = small_run
    days = np.full(N, np.nan)
    folders = [
        _job(tmp_path / f"job{k}_{s}", cfg, s, days, results.daily)
        for k, s in enumerate(["baseline", "advance", "dissuasion"])
    ]
    jobs = [load_job(f) for f in folders]
    common = label_jobs(jobs)
    data = comparison_data(jobs, common, n_resamples=99, seed=0)
    assert [(p["first"], p["second"]) for p in data["pairs"]] == [("baseline", "advance"), ("baseline", "dissuasion")]
    assert "compared with the first, `baseline`" in "\n".join(report_markdown(data, {}, tmp_path).splitlines())
    every = comparison_data(jobs, common, n_resamples=99, seed=0, pairs="all")
    assert len(every["pairs"]) == 3 and ("advance", "dissuasion") in [(p["first"], p["second"]) for p in every["pairs"]]
