"""The synthetic-truth check of a calibration: a record simulated at a known point of a known future, then
calibrated, must give back that point inside the posterior's 90% interval and that future as the likeliest.

The simulated record keeps the real record's rows, dates and uncertainties (each row's [low, high] is moved
to sit around the simulated value), so the check weighs the same quantities with the same precision as the
real calibration; an event that did not happen in the generating run is dated a day after its horizon (weighed
up to `until`, that is "not yet by then", as any event dated later).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.calibration import abc, observables
from sim.calibration.record import comparable, load
from sim.calibration.run import Calibration, calibrate, prepare
from sim.config.schema import SimConfig
from sim.explore.uncertainties import apply
from sim.world.campaign import simulate


def simulated_record(cfg: SimConfig, params: dict[str, Any], seed: int, table: pd.DataFrame) -> pd.DataFrame:
    """`table` (a comparable record) with each value replaced by one run's at `params`, its range kept."""
    table = observables.usable(table)
    horizon = max(float(cfg.horizon_days), observables.horizon_for(table))
    result = simulate(dataclasses.replace(apply(cfg, params), horizon_days=horizon), seed)
    values = observables.observe(result.row, result.daily, table)
    values = np.where(observables.is_event(table) & np.isnan(values), horizon + 1, values)  # not by the horizon
    out = table.copy()
    half_low, half_high = out["value"] - out["low"], out["high"] - out["value"]
    out["value"], out["low"], out["high"] = values, values - half_low, values + half_high
    return out[np.isfinite(values)].reset_index(drop=True)


def truth_check(
    cfgs: Sequence[SimConfig],
    cases: Sequence[tuple[int, Sequence[float], int]],
    folder: Path,
    table: pd.DataFrame | None = None,
) -> list[dict[str, Any]]:
    """For each case (future index, unit point, seed), calibrate `cfgs` on a record simulated from that
    future at that point: whether each parameter's true value lies in its posterior 90% interval (in the
    generating future), and the futures' posterior probabilities. The prior's runs do not depend on the record,
    so they are simulated once (in `folder`) and weighed against every case's record, as rejection ABC may."""
    base = table if table is not None else comparable(load(), start=cfgs[0].theatre.start_date)
    futures = prepare(cfgs)
    out = []
    for truth, unit, seed in cases:
        params = {p.key: p.value(float(u)) for p, u in zip(futures[truth].params, unit)}
        record = simulated_record(cfgs[truth], params, seed, base)
        cal: Calibration = calibrate(cfgs, folder, table=record, predict=False)
        f = cal.futures[truth]
        assert f.kept is not None
        inside = {}
        for j, p in enumerate(f.params):
            lo, hi = abc.weighted_quantiles(f.posterior_unit[:, j], f.kept.weight, [0.05, 0.95])
            inside[p.key] = bool(lo <= unit[j] <= hi)
        probs: dict[str, float] = {}
        if not cal.choice.empty:
            widest = cal.choice[cal.choice["share"] == cal.choice["share"].max()]
            probs = dict(zip(widest["future"], widest["probability"]))
        out.append({"truth": f.name, "params": params, "inside_90": inside, "probabilities": probs, "cal": cal})
    return out
