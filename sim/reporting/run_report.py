"""A run's report: a finished run written to its folder, the tables (`outcomes.parquet`, `daily.parquet`),
the exact config and `run.json`, `summary.md` and the figures, the categories taken from `sim.outcomes`.

`run.json` says `complete` only once everything else is written: a run stopped while writing its figures
still reads `running` there and can be completed with `resume=`."""

from __future__ import annotations

from pathlib import Path

from omegaconf import OmegaConf

from sim.config.schema import SimConfig
from sim.experiment.files import atomic_write
from sim.experiment.results import Results
from sim.outcomes import categorical
from sim.reporting.plots import plot_casualties, plot_categories, plot_front_fans, plot_mobilization, plot_outcomes
from sim.reporting.summary import category_table, summary_markdown


def write_run(results: Results, cfg: SimConfig, folder: str | Path) -> Path:
    folder = Path(folder)
    results.meta.setdefault("description", cfg.description)
    results.meta.setdefault("start_date", cfg.theatre.start_date)
    results.meta["status"] = "running"
    results.save(folder, OmegaConf.to_yaml(OmegaConf.structured(cfg)))
    categories = categorical()
    atomic_write(folder / "summary.md", lambda p: p.write_text(summary_markdown(results, categories)))
    plot_outcomes(results, folder / "outcomes.png", categories["outcome"])
    plot_front_fans(results, folder / "front.png", cfg.theatre.start_date)
    plot_casualties(results, folder / "casualties.png")
    plot_mobilization(results, folder / "mobilized.png", cfg.theatre.start_date)
    tables = {
        c: category_table(results.outcomes, c, listed) for c, listed in categories.items() if c in results.outcomes
    }
    plot_categories(results, folder / "probabilities.png", tables)
    results.meta["status"] = "complete"
    results.save_meta(folder)
    return folder
