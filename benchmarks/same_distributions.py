"""Are two runs of one scenario the same distributions? For a change that moves the random numbers or the
rounding, not the model: run the scenario before and after with the same seed and many replications, then

    python benchmarks/same_distributions.py BEFORE_FOLDER AFTER_FOLDER [BEFORE AFTER ...]

prints, per pair of result folders, a two-sample Kolmogorov–Smirnov test per numeric outcome and a
chi-square test per category column (scipy), and, since the seeds match, how many replications changed at
all and how many by more than a last digit. It exits 1 when a p-value falls below the
Bonferroni-corrected 5% level over all the tests printed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from sim.outcomes import categorical, is_numeric_outcome

ALPHA = 0.05


def tests(before: pd.DataFrame, after: pd.DataFrame) -> list[tuple[str, str, float, str]]:
    """(column, test, p-value, detail) for every public outcome both runs have."""
    rows = []
    for column in before.columns:
        if column not in after.columns:
            continue
        if column in categorical():
            counts = pd.crosstab(
                np.r_[np.zeros(len(before)), np.ones(len(after))], pd.concat([before[column], after[column]]).values
            )
            counts = counts.loc[:, counts.sum() > 0]
            if counts.shape[1] < 2:
                rows.append((column, "chi-square", 1.0, "one category in both"))
                continue
            res = stats.chi2_contingency(counts.to_numpy())
            rows.append((column, "chi-square", float(res.pvalue), f"dof {res.dof}"))
        elif is_numeric_outcome(column):
            a, b = before[column].to_numpy(float), after[column].to_numpy(float)
            a, b = a[np.isfinite(a)], b[np.isfinite(b)]
            if not a.size or not b.size:
                continue
            res = stats.ks_2samp(a, b)
            detail = f"mean {a.mean():,.4g} -> {b.mean():,.4g} (n {a.size}, {b.size})"
            rows.append((column, "KS", float(res.pvalue), detail))
    return rows


def changed(before: pd.DataFrame, after: pd.DataFrame, tolerance: float = 0.0) -> int:
    """Replications (same index, same seed) whose outcome row differs: at all, or with a tolerance, by more
    than that relative difference in a number or in any category (another path, not a last digit)."""
    common = [c for c in before.columns if c in after.columns and c != "replication"]
    a = before.set_index("replication")[common]
    b = after.set_index("replication")[common].reindex(a.index)
    differs = pd.Series(False, index=a.index)
    for column in common:
        x, y = a[column], b[column]
        if pd.api.types.is_numeric_dtype(x) and pd.api.types.is_numeric_dtype(y):
            u, v = x.to_numpy(float), y.to_numpy(float)
            gap = np.abs(u - v) > tolerance * np.maximum(np.abs(u), 1.0)
            differs |= gap & ~(np.isnan(u) & np.isnan(v)) | (np.isnan(u) != np.isnan(v))
        else:
            differs |= (x != y) & ~(x.isna() & y.isna())
    return int(differs.sum())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+", type=Path, help="pairs of result folders: before after ...")
    args = parser.parse_args(argv)
    if len(args.folders) % 2:
        parser.error("give the folders in pairs: before after")
    pairs = list(zip(args.folders[::2], args.folders[1::2]))
    found = []
    for before_dir, after_dir in pairs:
        before = pd.read_parquet(before_dir / "outcomes.parquet")
        after = pd.read_parquet(after_dir / "outcomes.parquet")
        rows = tests(before, after)
        found.extend(rows)
        print(
            f"## {before_dir} -> {after_dir}: {len(before)} and {len(after)} replications, "
            f"{changed(before, after)} changed at all, {changed(before, after, 1e-6)} by more than 1e-6 relative"
        )
        for column, test, p, detail in rows:
            print(f"  {column:34s} {test:10s} p = {p:.3g}  {detail}")
    level = ALPHA / max(1, len(found))
    worst = min((p for _, _, p, _ in found), default=1.0)
    print(
        f"smallest p-value {worst:.3g} over {len(found)} tests; Bonferroni level {level:.2g}: "
        f"{'different' if worst < level else 'no evidence the distributions differ'}"
    )
    return 1 if worst < level else 0


if __name__ == "__main__":
    sys.exit(main())
