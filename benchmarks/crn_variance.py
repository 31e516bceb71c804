"""How much common random numbers narrow the CI of a difference between two close scenarios.

For each pair of configs A and B: run A and B with the same seed (CRN: replication i of both shares its
draws wherever they agree) and B again with another seed (independent). Compare the 95% CI half-width of
mean(B) − mean(A): paired (t on the differences, and the paired BCa bootstrap the comparison report
uses) under CRN, Welch's t (and the independent bootstrap) otherwise. The ratio of half-widths is the
precision gained; its inverse square is how many times more replications independent runs would need
for the same precision.

    python benchmarks/crn_variance.py                      # 300 replications per run, all cores
    python benchmarks/crn_variance.py --replications 1000 --executor serial
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from scipy import stats

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's sim, whatever is installed

import sim
from sim.stats import mean_difference

PAIRS = {
    "training": (
        "unprepared_conscripts: training_days 21 vs 28",
        ["+scenario=unprepared_conscripts", "mobilization.training_days=21"],
        ["+scenario=unprepared_conscripts", "mobilization.training_days=28"],
    ),
    "kill_rate": (
        "baseline: combat.kill_rate 0.012 vs 0.013",
        ["+scenario=baseline", "combat.kill_rate=0.012"],
        ["+scenario=baseline", "combat.kill_rate=0.013"],
    ),
}
OUTCOMES = ("area_km2", "cas_ru")


def run(overrides: list[str], seed: int, args: argparse.Namespace) -> np.ndarray:
    cfg = sim.compose(
        [*overrides, f"seed={seed}", f"replications={args.replications}", f"executor={args.executor}", "progress=false"]
    )
    return sim.run(cfg).outcomes


def half_width(ci) -> float:
    return float(ci.high - ci.low) / 2 if hasattr(ci, "high") else float(ci[1] - ci[0]) / 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2022, help="seed of A and of B under CRN")
    parser.add_argument("--other-seed", type=int, default=7, help="seed of B when independent")
    parser.add_argument("--pairs", nargs="+", choices=sorted(PAIRS), default=list(PAIRS))
    parser.add_argument("--executor", default="processes")
    args = parser.parse_args()

    header = (
        f"{'pair':<46} {'outcome':<9} {'diff CRN':>10} {'±CRN':>9} {'diff indep':>11} {'±indep':>9} "
        f"{'ratio t':>8} {'ratio boot':>10} {'corr':>6} {'x reps':>7}"
    )
    lines = []
    started = time.perf_counter()
    for key in args.pairs:
        title, a_over, b_over = PAIRS[key]
        t0 = time.perf_counter()
        a, b_crn, b_ind = run(a_over, args.seed, args), run(b_over, args.seed, args), run(b_over, args.other_seed, args)
        elapsed = time.perf_counter() - t0
        assert (a["seed"].to_numpy() == b_crn["seed"].to_numpy()).all()
        for column in OUTCOMES:
            x, y, z = (f[column].to_numpy(dtype=float) for f in (a, b_crn, b_ind))
            crn = stats.ttest_rel(y, x).confidence_interval(0.95)
            ind = stats.ttest_ind(z, x, equal_var=False).confidence_interval(0.95)
            boot_crn = mean_difference(y, x, paired=True)
            boot_ind = mean_difference(z, x, paired=False)
            ratio_t = half_width(crn) / half_width(ind)
            ratio_boot = half_width((boot_crn.ci_low, boot_crn.ci_high)) / half_width(
                (boot_ind.ci_low, boot_ind.ci_high)
            )
            corr = float(np.corrcoef(x, y)[0, 1])
            lines.append(
                f"{title:<46} {column:<9} {y.mean() - x.mean():>10,.0f} {half_width(crn):>9,.0f} "
                f"{z.mean() - x.mean():>11,.0f} {half_width(ind):>9,.0f} {ratio_t:>8.2f} {ratio_boot:>10.2f} "
                f"{corr:>6.2f} {1 / ratio_t**2:>7.1f}"
            )
        lines.append(f"{'':<46} (3 runs of {args.replications} replications in {elapsed:.1f} s)")
    print(f"CRN vs independent seeds: 95% CI half-width of mean(B) - mean(A), {args.replications} replications per run")
    print(
        "ratio = half-width CRN / half-width independent (t intervals; 'boot' = the report's bootstrap); "
        "corr = correlation of A and B across paired replications; x reps = 1 / ratio^2, the replications "
        "independent runs would need for the CRN precision, as a multiple"
    )
    print(header)
    print("\n".join(lines))
    print(f"total {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
