"""Replay one replication as a story: the same numbers as in the full run, told as a timeline.

Replication i is re-run alone from `SeedSequence(seed, spawn_key=(i,))` with the trace on (tracing
records events but draws nothing, so the numbers are those of row i of `outcomes.parquet`), and written
as `replay-<i>.md` (a timeline a reader can follow) and `replay-<i>.png` (that run's front per sector).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from sim.config.schema import SimConfig
from sim.experiment.files import atomic_write
from sim.experiment.seeds import replication_seed
from sim.outcomes import headline
from sim.world.campaign import simulate

# Routine events that would drown the story: counted in a line, not listed one by one.
ROUTINE = ("detected", "mobilized deployed", "re-plan", "strike on a depot")


@dataclass
class Replay:
    replication: int
    seed: int
    row: dict[str, Any]
    daily: dict[str, list[float]]
    trace: list[tuple[float, str, str, str]] = field(default_factory=list)
    path: Path | None = None


def replay_replication(cfg: SimConfig, replication: int, folder: Path | None = None) -> Replay:
    seed = replication_seed(cfg.seed, replication)
    result = simulate(dataclasses.replace(cfg, record_trace=True), seed)
    replay = Replay(
        replication, seed, {"replication": replication, "seed": seed, **result.row}, result.daily, result.trace
    )
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        text = story(cfg, replay)
        atomic_write(folder / f"replay-{replication}.md", lambda p: p.write_text(text))
        plot_replay(cfg, replay, folder / f"replay-{replication}.png")
        replay.path = folder
    return replay


def _value(v: Any) -> str:
    if isinstance(v, float):
        return "–" if v != v else f"{v:,.0f}" if abs(v) >= 100 else f"{v:.1f}"
    return str(v)


def story(cfg: SimConfig, replay: Replay) -> str:
    start = pd.Timestamp(cfg.theatre.start_date)
    ended = headline()
    lines = [
        f"# Replay of replication {replay.replication}: {cfg.scenario_name}",
        "",
        f"Seed {cfg.seed}, replication {replay.replication} (row seed {replay.seed}); horizon "
        f"{cfg.horizon_days:g} days from {cfg.theatre.start_date}. These are the numbers of row "
        f"{replay.replication} of `outcomes.parquet` for the same config and seed.",
        "",
        "## How it ended",
        "",
        "| " + " | ".join(ended) + " |",
        "|" + "---|" * len(ended),
        "| " + " | ".join(_value(replay.row.get(k)) for k in ended) + " |",
        "",
        "## Timeline",
        "",
        "| day | date | sector | event | detail |",
        "|---:|---|---|---|---|",
    ]
    routine: Counter[str] = Counter()
    for day, sector, event, detail in replay.trace:
        if event in ROUTINE:
            routine[event] += 1
            continue
        date = (start + pd.Timedelta(days=day)).strftime("%d %b %Y")
        lines.append(f"| {day:.1f} | {date} | {sector.replace('_', ' ')} | {event} | {detail} |")
    if routine:
        lines += ["", "Routine events not listed: " + ", ".join(f"{n} × {e}" for e, n in routine.items()) + "."]
    lines += ["", f"![front](replay-{replay.replication}.png)", ""]
    return "\n".join(lines)


def plot_replay(cfg: SimConfig, replay: Replay, path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

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
            label=name.removeprefix("front_km_").replace("_", " "),
        )
    for day, _, event, _ in replay.trace:
        if event == "collapse":
            ax.axvline(start + pd.Timedelta(days=day), color="#b8312f", lw=0.8, ls=":")
    ax.axhline(0, color="black", lw=0.8)
    ax.set(
        title=f"{cfg.scenario_name}, replication {replay.replication}: front per sector (dotted: collapses)",
        ylabel="front (km, + = Ukrainian gain)",
    )
    ax.legend(frameon=False, ncol=3, fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
