"""The one figure style of every report (a run, a comparison, a replay, the validation): its colours, its
resolution, names as a reader sees them, the axes helpers every figure uses, and the one way a figure is
written (PNG and SVG).

Figures are `matplotlib.figure.Figure` objects made by `figure()`, outside pyplot: a plotting function
returns one, a writer saves it with `save`, and a notebook shows it inline by leaving it as a cell's value.
Importing this module also selects the Agg backend for code that does use pyplot (the validation's
figures), so reports are drawn the same headless, in worker processes and on CI.

Colours are colour-blind safe: the sides are the blue and vermillion of Okabe & Ito ("Color Universal
Design", 2008), whose pair stays apart under every common colour-vision deficiency; the jobs of a
comparison take the Okabe–Ito set, then two of Paul Tol's "muted" scheme (SRON/EPS/TN/09-002, 2021).
"""

from __future__ import annotations

import io
import multiprocessing
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine, PlaceHolderLayoutEngine
from matplotlib.ticker import MaxNLocator

from sim.experiment.heap import frozen_heap

DPI = 110
FORMATS = ("png", "svg")  # every figure is written in both: PNG for reports, SVG for briefings
# SVG text stays text (searchable, small, fast to write); a fixed hash salt keeps the file the same run to run.
SVG_RC: dict[str, Any] = {"svg.fonttype": "none", "svg.hashsalt": "sim"}
# zlib level of the PNGs: 1 writes them about a tenth faster than the default 6, for files 5-10% larger
PNG_COMPRESSION = 1
# Titles at the top of their axes: a report's axes have no tick labels or axis labels above them, so
# matplotlib need not measure every axis' tick labels at each draw to find whether a title must move up
# (about a sixth of drawing a run's figures). Set while a writer draws (`drawing`).
DRAWING_RC: dict[str, Any] = {"axes.titley": 1.0}
# Processes that draw a writer's figures side by side (`save_all`); 1 draws them in this process, as the
# tests do to read what was drawn.
FIGURE_WORKERS = min(2, os.cpu_count() or 1)

# Sides (Okabe–Ito blue and vermillion) and neutral tones.
BLUE = "#0072B2"  # Ukraine
RED = "#D55E00"  # Russia
GREY = "#777777"
LIGHT_GREY = "#c9c9c9"
INK = "#333333"  # error bars, cumulative losses
GREEN = "#009E73"  # objectives
ORANGE = "#E69F00"
SKY = "#56B4E9"  # rivers
PURPLE = "#CC79A7"
# Warm shades for the parts of Russian losses and the stages of the mobilized.
RUST = "#8c2d04"
AMBER = ORANGE
STEEL = "#7aa6c2"
BLUES = ("#c6dbef", "#6baed6", "#2171b5", "#08306b", "#000000")  # light to dark: growing scales, dates
JOB_COLOURS = (
    "#E69F00",  # Okabe–Ito orange
    "#0072B2",  # blue
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#000000",  # black
    "#56B4E9",  # sky blue, after the others: rivers are drawn in it
    "#882255",  # Tol muted wine
    "#999933",  # Tol muted olive
    "#F0E442",  # Okabe–Ito yellow, last: faint on white
)
JOB_DASHES = ("-", "--", "-.", ":")  # with widths that shrink job by job, equal lines stay visible


def pretty(name: str) -> str:
    """A column, series, sector or category name as a reader sees it: `kherson_right_bank` -> `kherson right
    bank`."""
    return name.replace("_", " ")


def job_colours(n: int) -> list[str]:
    """One colour per job of a comparison, the same job the same colour in every figure."""
    return [JOB_COLOURS[i % len(JOB_COLOURS)] for i in range(n)]


def job_line(i: int, n: int) -> dict[str, Any]:
    """Line style of job i of n: its colour, a dash pattern and a width that shrinks job by job, so that two
    jobs with the same median draw one line inside the other instead of one hiding the other."""
    return {
        "color": job_colours(n)[i],
        "ls": JOB_DASHES[i % len(JOB_DASHES)],
        "lw": 1.2 + 1.8 * (n - 1 - i) / max(n - 1, 1),
    }


def figure(width: float, height: float, rows: int = 1, cols: int = 1, **kwargs: Any) -> tuple[Figure, np.ndarray]:
    """A Figure outside pyplot and its grid of axes (always 2-d), in the report style."""
    fig = Figure(figsize=(width, height), dpi=DPI)
    axes = fig.subplots(rows, cols, squeeze=False, **kwargs)
    return fig, axes


def margins(
    fig: Figure,
    *,
    left: float = 0.8,
    right: float = 0.2,
    top: float = 0.7,
    bottom: float = 0.6,
    wgap: float = 0.6,
    hgap: float = 0.7,
) -> None:
    """Fixed margins and gaps between a grid's axes, in inches. A run's figures have labels of known reach,
    and fixed margins cost nothing, where `tight_layout` measures every text once more (a fifth of the
    time a figure takes to draw and write)."""
    width, height = fig.get_size_inches()
    specs = [spec for ax in fig.axes if (spec := ax.get_subplotspec()) is not None]
    rows, cols = specs[0].get_gridspec().get_geometry() if specs else (1, 1)
    axes_w = (width - left - right - (cols - 1) * wgap) / cols
    axes_h = (height - top - bottom - (rows - 1) * hgap) / rows
    fig.subplots_adjust(
        left=left / width,
        right=1 - right / width,
        top=1 - top / height,
        bottom=bottom / height,
        wspace=wgap / axes_w,
        hspace=hgap / axes_h,
    )


def whole_numbers(axis: Axis) -> None:
    """Ticks at whole numbers only: an axis that counts replications or events."""
    axis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))


def calendar(start_date: str | None, days: Sequence[float] | np.ndarray | pd.Series) -> np.ndarray:
    """Days from the start as calendar dates (numpy datetime64), or the days themselves without a start."""
    values = np.asarray(days, dtype=float)
    if not start_date:
        return values
    return np.datetime64(pd.Timestamp(start_date), "s") + (values * 86400).astype("timedelta64[s]")


def date_axis(ax: Axes) -> None:
    """Calendar dates as a reader wants them: Oct, Nov, ..., with the year where it changes."""
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


@contextmanager
def drawing() -> Iterator[None]:
    """Around a writer's figures: what is alive before drawing (the run's tables, the model's modules) is
    frozen out of the garbage collector's scans, so the many short-lived objects matplotlib makes are
    collected without walking the whole heap each time (about a third of the drawing time otherwise), and
    titles are placed without measuring the axes (`DRAWING_RC`)."""
    with frozen_heap(), plt.rc_context(DRAWING_RC):  # type: ignore[arg-type]
        yield


def save(fig: Figure, path: str | Path, formats: Sequence[str] = FORMATS) -> Path:
    """Write the figure beside `path` in each format (`front.png` and `front.svg`) and free it; returns the
    PNG's path."""
    path = Path(path)
    if isinstance(fig.get_layout_engine(), PlaceHolderLayoutEngine):
        # left by tight_layout: the layout is done, but savefig would lay the figure out again in full
        fig.set_layout_engine(None)
    for n, fmt in enumerate(formats):
        if n == 1 and isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine):
            # laid out by the first format's draw: the others reuse that layout, not solve it again
            fig.set_layout_engine("none")
        target = path.with_suffix("." + fmt)
        if fmt == "svg":
            with plt.rc_context(SVG_RC):  # type: ignore[arg-type]
                fig.savefig(target, format="svg", metadata={"Date": None})
        elif fmt == "png":
            fig.savefig(target, dpi=DPI, format="png", pil_kwargs={"compress_level": PNG_COMPRESSION})
        else:
            fig.savefig(target, dpi=DPI, format=fmt)
    plt.close(fig)
    return path.with_suffix("." + formats[0]) if formats else path


Maker = Callable[[], Figure | None]
_PENDING: dict[str, Maker] = {}  # the figures a forked worker draws, inherited from the writer
_COMPUTE: dict[str, Callable[[], Any]] = {}  # the numbers a forked worker computes, inherited likewise


def _draw(name: str, folder: str, formats: Sequence[str]) -> str | None:
    fig = _PENDING[name]()
    return None if fig is None else str(save(fig, Path(folder) / name, formats))


def _compute(name: str) -> Any:
    return _COMPUTE[name]()


def _tasks(names: Sequence[str], workers: int) -> list[tuple[str, tuple[str, ...]]]:
    """(figure, formats) per worker task: a figure in every format, or, with fewer figures than workers
    (the comparison's differences, drawn last and alone), each format of it in a task of its own, so that
    the other core is not idle while one process writes the PNG and then the SVG."""
    if len(names) >= workers:
        return [(name, FORMATS) for name in names]
    return [(name, (fmt,)) for name in names for fmt in FORMATS]


def _warm() -> None:
    """Load the fonts and both writers once here, so that every forked worker inherits them instead of
    loading them again."""
    fig = Figure(figsize=(1, 1), dpi=DPI)
    fig.text(0.5, 0.5, "sim 0123456789", fontsize=10)
    for fmt in FORMATS:
        fig.savefig(io.BytesIO(), format=fmt)


def save_all(
    makers: Mapping[str, Maker],
    folder: str | Path,
    workers: int | None = None,
    meanwhile: Callable[[], Any] | None = None,
) -> dict[str, Path]:
    """Draw every figure (`makers`: {file name: function returning the Figure, or None for no figure}) and
    save it into `folder`; returns {file name: PNG path} of those drawn, in the order given. `meanwhile`, if
    given, is called in this process while the workers draw (a report's tables, its statistics), or before
    drawing without workers.

    Drawing is most of a report's time, and figures are independent: with more than one worker they are
    drawn in worker processes forked from this one (they inherit the run's tables; nothing is pickled but
    the names). Without fork, or with one worker, they are drawn here."""
    return compute_and_save({}, makers, folder, workers, meanwhile)[1]


def compute_and_save(
    compute: Mapping[str, Callable[[], Any]],
    makers: Mapping[str, Maker],
    folder: str | Path,
    workers: int | None = None,
    meanwhile: Callable[[], Any] | None = None,
) -> tuple[dict[str, Any], dict[str, Path]]:
    """`save_all`, with numbers computed by the same workers first: ({name: result} of `compute`, the
    figures' paths). A comparison's statistics are most of its time and split into many independent cells
    (one outcome of one pair); computed here alone, they left the workers idle once the figures that need
    none were drawn. The results come back pickled, so a cell returns plain data."""
    folder = Path(folder)
    workers = FIGURE_WORKERS if workers is None else workers
    tasks = _tasks(list(makers), workers)
    if workers < 2 or len(tasks) + len(compute) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        computed = {name: work() for name, work in compute.items()}
        if meanwhile is not None:
            meanwhile()
        drawn = {name: make() for name, make in makers.items()}
        return computed, {name: save(fig, folder / name) for name, fig in drawn.items() if fig is not None}
    global _PENDING, _COMPUTE
    _PENDING, _COMPUTE = dict(makers), dict(compute)
    if makers:
        _warm()
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(min(workers, len(tasks) + len(compute)), mp_context=context) as pool:
            # the figures first: they are the long tasks, and the many short cells even out the end
            futures = [(name, fmts, pool.submit(_draw, name, str(folder), fmts)) for name, fmts in tasks]
            numbers = [(name, pool.submit(_compute, name)) for name in compute]
            if meanwhile is not None:
                meanwhile()
            computed = {name: future.result() for name, future in numbers}
            done = [(name, fmts, future.result()) for name, fmts, future in futures]
    finally:
        _PENDING, _COMPUTE = {}, {}
    paths = {name: Path(path) for name, fmts, path in done if path is not None and fmts[0] == FORMATS[0]}
    return computed, {name: paths[name] for name in makers if name in paths}
