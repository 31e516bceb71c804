"""A calibration: every future simulated over its explore set's prior, weighed against the record, conditioned.

For each future (a scenario with the explore set's uncertainties as its prior) `calibrate.n` points of a Latin
hypercube (`scipy.stats.qmc`, the exploration machinery) are run once each, with point p's seed the same in
every future (common random numbers), only as far as the end of `record.until`: what comes after cannot
inform the fit. Each run is reduced to the record's quantities (`sim.calibration.observables`) and its
distance to the record; the nearest are kept and adjusted (`sim.calibration.abc`). The posterior predictive
is then simulated afresh: `calibrate.predictive` points drawn from each future's posterior, each run to the
scenario's horizon (and at least to the record's last date), giving every observable, the record after
`until` included, and the conditioned futures' outcomes.

The runs go through the run's executor in chunks and are streamed to Parquet parts (`sim.explore.store`),
so an interrupted calibration resumes where it stopped.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import tempfile
import time
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from tqdm import tqdm

from sim.calibration import abc, observables
from sim.calibration.record import comparable, load
from sim.config.check import ConfigError
from sim.config.schema import SimConfig
from sim.experiment.executors import chunks_for, execute
from sim.experiment.files import atomic_write
from sim.experiment.seeds import replication_seed
from sim.explore.designs import unit_design
from sim.explore.store import DesignStore
from sim.explore.uncertainties import Uncertain, apply, resolve
from sim.world.campaign import simulate

PREDICTIVE_OFFSET = 1_000_000  # predictive run i uses replication seed 1,000,000 + i: never a design point's


@dataclass
class Target:
    """The record as one calibration sees it: the rows the model has a quantity for, and which of them (and
    with what values, events censored) are weighed up to `until`."""

    table: pd.DataFrame
    start: str
    until: str
    until_day: int
    used: np.ndarray

    @property
    def observed(self) -> np.ndarray:
        """The centre of each row's [low, high] (a claim of killed only, ranged up to 3x for the wounded, is
        aimed at its range, not at its floor); events censored at `until`."""
        values = (self.table["low"].to_numpy(dtype=float) + self.table["high"].to_numpy(dtype=float)) / 2
        return observables.censor(values, self.table, self.until_day)[self.used]

    @property
    def scale(self) -> np.ndarray:
        return self.table["sd"].to_numpy(dtype=float)[self.used]


def parse_date(key: str, text: str) -> date:
    try:
        return date.fromisoformat(str(text))
    except ValueError:
        raise ConfigError(key, text, "an ISO date, e.g. 2022-10-31") from None


def target(cfg: SimConfig, record: pd.DataFrame | None = None, table: pd.DataFrame | None = None) -> Target:
    """The record (the shipped table unless one is given, or a `comparable` table such as a synthetic one) on
    `cfg`'s calendar, cut at `cfg.record.until`."""
    start = cfg.theatre.start_date
    until = parse_date("record.until", cfg.record.until)
    until_day = (until - parse_date("theatre.start_date", start)).days
    if until_day < 0:
        raise ConfigError("record.until", cfg.record.until, f"a date on or after the start, {start}")
    if table is None:
        table = comparable(load() if record is None else record, start=start)
    table = observables.usable(table)
    used = observables.calibration_rows(table, until_day)
    if not used.any():
        raise ConfigError("record.until", cfg.record.until, "a date with at least one record row on or before it")
    return Target(table, start, str(until), until_day, used)


# ------------------------------------------------------------------------------------------------ runs
def observe_points(
    base: SimConfig, keys: tuple[str, ...], table: pd.DataFrame, extra: tuple[str, ...], tasks: list[tuple]
) -> list[dict[str, Any]]:
    """A chunk of runs (run, point, seed, values): each run's record quantities `obs_<id>` and `extra` outcome
    columns; a point's config is built once per chunk."""
    rows, point, cfg = [], -1, base
    ids = [f"obs_{i}" for i in table["id"]]
    for run, p, seed, values in tasks:
        if p != point:
            point, cfg = p, apply(base, dict(zip(keys, values)))
        result = simulate(cfg, seed)
        seen = observables.observe(result.row, result.daily, table)
        rows.append({"run": run, "point": p, "seed": seed, **dict(zip(ids, seen)), **{c: result.row[c] for c in extra}})
    return rows


def predict_points(
    base: SimConfig, keys: tuple[str, ...], table: pd.DataFrame, tasks: list[tuple]
) -> list[tuple[dict[str, Any], dict[str, np.ndarray]]]:
    """A chunk of posterior predictive runs (replication, seed, values): the outcome row with the record
    quantities, and the daily series (float32) for the bands."""
    out = []
    for replication, seed, values in tasks:
        cfg = apply(base, dict(zip(keys, values)))
        result = simulate(cfg, seed)
        seen = observables.observe(result.row, result.daily, table)
        row = {"replication": replication, "seed": seed, **result.row}
        row.update({f"obs_{i}": v for i, v in zip(table["id"], seen)})
        row.update({f"param_{k}": v for k, v in zip(keys, values)})
        out.append((row, {k: np.asarray(v, dtype=np.float32) for k, v in result.daily.items()}))
    return out


def _stream(fn: Any, tasks: list, cfg: SimConfig, label: str, sink: Any) -> None:
    if not tasks:
        return
    chunks = chunks_for(cfg.executor, tasks)
    with (
        tqdm(total=len(tasks), desc=label, unit="run", disable=None if cfg.progress else True) as bar,
        closing(execute(fn, chunks, cfg.executor)) as results,
    ):
        for part in results:
            sink(part)
            bar.update(len(part))


# --------------------------------------------------------------------------------------------- futures
@dataclass
class Future:
    """One future's calibration: its prior design, the runs' distances, the kept and adjusted points, and
    (once simulated) its posterior predictive."""

    name: str
    cfg: SimConfig
    params: list[Uncertain]
    unit: np.ndarray
    runs: pd.DataFrame = field(default_factory=pd.DataFrame)
    distance: np.ndarray = field(default_factory=lambda: np.zeros(0))
    kept: abc.Kept | None = None
    posterior_unit: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    predictive: pd.DataFrame = field(default_factory=pd.DataFrame)
    daily: dict[str, np.ndarray] = field(default_factory=dict)  # series -> (runs, days)
    predictive_horizon: float = 0.0
    adjusted: bool = False  # the regression adjustment applied (not withheld, not switched off)
    beyond: list[str] = field(default_factory=list)  # record rows beyond every kept run (adjustment withheld)
    misfit: pd.DataFrame = field(default_factory=pd.DataFrame)  # kept runs' median (sim - record) / sd per row

    @property
    def keys(self) -> list[str]:
        return [p.key for p in self.params]

    def values(self, unit: np.ndarray) -> list[tuple[Any, ...]]:
        return [tuple(p.value(float(u)) for p, u in zip(self.params, row)) for row in unit]

    def posterior_table(self) -> pd.DataFrame:
        assert self.kept is not None
        frame = pd.DataFrame(self.values(self.posterior_unit), columns=self.keys)
        frame.insert(0, "future", self.name)
        frame.insert(1, "point", self.kept.index.astype(np.int64))
        frame.insert(2, "weight", self.kept.weight)
        frame.insert(3, "distance", self.distance[self.kept.index])
        return frame


def prepare(cfgs: Sequence[SimConfig]) -> list[Future]:
    """Every future's prior design (the same Latin hypercube in each: the explore sets must agree)."""
    futures = []
    for cfg in cfgs:
        if cfg.explore.method == "none" or not (cfg.explore.parameters or cfg.explore.every_model_parameter):
            raise ConfigError("explore", cfg.explore.name or "none", "an explore set (+explore=NAME) as the prior")
        params = resolve(cfg)
        futures.append(Future(cfg.scenario_name, cfg, params, np.zeros((0, len(params)))))
    keys = futures[0].keys
    for f in futures[1:]:
        if f.keys != keys:
            raise ConfigError("explore", f.cfg.explore.name, f"the same parameters in every future ({f.name} differs)")
    n = futures[0].cfg.calibrate.n
    unit = unit_design("lhs", keys, n, seed=futures[0].cfg.seed)
    for f in futures:
        f.unit = unit
    return futures


def simulate_prior(future: Future, target: Target, folder: Path) -> None:
    """Run (or complete) the future's design up to the end of `until`; `future.runs` gets one row per point."""
    # one day beyond the end of `until`: the last sample of a run is taken after its processes stop, so only
    # the days before it are those of a longer run
    cfg = dataclasses.replace(future.cfg, horizon_days=float(observables.index_of(target.until_day) + 1))
    settings = {
        "future": future.name,
        "seed": cfg.seed,
        "horizon_days": cfg.horizon_days,
        "parameters": future.keys,
        "points": len(future.unit),
        "unit_digest": hashlib.sha256(np.ascontiguousarray(future.unit).tobytes()).hexdigest(),
    }
    _claim(folder, settings)
    store = DesignStore(folder)
    store.repair()
    done = store.done()
    values = future.values(future.unit)
    tasks = [(p, p, replication_seed(cfg.seed, p), values[p]) for p in range(len(values)) if p not in done]
    table = target.table  # every row, so that the runs serve any record of the same rows (the truth check)
    fn = partial(observe_points, cfg, tuple(future.keys), table, ("outcome", "bridgehead"))
    _stream(fn, tasks, cfg, f"{future.name} prior", store.write)
    future.runs = store.outcomes()
    missing = [i for i in target.table["id"] if f"obs_{i}" not in future.runs]
    if missing:
        raise ConfigError("out", str(folder.parent.parent), f"a folder whose runs read every record row ({missing[0]})")


SETTINGS_FILE = "prior.json"


def _claim(folder: Path, settings: dict[str, Any]) -> None:
    """Runs already in `folder` are reused only for the same design, seed and horizon; else a one-line refusal
    (a calibration to another `until` or of another explore set is not a resumption of this one)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / SETTINGS_FILE
    if path.exists():
        try:
            saved = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            saved = None
        if saved != settings:
            raise ConfigError(
                "out",
                str(folder.parent.parent),
                "a new folder, or the one of a calibration with the same design, "
                "seed and record.until (this one holds other runs)",
            )
        return
    atomic_write(path, lambda p: p.write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8"))


def weigh(future: Future, target: Target) -> None:
    """Distances of the future's runs to the record, the kept share and (with `calibrate.adjust`) the
    regression-adjusted posterior in unit coordinates."""
    summaries = future.runs[[f"obs_{i}" for i in target.table["id"][target.used]]].to_numpy(dtype=float)
    summaries = observables.censor(summaries, target.table[target.used].reset_index(drop=True), target.until_day)
    observed, scale = target.observed, target.scale
    future.distance = abc.distances(summaries, observed, scale)
    future.kept = abc.keep(future.distance, future.cfg.calibrate.accept)
    theta = future.unit[future.runs["point"].to_numpy()]
    outside = abc.beyond(summaries, observed, scale, future.kept)
    future.beyond = [str(i) for i in np.asarray(target.table["id"][target.used])[outside]]
    future.adjusted = bool(future.cfg.calibrate.adjust and not future.beyond)
    if future.adjusted:
        future.posterior_unit = abc.adjust(theta, summaries, observed, scale, future.kept)
    else:
        future.posterior_unit = theta[future.kept.index]
    z = (summaries[future.kept.index] - observed) / scale
    future.misfit = pd.DataFrame(
        {"id": np.asarray(target.table["id"][target.used]), "median_z": np.nanmedian(z, axis=0)}
    ).sort_values("median_z", key=np.abs, ascending=False, ignore_index=True)


def simulate_posterior(future: Future, target: Target, folder: Path | None = None) -> None:
    """The posterior predictive: fresh runs at points drawn from the weighted posterior, to the horizon."""
    assert future.kept is not None
    cfg = future.cfg
    horizon = max(float(cfg.horizon_days), observables.horizon_for(target.table))
    cfg = dataclasses.replace(cfg, horizon_days=horizon)
    future.predictive_horizon = horizon
    rng = np.random.default_rng([cfg.seed, 15])
    drawn = abc.resample(future.posterior_unit, future.kept.weight, cfg.calibrate.predictive, rng)
    values = future.values(drawn)
    tasks = [(i, replication_seed(cfg.seed, PREDICTIVE_OFFSET + i), values[i]) for i in range(len(values))]
    rows: list[dict[str, Any]] = []
    daily: dict[str, list[np.ndarray]] = {}

    def sink(part: list[tuple[dict[str, Any], dict[str, np.ndarray]]]) -> None:
        for row, series in part:
            rows.append(row)
            for k, v in series.items():
                daily.setdefault(k, []).append(v)

    _stream(
        partial(predict_points, cfg, tuple(future.keys), target.table), tasks, cfg, f"{future.name} posterior", sink
    )
    order = np.argsort([r["replication"] for r in rows], kind="stable")
    future.predictive = pd.DataFrame([rows[i] for i in order]).reset_index(drop=True)
    future.daily = {k: np.stack([v[i] for i in order]) for k, v in daily.items()}


@dataclass
class Calibration:
    target: Target
    futures: list[Future]
    choice: pd.DataFrame
    meta: dict[str, Any]


def choose(futures: Sequence[Future], shares: Sequence[float]) -> pd.DataFrame:
    """ABC model choice: each future's posterior probability at each tolerance (share of the pooled runs)."""
    distance = np.concatenate([f.distance for f in futures])
    model = np.concatenate([[f.name] * len(f.distance) for f in futures])
    names = [f.name for f in futures]
    rows = []
    for share in shares:
        probs = abc.model_probabilities(distance, model, names, share)
        kept = max(2, round(share * len(distance)))
        rows += [{"share": share, "kept": kept, "future": n, "probability": float(p)} for n, p in zip(names, probs)]
    return pd.DataFrame(rows)


def calibrate(
    cfgs: Sequence[SimConfig],
    folder: Path | None = None,
    record: pd.DataFrame | None = None,
    table: pd.DataFrame | None = None,
    *,
    predict: bool = True,
) -> Calibration:
    """Calibrate each future of `cfgs` (composed scenarios sharing an explore set) against the record (or a
    comparable `table`); `predict=False` stops at the posterior (no predictive runs: the synthetic-truth
    check reads only the parameters and the futures' probabilities)."""
    started = time.perf_counter()
    first = cfgs[0]
    tgt = target(first, record, table)
    futures = prepare(cfgs)
    with tempfile.TemporaryDirectory(prefix="sim-calibrate-") as scratch:
        root = Path(folder) if folder is not None else Path(scratch)
        for f in futures:
            simulate_prior(f, tgt, root / "prior" / f.name)
            weigh(f, tgt)
        for f in futures:
            if predict:
                simulate_posterior(f, tgt)
    accept = first.calibrate.accept
    shares = sorted({accept / 4, accept / 2, accept}) if len(futures) > 1 else [accept]
    choice = choose(futures, shares) if len(futures) > 1 else pd.DataFrame()
    meta = {
        "futures": [f.name for f in futures],
        "explore": first.explore.name,
        "parameters": len(futures[0].params),
        "until": tgt.until,
        "record_rows": len(tgt.table),
        "record_rows_used": int(tgt.used.sum()),
        "simulations_prior": int(sum(len(f.runs) for f in futures)),
        "simulations_predictive": int(sum(len(f.predictive) for f in futures)),
        "prior_horizon_days": observables.index_of(tgt.until_day) + 1,
        "accept": accept,
        "adjust": bool(first.calibrate.adjust),
        "seed": first.seed,
        "elapsed_s": round(time.perf_counter() - started, 2),
    }
    return Calibration(tgt, futures, choice, meta)
