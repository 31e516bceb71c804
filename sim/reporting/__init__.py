"""Reporting: what is written about finished runs, never how they are run.

A run's own report (`run_report`: the tables, `summary.md` and `summary.json` from `summary`, the figures
from `plots`, `timelines` and the map in `geography`, the self-contained `report.html` from `html`), the
comparison of runs (`compare`, its numbers in `compare_stats`, its Markdown in `compare_report`, its figures
in `compare_plots`, event days censored at the horizon in `censored`, the Hydra callback that writes it at
the end of a sweep in `callbacks`), the story of one replayed replication (`story`), and what they share:
what a report knows of a run (`runinfo`), one Markdown table writer (`markdown`), one JSON writer
(`jsondata`) and one figure style with its save helper (`style`); the drawer that `python -m sim` forks as
it starts to draw a run's figures or a sweep's comparison (`drawer`). Plotting functions return matplotlib
Figures; the writers save them as PNG and SVG. Reporting reads `sim.experiment`'s results and
`sim.outcomes`'s column declarations; the experiment layer never imports it.
"""
