"""What a finished design writes: `design.parquet`, `outcomes.parquet`, `exploration.md` and its figures.

`exploration.md` opens with the answer, per outcome the three assumptions that matter most, then where the
category happens (the PRIM box in words), how much of the variance is replication noise, the indices with
their 95% intervals, and the design. Figures: the Morris mu*-sigma plot (or the indices as bars with their
intervals for Sobol' and Latin hypercube designs), PRIM's coverage-density trade-off, and the two leading
parameters as a scatter coloured by the category's probability at each point. Numbers are also in
`exploration.json` (strict JSON: a number that does not exist is null).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from sim.config.schema import SimConfig
from sim.experiment.files import atomic_write
from sim.experiment.results import OUTCOMES_FILE, Results
from sim.explore import analysis, prim
from sim.explore.run import Design, category_rule
from sim.outcomes import key_outcomes
from sim.reporting.markdown import number, table
from sim.reporting.style import BLUE, GREY, RED, figure, save
from sim.version import __version__

DESIGN_FILE = "design.parquet"
REPORT_FILE = "exploration.md"
JSON_FILE = "exploration.json"
SCORE_TEXT = {"mu_star": "Morris mu*", "ST": "total Sobol' index", "S1": "RBD-FAST first-order index"}


@dataclass
class Exploration:
    """Everything the report says, computed once from the design and its outcomes."""

    cfg: SimConfig
    design: Design
    outcomes: pd.DataFrame
    names: list[str]
    category: str
    indices: dict[str, analysis.Indices]
    noise: pd.DataFrame
    box: prim.Box | None
    prim_note: str


def explore(cfg: SimConfig, design: Design, outcomes: pd.DataFrame) -> Exploration:
    rule = category_rule(cfg.explore.category)
    names = [n for n in (cfg.explore.outcomes or key_outcomes()) if n in outcomes]
    runs = analysis.run_values(outcomes, names, rule)
    means = analysis.point_means(runs)
    e = cfg.explore
    found = {
        name: analysis.indices(
            design.method,
            design.keys,
            design.unit,
            means[name],
            levels=e.morris_levels,
            resamples=e.resamples,
            seed=cfg.seed,
        )
        for name in means.columns
    }
    box, note = None, ""
    if not prim.available():
        note = "PRIM needs EMA Workbench: `pip install 'sim[ema]'`"
    else:
        x = design.table().drop(columns="point").iloc[outcomes["point"].to_numpy()]
        box = prim.discover(x, analysis.indicator(outcomes, rule).to_numpy())
        if box is None:
            note = f"{cfg.explore.category} happens in no run or in every run: there is no box to find"
    category = analysis.probability_name(rule)
    return Exploration(
        cfg, design, outcomes, names, category, found, analysis.noise(runs, design.replications), box, note
    )


# ------------------------------------------------------------------------------------------- words
def box_sentence(ex: Exploration) -> str:
    if ex.box is None:
        return ex.prim_note + "."
    b = ex.box
    column, value, equal = category_rule(ex.cfg.explore.category)
    what = value if equal else f"{column} other than {value}"
    where = " and ".join(f"`{c}`" for c in b.conditions()) or "anywhere in the design"
    return (
        f"{what} in {b.density:.0%} of runs when {where} (covers {b.coverage:.0%} of the runs with {what}; "
        f"{b.mass:.0%} of all runs are in the box)."
    )


def _answer(ex: Exploration) -> list[str]:
    rows = []
    for name, ix in ex.indices.items():
        if ix.note:
            rows.append([name, ix.note, "", ""])
            continue
        cells = [f"`{p}` ({number(float(ix.table.loc[p, ix.score]), 4)})" for p in ix.leading]
        label = f"{name} (ranking unsure: see its table)" if ix.caveat else name
        rows.append([label, *cells, *[""] * (3 - len(cells))])
    score = SCORE_TEXT[next(iter(ex.indices.values())).score or "mu_star"] if ex.indices else ""
    return [
        f"Per outcome, the three assumptions that matter most, by {score} (in brackets):",
        "",
        *table(["outcome", "first", "second", "third"], rows),
    ]


def _noise(ex: Exploration) -> list[str]:
    lines = []
    r = ex.design.replications
    for name, row in ex.noise.iterrows():
        within, left = row["within_share"], row["noise_in_means"]
        if not (math.isfinite(within) and math.isfinite(left)):
            lines.append(f"- {name}: not split (missing in some runs, or one replication per point).")
            continue
        lines.append(
            f"- {name}: {within:.0%} of the variance of single runs is replication noise (within points), "
            f"{1 - within:.0%} comes from the parameters (between points); averaged over {r} runs with common "
            f"random numbers, about {left:.0%} of the spread of the point means is still noise."
        )
    return lines


def _index_tables(ex: Exploration) -> list[str]:
    lines: list[str] = []
    for name, ix in ex.indices.items():
        lines += [f"### {name}", ""]
        if ix.note:
            lines += [f"No indices: {ix.note}.", ""]
            continue
        if ix.caveat:
            lines += [f"Read with care: {ix.caveat}.", ""]
        header = ["parameter", *ix.table.columns]
        rows = [[f"`{p}`", *(number(float(v), 3) for v in vals)] for p, vals in ix.table.iterrows()]
        lines += [*table(header, rows, "lr"), ""]
    return lines


def _design(ex: Exploration) -> list[str]:
    d, cfg = ex.design, ex.cfg
    rows = []
    for p in d.params:
        spread = ", ".join(map(str, p.levels)) if p.dist == "levels" else f"{p.low:g} to {p.high:g}"
        rows.append([f"`{p.key}`", p.dist + (" (integer)" if p.integer else ""), spread])
    return [
        f"{d.method} design (explore set `{cfg.explore.name}`, n={cfg.explore.n}): {len(d.unit)} points x "
        f"{d.replications} replications = {len(d.unit) * d.replications} runs of `{cfg.scenario_name}`, "
        f"seed {cfg.seed}; replication r of every point uses the same seed (common random numbers).",
        "",
        *table(["parameter", "distribution", "range or levels"], rows),
    ]


def markdown(ex: Exploration, figures: list[str]) -> str:
    cfg = ex.cfg
    lines = [
        f"# Exploring the assumptions: `{cfg.explore.name}` on `{cfg.scenario_name}`",
        "",
        *_answer(ex),
        "",
        f"Where `{ex.cfg.explore.category}` happens (PRIM): {box_sentence(ex)}",
        "",
        "## Replication noise against parameters",
        "",
        *_noise(ex),
        "",
        "## Indices (95% bootstrap intervals: the estimate +- conf)",
        "",
        *_index_tables(ex),
    ]
    if ex.box is not None:
        traj = ex.box.trajectory
        rows = [
            [str(i), *(number(float(traj.loc[i, c]), 3) for c in ("coverage", "density", "mass"))] for i in traj.index
        ]
        lines += ["## PRIM peeling trajectory", "", *table(["step", "coverage", "density", "mass"], rows, "r"), ""]
    lines += ["## The design", "", *_design(ex), "", "## Figures", ""]
    lines += [f"![{name}]({name})" for name in figures]
    return "\n".join(lines) + "\n"


def _clean(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, float | np.floating):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, np.integer):
        return int(value)
    return value


def as_json(ex: Exploration) -> dict[str, Any]:
    box = None
    if ex.box is not None:
        box = {
            "limits": ex.box.limits,
            "coverage": ex.box.coverage,
            "density": ex.box.density,
            "mass": ex.box.mass,
            "in_words": box_sentence(ex),
        }
    return _clean(
        {
            "indices": {
                n: {"leading": ix.leading, "note": ix.note, "caveat": ix.caveat, "table": ix.table.to_dict("index")}
                for n, ix in ex.indices.items()
            },
            "noise": ex.noise.to_dict("index"),
            "prim": box,
            "category": ex.cfg.explore.category,
        }
    )


# ----------------------------------------------------------------------------------------- figures
def _shown(ex: Exploration) -> list[analysis.Indices]:
    """The category first, then the numeric outcomes, those with indices only (at most four)."""
    ordered = [ex.indices[ex.category], *(ex.indices[n] for n in ex.names)] if ex.category in ex.indices else []
    return [ix for ix in ordered if not ix.note][:4]


def morris_figure(ex: Exploration) -> Figure | None:
    shown = _shown(ex)
    if not shown or shown[0].score != "mu_star":
        return None
    fig, axes = figure(4.2 * len(shown), 4.0, 1, len(shown))
    for ax, ix in zip(axes[0], shown):
        t = ix.table
        ax.scatter(t["mu_star"], t["sigma"], color=BLUE, s=18)
        top = float(max(t["mu_star"].max(), t["sigma"].max()))
        ax.plot([0, top], [0, top], color=GREY, lw=0.8, ls="--")  # sigma = mu*: effects that interact or bend
        for name in t.index[:5]:
            ax.annotate(name.split(".")[-1], (t.loc[name, "mu_star"], t.loc[name, "sigma"]), fontsize=7)
        ax.set_title(ix.outcome, fontsize=9)
        ax.set_xlabel("mu* (mean |elementary effect|)")
        ax.set_ylabel("sigma")
    fig.suptitle("Morris screening: far right matters, high sigma interacts or bends", fontsize=10)
    fig.tight_layout()
    return fig


def indices_figure(ex: Exploration) -> Figure | None:
    shown = _shown(ex)
    if not shown or shown[0].score == "mu_star":
        return None
    fig, axes = figure(4.2 * len(shown), 4.4, 1, len(shown))
    for ax, ix in zip(axes[0], shown):
        t = ix.table.head(10).iloc[::-1]
        y = np.arange(len(t))
        if "ST" in t:
            ax.barh(y + 0.2, t["ST"], 0.4, xerr=t["ST_conf"], color=RED, label="total", capsize=2)
        ax.barh(y - 0.2, t["S1"], 0.4, xerr=t["S1_conf"], color=BLUE, label="first order", capsize=2)
        ax.set_yticks(y, [n.split(".")[-1] for n in t.index], fontsize=7)
        ax.axvline(0, color=GREY, lw=0.8)
        ax.set_title(ix.outcome, fontsize=9)
        ax.legend(fontsize=7)
    fig.suptitle("Sensitivity indices with 95% bootstrap intervals", fontsize=10)
    fig.tight_layout()
    return fig


def prim_figure(ex: Exploration) -> Figure | None:
    if ex.box is None:
        return None
    traj = ex.box.trajectory
    fig, axes = figure(5.0, 4.0)
    ax = axes[0, 0]
    dots = ax.scatter(traj["coverage"], traj["density"], c=traj["res_dim"], cmap="viridis", s=22)
    chosen = traj.loc[ex.box.chosen]
    ax.scatter(
        [chosen["coverage"]], [chosen["density"]], s=120, facecolors="none", edgecolors=RED, label="box reported"
    )
    ax.axhline(prim.THRESHOLD, color=GREY, lw=0.8, ls="--")
    fig.colorbar(dots, ax=ax, label="parameters restricted")
    ax.set_xlabel("coverage (share of the category's runs in the box)")
    ax.set_ylabel("density (share of the box's runs in the category)")
    ax.set_title(f"PRIM peeling trajectory: {ex.category}", fontsize=9)
    ax.legend(fontsize=7)
    fig.tight_layout()
    return fig


def scatter_figure(ex: Exploration) -> Figure | None:
    ix = ex.indices.get(ex.category)
    if ix is None or ix.note or len(ix.leading) < 2:
        return None
    first, second = ix.leading[:2]
    rule = category_rule(ex.cfg.explore.category)
    prob = analysis.indicator(ex.outcomes, rule).groupby(ex.outcomes["point"]).mean()
    points = ex.design.table().set_index("point").loc[prob.index]
    fig, axes = figure(5.0, 4.0)
    ax = axes[0, 0]
    dots = ax.scatter(points[first], points[second], c=prob.to_numpy(), cmap="viridis", vmin=0, vmax=1, s=16)
    fig.colorbar(dots, ax=ax, label=ex.category)
    ax.set_xlabel(first)
    ax.set_ylabel(second)
    ax.set_title(f"{ex.category} at each design point", fontsize=9)
    fig.tight_layout()
    return fig


FIGURES = {
    "morris.png": morris_figure,
    "indices.png": indices_figure,
    "prim.png": prim_figure,
    "scatter.png": scatter_figure,
}


def write_exploration(results: Results, cfg: SimConfig, design: Design, folder: Path) -> Exploration:
    """Write the design's tables, analysis and figures to `folder`; `run.json` says complete last."""
    outcomes = results.outcomes
    atomic_write(folder / DESIGN_FILE, lambda p: design.table().to_parquet(p, index=False))
    atomic_write(folder / OUTCOMES_FILE, lambda p: outcomes.to_parquet(p, index=False))
    ex = explore(cfg, design, outcomes)
    written = []
    for name, make in FIGURES.items():
        fig = make(ex)
        if fig is not None:
            save(fig, folder / name)
            written.append(name)
    atomic_write(folder / REPORT_FILE, lambda p: p.write_text(markdown(ex, written), encoding="utf-8"))
    atomic_write(folder / JSON_FILE, lambda p: p.write_text(json.dumps(as_json(ex), indent=2, allow_nan=False) + "\n"))
    results.meta.setdefault("version", __version__)
    results.meta["status"] = "complete"
    results.meta["figures"] = written
    results.save_meta(folder)
    results.path = folder
    return ex
