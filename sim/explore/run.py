"""One run for a whole design: every point's R replications through the run's executor, streamed and resumable.

`plan(cfg)` draws the design (points in the unit cube, their parameter values) and checks every point's
config before anything is written. `run_design(cfg, design, folder)` runs point p's replication r as run
p x R + r with replication r's seed (`sim.experiment.seeds`): common random numbers, so two points differ by
their parameters, not by their draws. A point's config is the typed config with its values set
(`uncertainties.apply`): no Hydra composition per point, only the dataclasses on the keys' paths copied,
once per point and chunk. Chunks go to the same executors as a plain run's replications.

`evaluate(params, scenario=..., replications=..., seed=...)` is the same machinery for one point, for those
who bring their own sampler (EMA Workbench, SALib): outcome means and probabilities as a plain dict.
"""

from __future__ import annotations

import functools
import math
import tempfile
import time
from collections.abc import Mapping
from contextlib import closing
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from tqdm import tqdm

from sim.config.check import MAX_REPLICATIONS, ConfigError, check, to_typed
from sim.config.schema import SimConfig
from sim.experiment.executors import chunks_for, execute, worker_count
from sim.experiment.results import Results
from sim.experiment.seeds import replication_seed
from sim.explore.designs import unit_design
from sim.explore.store import DesignStore
from sim.explore.uncertainties import Uncertain, apply, field_of, resolve
from sim.outcomes import categorical, is_numeric_outcome
from sim.world.campaign import simulate

MIN_LHS = 100  # RBD-FAST (10 harmonics) divides by zero below about 50 points and is all noise below 100


@dataclass
class Design:
    """The points of a design: unit coordinates, and each point's parameter values."""

    method: str
    params: list[Uncertain]
    unit: np.ndarray
    replications: int

    @property
    def keys(self) -> list[str]:
        return [p.key for p in self.params]

    @functools.cached_property
    def values(self) -> list[tuple[Any, ...]]:
        return [tuple(p.value(float(u)) for p, u in zip(self.params, row)) for row in self.unit]

    def table(self) -> pd.DataFrame:
        """`design.parquet`: one row per point, its index and its parameter values by dotted key."""
        frame = pd.DataFrame(self.values, columns=self.keys)
        frame.insert(0, "point", np.arange(len(frame), dtype=np.int64))
        return frame


def exploring(cfg: SimConfig) -> bool:
    """A run of a design rather than of one config: `explore.method` names a design."""
    return cfg.explore.method != "none"


def plan(cfg: SimConfig) -> Design:
    """The design of `cfg.explore`, every point's config checked as a plain run's is (one line if one is not)."""
    e = cfg.explore
    if not exploring(cfg):
        raise ConfigError("explore.method", e.method, "morris, sobol or lhs (with +explore=NAME)")
    params = resolve(cfg)
    if e.method == "sobol" and e.n & (e.n - 1):
        raise ConfigError("explore.n", e.n, "a power of 2 for a Sobol' design (SALib's Saltelli sample)")
    if e.method == "lhs" and e.n < MIN_LHS:
        raise ConfigError("explore.n", e.n, f"at least {MIN_LHS} points for a Latin hypercube (RBD-FAST's indices)")
    if not isinstance(cfg.replications, int):
        raise ConfigError("replications", cfg.replications, "an integer for a design: the replications per point")
    unit = unit_design(e.method, [p.key for p in params], e.n, levels=e.morris_levels, seed=cfg.seed)
    runs = len(unit) * cfg.replications
    if runs > MAX_REPLICATIONS:
        raise ConfigError(
            "explore.n", e.n, f"a design of at most {MAX_REPLICATIONS:,} runs ({len(unit)} points x {cfg.replications})"
        )
    design = Design(e.method, params, unit, cfg.replications)
    for i, values in enumerate(design.values):
        try:
            check(apply(cfg, dict(zip(design.keys, values))))
        except ConfigError as err:
            raise ConfigError(f"explore point {i}: {err.key}", err.value, err.allowed) from None
    for i, name in enumerate(e.outcomes):
        if not is_numeric_outcome(name):
            raise ConfigError(f"explore.outcomes[{i}]", name, "a numeric outcome column, e.g. area_km2")
    _check_category(e.category)
    return design


def _check_category(text: str) -> None:
    column, value, _ = category_rule(text)
    cats = categorical()
    if column not in cats or value not in cats[column]:
        allowed = "; ".join(f"{c}=" + "|".join(v) for c, v in cats.items())
        raise ConfigError("explore.category", text, f"column=value or column!=value of a category: {allowed}")


def category_rule(text: str) -> tuple[str, str, bool]:
    """`outcome=freeze` as ("outcome", "freeze", True); `bridgehead!=held` as ("bridgehead", "held", False)."""
    negated = "!=" in text
    column, _, value = text.partition("!=" if negated else "=")
    return column.strip(), value.strip(), not negated


def run_points(
    base: SimConfig, keys: tuple[str, ...], tasks: list[tuple[int, int, int, int, tuple[Any, ...]]]
) -> list[dict[str, Any]]:
    """A chunk of runs: (run, point, replication, seed, values); a point's config is built once per chunk."""
    rows = []
    point, cfg = -1, base
    for run, p, replication, seed, values in tasks:
        if p != point:
            point, cfg = p, apply(base, dict(zip(keys, values)))
        row = simulate(cfg, seed).row
        rows.append({"run": run, "point": p, "replication": replication, "seed": seed, **row})
    return rows


def run_design(cfg: SimConfig, design: Design, folder: Path | None = None) -> Results:
    """Run (or complete) every point's replications, streaming to `folder` (or a temporary one); the
    outcomes come back one row per (point, replication), in that order."""
    started = time.perf_counter()
    r = design.replications
    seeds = [replication_seed(cfg.seed, i) for i in range(r)]  # replication i: the same seed at every point
    with tempfile.TemporaryDirectory(prefix="sim-explore-") as scratch:
        store = DesignStore(folder if folder is not None else Path(scratch))
        store.repair()
        done = store.done()
        values = design.values
        tasks = [
            (p * r + i, p, i, seeds[i], values[p])
            for p in range(len(values))
            for i in range(r)
            if p * r + i not in done
        ]
        if tasks:
            chunks = chunks_for(cfg.executor, tasks)
            fn = partial(run_points, cfg, tuple(design.keys))
            with (
                tqdm(
                    total=len(tasks), desc=cfg.scenario_name, unit="run", disable=None if cfg.progress else True
                ) as bar,
                closing(execute(fn, chunks, cfg.executor)) as results,
            ):
                for rows in results:
                    store.write(rows)
                    bar.update(len(rows))
        outcomes = store.outcomes().drop(columns="run")
    elapsed = time.perf_counter() - started
    total = len(values) * r
    meta: dict[str, Any] = {
        "scenario": cfg.scenario_name,
        "seed": cfg.seed,
        "explore": cfg.explore.name,
        "method": design.method,
        "parameters": len(design.params),
        "points": len(values),
        "replications_per_point": r,
        "replications": total,
        "computed_now": len(tasks),
        "horizon_days": cfg.horizon_days,
        "executor": cfg.executor.name,
        "workers": 1 if cfg.executor.name == "serial" else worker_count(cfg.executor),
        "elapsed_s": round(elapsed, 3),
        "ms_per_replication": round(1000 * elapsed / max(len(tasks), 1), 3),
    }
    return Results(outcomes=outcomes, daily=pd.DataFrame(), meta=meta)


# ------------------------------------------------------------------------------ one point, for any sampler
@functools.lru_cache(maxsize=8)
def _scenario(scenario: str) -> SimConfig:
    from sim.api import compose

    return to_typed(compose([f"+scenario={scenario}", "executor=serial", "progress=false"]))


def point_config(base: SimConfig, params: Mapping[str, Any]) -> SimConfig:
    """`base` with `params` (dotted key -> value) set, each key checked against the schema's range."""
    for key, value in params.items():
        found = field_of(base, key)
        if found is None:
            raise ConfigError(key, value, "a dotted key of the schema (e.g. decisions.credibility)")
    cfg = apply(base, params)
    check(cfg)
    return cfg


def summarise(outcomes: pd.DataFrame) -> dict[str, float]:
    """Means of the numeric outcomes and probabilities of each category (`p_outcome_freeze`), NaN-free means
    over the runs where a value exists."""
    out: dict[str, float] = {}
    for name in outcomes.columns:
        if is_numeric_outcome(name):
            values = outcomes[name].to_numpy(dtype=float)
            finite = values[np.isfinite(values)]
            out[name] = float(finite.mean()) if finite.size else math.nan
    for name, cats in categorical().items():
        if name in outcomes:
            for cat in cats:
                out[f"p_{name}_{cat}"] = float((outcomes[name] == cat).mean())
    return out


def evaluate(
    params: Mapping[str, Any], *, scenario: str = "baseline", replications: int = 20, seed: int = 2022
) -> dict[str, float]:
    """Outcome means and category probabilities of `scenario` with `params` set (dotted keys), over
    `replications` replications with the seeds a plain run with `seed` uses (common random numbers across
    calls). The scenario is composed once per process; each call only sets the values and runs."""
    if isinstance(replications, bool) or not isinstance(replications, int) or replications < 1:
        raise ConfigError("replications", replications, "an integer >= 1")
    cfg = point_config(_scenario(scenario), params)
    rows = [simulate(cfg, replication_seed(seed, i)).row for i in range(replications)]
    return summarise(pd.DataFrame(rows))
