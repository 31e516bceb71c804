"""Daily series of many replications reduced to quantile bands (what fan charts draw)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


def day_axis(horizon_days: float) -> np.ndarray:
    """Days 0 .. ceil(horizon)-1 sampled by the recorder, then the horizon itself."""
    return np.array([*range(math.ceil(horizon_days)), horizon_days], dtype=float)


def bands_frame(series: list[str], days: np.ndarray, mean: np.ndarray, quantiles: np.ndarray) -> pd.DataFrame:
    """One row per (series, day), built in one step: `mean` is (series, days), `quantiles` (levels, series, days)."""
    n_series, n_days = mean.shape
    columns: dict[str, np.ndarray] = {
        "series": np.repeat(np.array(series, dtype=object), n_days),
        "day": np.tile(days[:n_days], n_series),
        "mean": mean.reshape(-1),
    }
    for i, level in enumerate(QUANTILES):
        columns[f"q{round(level * 100):02d}"] = quantiles[i].reshape(-1)
    return pd.DataFrame(columns)
