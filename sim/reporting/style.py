"""The one figure style of every report (a run, a comparison, a replay, the validation): its colours, its
resolution, names as a reader sees them, and matplotlib's backend.

Importing this module selects the Agg backend (figures go to files, never to a window), so reports are
drawn the same headless, in worker processes and on CI; matplotlib settles its backend at the first
figure, so the choice holds even where pyplot was imported first.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

DPI = 110

# Sides and neutral tones.
BLUE = "#1f5fa8"  # Ukraine
RED = "#b8312f"  # Russia
GREY = "#777777"
LIGHT_GREY = "#c9c9c9"
INK = "#333333"  # error bars, cumulative losses
GREEN = "#2e7d32"
ORANGE = "#e08a00"
# Warm shades for the parts of Russian losses and the stages of the mobilized.
RUST = "#e07b39"
AMBER = "#f2b134"
STEEL = "#7aa6c2"
BLUES = ("#9ecae1", "#4292c6", "#08519c", "#08306b", "#000000")  # light to dark: growing scales


def pretty(name: str) -> str:
    """A column, series, sector or category name as a reader sees it: `kherson_right_bank` -> `kherson right
    bank`."""
    return name.replace("_", " ")


def job_colours(n: int) -> list[str]:
    """One colour per job of a comparison, the same job the same colour in every figure."""
    cmap = plt.get_cmap("tab10")
    return [matplotlib.colors.to_hex(cmap(i % 10)) for i in range(n)]


def save(fig: plt.Figure, path: Path) -> Path:
    """Write the figure at DPI and free it; returns `path`."""
    fig.savefig(path, dpi=DPI)
    plt.close(fig)
    return path
