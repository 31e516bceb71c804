"""A run's report: a finished run written to its folder, the tables (`outcomes.parquet`, `daily.parquet`),
the exact config and `run.json`, the figures (PNG and SVG), `summary.md`, its machine-readable twin
`summary.json` and the self-contained `report.html`; the categories are taken from `sim.outcomes`.

`run.json` says `complete` only once everything else is written: a run stopped while writing its figures
still reads `running` there and can be completed with `resume=`."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from omegaconf import DictConfig

from sim.config.check import to_typed
from sim.config.schema import SimConfig
from sim.experiment.files import atomic_write
from sim.experiment.folder import config_yaml
from sim.experiment.results import Results
from sim.outcomes import categorical
from sim.reporting import drawer
from sim.reporting.html import write_page
from sim.reporting.jsondata import write_json
from sim.reporting.runinfo import RunInfo, of_run
from sim.reporting.summary import category_table, summary_data, summary_markdown

if TYPE_CHECKING:  # the figures' modules (matplotlib: a second to import) load only when a figure is drawn
    from matplotlib.figure import Figure

    from sim.reporting.style import Maker

SUMMARY_FILE = "summary.md"
SUMMARY_JSON = "summary.json"
REPORT_HTML = "report.html"


def run_map(results: Results, info: RunInfo) -> Figure | None:
    """The median fronts of the run at the start, a month, three months and the horizon, on the map."""
    from sim.reporting import geography
    from sim.reporting.timelines import by_series

    series = by_series(results.daily)
    days = geography.days_shown(info.horizon_days if math.isfinite(info.horizon_days) else 0.0)
    bands = geography.band_fronts(series, info.sectors, days)
    fronts = {_day_label(info, day): bands[day] for day in days}
    title = f"{info.scenario}: the median front at {len(days)} dates, and where 90% of replications ended"
    return geography.map_figure(info, fronts, title)


def _day_label(info: RunInfo, day: float) -> str:
    from sim.reporting.style import calendar

    if info.start_date:
        return f"{str(calendar(info.start_date, [day])[0])[:10]} (day {day:g})"
    return f"day {day:g}"


# {file name: title} of a run's figures, in reading order (known without importing what draws them)
FIGURE_TITLES = {
    "outcomes.png": "Outcome distributions",
    "probabilities.png": "Outcome probabilities with 95% CIs",
    "front.png": "The front per sector over time, north to south",
    "dynamics.png": "What drives the outcome, day by day",
    "map.png": "Map of the front",
    "casualties.png": "Casualties by side, category and cause",
    "mobilized.png": "The mobilized by pipeline stage",
}


def figure_makers(results: Results, info: RunInfo) -> dict[str, tuple[str, Maker]]:
    """{file name: (title, function drawing the Figure)} of every figure of a run, in reading order; the map
    function returns None where the theatre has no coordinates."""
    from sim.reporting.plots import casualties_figure, categories_figure, outcomes_figure
    from sim.reporting.timelines import dynamics_figure, front_figure, mobilization_figure

    categories = categorical()

    def probabilities() -> Figure | None:  # its tables (a Clopper-Pearson interval per category) where it is drawn
        tables = {
            c: category_table(results.outcomes, c, cats) for c, cats in categories.items() if c in results.outcomes
        }
        return categories_figure(results, info, tables)

    makers: dict[str, Maker] = {
        "outcomes.png": lambda: outcomes_figure(results, info, categories["outcome"]),
        "probabilities.png": probabilities,
        "front.png": lambda: front_figure(results, info),
        "dynamics.png": lambda: dynamics_figure(results, info),
        "map.png": lambda: run_map(results, info),
        "casualties.png": lambda: casualties_figure(results, info),
        "mobilized.png": lambda: mobilization_figure(results, info),
    }
    return {name: (FIGURE_TITLES[name], makers[name]) for name in FIGURE_TITLES}


def run_figures(results: Results, cfg: SimConfig | DictConfig | None = None) -> dict[str, Figure]:
    """Every figure of a run as a Figure, by file name, to show in a notebook (`run_figures(res, cfg)["front.png"]`).
    Without `cfg` the run folder's `config.yaml` says where the lines, rivers and objectives are."""
    typed = to_typed(cfg) if isinstance(cfg, DictConfig) else cfg
    info = of_run(results, typed)
    drawn = {name: make() for name, (_, make) in figure_makers(results, info).items()}
    return {name: fig for name, fig in drawn.items() if fig is not None}


def write_run(results: Results, cfg: SimConfig, folder: str | Path) -> Path:
    folder = Path(folder)
    results.meta.setdefault("description", cfg.description)
    results.meta.setdefault("start_date", cfg.theatre.start_date)
    results.meta["status"] = "running"
    results.save(folder, config_yaml(cfg))
    info = of_run(results, cfg)
    data: dict[str, Any] = {}

    def summarise() -> None:  # the summary's statistics, while the figures are drawn
        data.update(summary_data(results, categorical()))

    paths: dict[str, Path] = {}
    if cfg.plots is not False:
        drawn = drawer.draw(results, info, folder, summarise)  # by the drawer forked at start-up, if any
        if drawn is None:
            makers = figure_makers(results, info)
            drawn = save_all({name: make for name, (_, make) in makers.items()}, folder, None if data else summarise)
        paths = drawn
    if not data:
        summarise()
    shown = {title: paths[name].name for name, title in FIGURE_TITLES.items() if name in paths}
    notes: tuple[str, ...] = ()
    if cfg.plots is False:
        notes = ("Figures not drawn (`plots=false`, or a job of a sweep); `plots=true` draws them.",)
    elif "map.png" not in shown.values():  # why there is no map (geography imports matplotlib: only then)
        from sim.reporting import geography

        notes = tuple(geography.axes_of(info)[1][:1])
    text = summary_markdown(results, categorical(), shown, notes, data=data)
    atomic_write(folder / SUMMARY_FILE, lambda p: p.write_text(text, encoding="utf-8"))
    data["figures"] = [{"title": t, "png": n, "svg": Path(n).with_suffix(".svg").name} for t, n in shown.items()]
    write_json(folder / SUMMARY_JSON, data)
    write_page(text, folder, REPORT_HTML, f"sim: {results.meta.get('scenario', '')}")
    results.meta["status"] = "complete"
    results.save_meta(folder)
    return folder


def save_all(makers: Mapping[str, Maker], folder: Path, meanwhile: Callable[[], Any] | None = None) -> dict[str, Path]:
    """`sim.reporting.style.save_all` inside `drawing()`, with matplotlib imported only when there is a figure
    to draw: without figures (`plots=false`, a sweep's jobs) `meanwhile` is all there is to do."""
    if not makers:
        if meanwhile is not None:
            meanwhile()
        return {}
    from sim.reporting import style

    with style.drawing():
        return style.save_all(makers, folder, meanwhile=meanwhile)
