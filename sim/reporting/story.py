"""The story of one replayed replication: `replay-<i>.md`, a timeline a reader can follow, and
`replay-<i>.png`, that run's front per sector.

The replication itself is re-run by `sim.experiment.replay` (the same numbers as row i of
`outcomes.parquet`); this module only tells it: how it ended (the declared headline columns), then the
events of its trace day by day, routine ones counted rather than listed.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd

from sim.config.schema import SimConfig
from sim.experiment.files import atomic_write
from sim.experiment.replay import Replay
from sim.outcomes import headline
from sim.reporting.markdown import table
from sim.reporting.style import RED, pretty, save

# Routine events that would drown the story: counted in a line, not listed one by one.
ROUTINE = ("detected", "mobilized deployed", "re-plan", "strike on a depot")


def write_story(cfg: SimConfig, replay: Replay, folder: Path) -> Path:
    """`replay-<i>.md` and `replay-<i>.png` into `folder`; returns the Markdown path."""
    folder.mkdir(parents=True, exist_ok=True)
    text = story(cfg, replay)
    path = folder / f"replay-{replay.replication}.md"
    atomic_write(path, lambda p: p.write_text(text))
    plot_replay(cfg, replay, folder / f"replay-{replay.replication}.png")
    replay.path = folder
    return path


def _value(v: Any) -> str:
    if isinstance(v, float):
        return "–" if v != v else f"{v:,.0f}" if abs(v) >= 100 else f"{v:.1f}"
    return str(v)


def story(cfg: SimConfig, replay: Replay) -> str:
    start = pd.Timestamp(cfg.theatre.start_date)
    ended = headline()
    routine: Counter[str] = Counter()
    events = []
    for day, sector, event, detail in replay.trace:
        if event in ROUTINE:
            routine[event] += 1
            continue
        date = (start + pd.Timedelta(days=day)).strftime("%d %b %Y")
        events.append([f"{day:.1f}", date, pretty(sector), event, detail])
    lines = [
        f"# Replay of replication {replay.replication}: {cfg.scenario_name}",
        "",
        f"Seed {cfg.seed}, replication {replay.replication} (row seed {replay.seed}); horizon "
        f"{cfg.horizon_days:g} days from {cfg.theatre.start_date}. These are the numbers of row "
        f"{replay.replication} of `outcomes.parquet` for the same config and seed.",
        "",
        "## How it ended",
        "",
        *table(ended, [[_value(replay.row.get(k)) for k in ended]]),
        "",
        "## Timeline",
        "",
        *table(["day", "date", "sector", "event", "detail"], events, "rl"),
    ]
    if routine:
        lines += ["", "Routine events not listed: " + ", ".join(f"{n} × {e}" for e, n in routine.items()) + "."]
    lines += ["", f"![front](replay-{replay.replication}.png)", ""]
    return "\n".join(lines)


def plot_replay(cfg: SimConfig, replay: Replay, path: Path) -> Path:
    start = pd.Timestamp(cfg.theatre.start_date)
    fig, ax = plt.subplots(figsize=(11, 5))
    for name, values in replay.daily.items():
        if not name.startswith("front_km_"):
            continue
        days = [*range(len(values) - 1), cfg.horizon_days]
        ax.plot(
            [start + pd.Timedelta(days=d) for d in days],
            values,
            lw=1.8,
            label=pretty(name.removeprefix("front_km_")),
        )
    for day, _, event, _ in replay.trace:
        if event == "collapse":
            ax.axvline(start + pd.Timedelta(days=day), color=RED, lw=0.8, ls=":")
    ax.axhline(0, color="black", lw=0.8)
    ax.set(
        title=f"{cfg.scenario_name}, replication {replay.replication}: front per sector (dotted: collapses)",
        ylabel="front (km, + = Ukrainian gain)",
    )
    ax.legend(frameon=False, ncol=3, fontsize=9)
    fig.tight_layout()
    return save(fig, path)
