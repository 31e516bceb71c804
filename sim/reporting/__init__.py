"""Reporting: what is written about finished runs, never how they are run.

A run's own report (`run_report`: the tables, `summary.md` from `summary`, the figures from `plots`), the
comparison of runs (`compare`, its figures in `compare_plots`, the Hydra callback that writes it at the
end of a sweep in `callbacks`), the story of one replayed replication (`story`), and what they share: one
Markdown table writer (`markdown`) and one figure style (`style`). Reporting reads `sim.experiment`'s
results and `sim.outcomes`'s column declarations; the experiment layer never imports it.
"""
