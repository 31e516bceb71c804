"""Daily series of many replications reduced to quantile bands (what fan charts draw)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


def day_axis(horizon_days: float) -> np.ndarray:
    """Days 0 .. ceil(horizon)-1 sampled by the recorder, then the horizon itself."""
    return np.array([*range(math.ceil(horizon_days)), horizon_days], dtype=float)


def quantile_bands(stack: np.ndarray, series: tuple[str, ...], days: np.ndarray) -> pd.DataFrame:
    """`stack` is (replications, series, days); returns one row per (series, day)."""
    q = np.quantile(stack, QUANTILES, axis=0)  # (quantiles, series, days)
    mean = stack.mean(axis=0)
    n_series, n_days = stack.shape[1], stack.shape[2]
    frame = pd.DataFrame(
        {
            "series": np.repeat(np.array(series, dtype=object), n_days),
            "day": np.tile(days[:n_days], n_series),
            "mean": mean.reshape(-1),
        }
    )
    for i, level in enumerate(QUANTILES):
        frame[f"q{round(level * 100):02d}"] = q[i].reshape(-1)
    return frame
