"""`calibration.md` and the files beside it: the answer first (which future the record favours and by how
much, which parameters it pins down), then the predictive against the record, then the checks and caveats."""

from __future__ import annotations

import math
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml
from omegaconf import OmegaConf

from sim.calibration import summary
from sim.calibration.plots import FIGURES
from sim.calibration.run import Calibration, Future
from sim.experiment.bands import QUANTILES, bands_frame, day_axis
from sim.experiment.files import atomic_write
from sim.experiment.results import Results
from sim.outcomes import column_names
from sim.reporting.jsondata import write_json
from sim.reporting.markdown import number, table
from sim.reporting.style import drawing, save_all
from sim.version import __version__

REPORT_FILE, JSON_FILE = "calibration.md", "calibration.json"
KEY_ROWS = ("area_retaken_km2", "bridgehead_withdrawal_ordered", "bridgehead_withdrawal_complete")
CAVEATS = (
    "ABC model choice is only as good as its summaries: summaries that suffice to fit each future's parameters "
    "need not suffice to choose between futures (Robert, Cornuet, Marin & Pillai 2011, PNAS 108:15112), so the "
    "probabilities are given at three tolerances and should be read as a ranking of fits, not as odds.",
    "The futures' priors are the explore set's ranges, shared by all; each future keeps its own defining settings "
    "(the scenario file). A future favoured here fits the record better over those ranges, not at every point.",
    "The record's [low, high] is read as a 90% interval of a normal error; belligerents' claims are weighed "
    "like any other row with their stated range, which is why their ranges are wide.",
    "One replication per point: the replication noise is part of the fit (the kept runs are near the record by "
    "their parameters and by their draws alike); the predictive runs are fresh draws.",
)


def _conditioned(future: Future, folder: Path, until: str) -> Path:
    """The future's posterior predictive as a run folder, so the usual comparison reads it."""
    cfg = future.cfg
    columns = [c for c in column_names(cfg.theatre.sectors) if c in future.predictive]
    outcomes = future.predictive[columns]
    names = sorted(future.daily)
    data = np.stack([future.daily[n] for n in names])  # (series, runs, days)
    days = day_axis(float(future.predictive_horizon))
    mean = data.mean(axis=1)
    quantiles = np.quantile(data, QUANTILES, axis=1)
    daily = bands_frame(names, days, mean, quantiles)
    meta = {
        "scenario": cfg.scenario_name,
        "seed": cfg.seed,
        "replications": len(outcomes),
        "horizon_days": float(future.predictive_horizon),
        "start_date": cfg.theatre.start_date,
        "conditioned_on": f"the record to {until} (sim calibrate, explore set {cfg.explore.name})",
        "status": "complete",
        "version": __version__,
    }
    config = OmegaConf.to_yaml(OmegaConf.structured(cfg))
    Results(outcomes, daily, meta).save(folder, config)
    # what the comparison labels the job by (else it composes the scenario again to find the differences)
    overrides = [f"+scenario={cfg.scenario_name}", f"+explore={cfg.explore.name}", f"record.until={until}"]
    (folder / ".hydra").mkdir(exist_ok=True)
    atomic_write(folder / ".hydra" / "overrides.yaml", lambda p: p.write_text(yaml.safe_dump(overrides)))
    return folder


def write(cal: Calibration, folder: Path) -> Path:
    """Every table, figure and report of a calibration in `folder`; returns the path of calibration.md."""
    folder.mkdir(parents=True, exist_ok=True)
    facts = summary.everything(cal)
    posterior = pd.concat([f.posterior_table() for f in cal.futures], ignore_index=True)
    atomic_write(folder / "posterior.parquet", lambda p: posterior.to_parquet(p, index=False))
    predictive = pd.concat([f.predictive.assign(future=f.name) for f in cal.futures], ignore_index=True)
    atomic_write(folder / "predictive.parquet", lambda p: predictive.to_parquet(p, index=False))
    prior = pd.concat([f.runs.assign(future=f.name, distance=f.distance) for f in cal.futures], ignore_index=True)
    atomic_write(folder / "prior.parquet", lambda p: prior.to_parquet(p, index=False))
    atomic_write(folder / "record.parquet", lambda p: cal.target.table.assign(weighed=cal.target.used).to_parquet(p))
    draw = cal.futures[0].cfg.plots is not False  # plots=false: the tables and reports only
    paths: dict[str, Path] = {}
    if draw:
        with drawing():
            paths = save_all({name: partial(make, cal) for name, make in FIGURES.items()}, folder)
    comparison = None
    if draw and len(cal.futures) > 1:
        from sim.reporting.compare import compare

        jobs = [_conditioned(f, folder / "conditioned" / f.name, cal.target.until) for f in cal.futures]
        comparison = compare(jobs, folder / "conditioned")
    elif cal.futures:
        _conditioned(cal.futures[0], folder / "conditioned" / cal.futures[0].name, cal.target.until)
    text = markdown(cal, facts, [p.name for p in paths.values()], comparison, folder)
    path = folder / REPORT_FILE
    atomic_write(path, lambda p: p.write_text(text, encoding="utf-8"))
    write_json(folder / JSON_FILE, {k: v for k, v in facts.items()})
    return path


def _answer(cal: Calibration, facts: dict[str, Any]) -> list[str]:
    until, lines = cal.target.until, []
    v = facts["verdict"]
    if v:
        factor = "∞" if math.isinf(v["bayes_factor"]) else f"{v['bayes_factor']:.1f}"
        steady = "at every tolerance" if v["same_at_every_tolerance"] else "at the widest tolerance only"
        lines.append(
            f"**The record to {until} favours {v['future']}**: posterior probability {v['probability']:.2f} against "
            f"{v['runner_up']} {v['runner_up_probability']:.2f} (Bayes factor {factor}), first {steady}. "
            "Equal prior weights; the caveats of ABC model choice are below."
        )
    else:
        f = cal.futures[0]
        lines.append(f"Calibration of **{f.name}** on the record to {until} (one future: no model choice).")
    for f in cal.futures:
        params = facts["parameters"][f.name]
        pinned = [
            f"{r.parameter} ({number(r.post_05, 3)}–{number(r.post_95, 3)})"
            for r in params.itertuples()
            if r.verdict == "pinned down"
        ]
        left = [r.parameter for r in params.itertuples() if r.verdict == "left open"]
        fit = facts["fit"][f.name]
        worst = ", ".join(f"{r.id} ({r.median_z:+.1f} sd)" for r in f.misfit.head(3).itertuples())
        how = (
            "regression-adjusted"
            if f.adjusted
            else f"rejection only (the record lies beyond every kept run on {', '.join(f.beyond)}: the adjustment "
            "would only extrapolate)"
            if f.beyond
            else "rejection only"
        )
        lines.append(
            f"- **{f.name}**: nearest run {fit['best_distance']:.2f} standard deviations of the record from it "
            f"(kept runs' median {fit['kept_median_distance']:.2f}); farthest rows {worst}. Posterior {how}. The "
            f"record pins down {', '.join(pinned) or 'no parameter'}; it leaves open {', '.join(left) or 'none'}."
        )
    return lines


def _weighed(weighed: bool, day: int, until_day: int) -> str:
    if not weighed:
        return "no (after until)"
    return "as not yet by until" if day > until_day else "yes"


def _day(value: float, horizon: float) -> str:
    return f"after day {horizon:.0f}" if math.isinf(value) else number(value)


def _key_rows(cal: Calibration, facts: dict[str, Any]) -> list[str]:
    pred = facts["predictive"]
    horizon = max(f.predictive_horizon for f in cal.futures)
    rows = []
    for r in pred.itertuples():
        if r.observable not in KEY_ROWS or (r.observable == "area_retaken_km2" and r.sector):
            continue
        rows.append(
            [
                r.future,
                r.observable + (f" ({r.sector})" if r.sector else ""),
                r.date,
                _weighed(r.weighed, r.day, cal.target.until_day),
                f"{number(r.record)} [{number(r.record_low)}, {number(r.record_high)}]",
                f"{_day(r.pred_05, horizon)} – {_day(r.pred_95, horizon)}",
                _day(r.pred_50, horizon),
                f"{r.percentile:.0f}",
            ]
        )
    return table(
        [
            "future",
            "observable",
            "date",
            "weighed",
            "record [range]",
            "predictive 90%",
            "median",
            "record's percentile",
        ],
        rows,
    )


def markdown(cal: Calibration, facts: dict[str, Any], figures: list[str], comparison: Path | None, folder: Path) -> str:
    m = cal.meta
    out = [f"# Calibration against the record to {cal.target.until}", ""]
    out += [*_answer(cal, facts), ""]
    out += [
        "## The record beside the posterior predictive",
        "",
        "Area retaken since 1 October and the Kherson withdrawal: the predictive 90% band of each future, the "
        "record and its percentile in the band (near 50: typical; below 5 or above 95: the record is in the "
        "tail). Days count from 1 October 2022 (9 November is day 39).",
        "",
    ]
    out += [*_key_rows(cal, facts), ""]
    for name in figures:
        out += [f"![{name}]({name})", ""]
    if not cal.choice.empty:
        out += ["## Which future: ABC model choice", ""]
        shares = sorted(cal.choice["share"].unique())
        names = [f.name for f in cal.futures]
        rows = [
            [f"{s:.1%}", str(int(cal.choice[cal.choice["share"] == s]["kept"].iloc[0]))]
            + [
                f"{cal.choice[(cal.choice['share'] == s) & (cal.choice['future'] == n)]['probability'].iloc[0]:.3f}"
                for n in names
            ]
            for s in shares
        ]
        out += [*table(["nearest share", "runs kept", *names], rows), ""]
        if comparison is not None:
            out += [
                f"The conditioned futures (each future's posterior predictive, {m['simulations_predictive']} runs "
                f"in all) are compared as any runs are: [{comparison.relative_to(folder)}]"
                f"({comparison.relative_to(folder)}).",
                "",
            ]
    out += ["## Parameters", ""]
    for f in cal.futures:
        p = facts["parameters"][f.name]
        out += [f"### {f.name}", ""]
        header = ["parameter", "prior 5–95%", "posterior 5%", "median", "95%", "width / prior", "the record"]
        rows = [
            [
                r.parameter,
                f"{number(r.prior_05, 3)} – {number(r.prior_95, 3)}",
                number(r.post_05, 3),
                number(r.post_50, 3),
                number(r.post_95, 3),
                f"{r.width_ratio:.2f}",
                r.verdict,
            ]
            for r in p.itertuples()
        ]
        out += [*table(header, rows), ""]
    out += ["## Every record row", ""]
    pred = facts["predictive"]
    horizon = max(f.predictive_horizon for f in cal.futures)
    out += table(
        ["future", "id", "observable", "sector", "date", "weighed", "record", "predictive 5–95%", "percentile"],
        [
            [
                r.future,
                r.id,
                r.observable,
                r.sector,
                r.date,
                "yes" if r.weighed else "no",
                number(r.record),
                f"{_day(r.pred_05, horizon)} – {_day(r.pred_95, horizon)}",
                f"{r.percentile:.0f}",
            ]
            for r in pred.itertuples()
        ],
    )
    out += ["", "## How it was done", ""]
    out += [
        f"- Rejection ABC with Beaumont's regression adjustment ({'on' if m['adjust'] else 'off'}), over the explore "
        f"set `{m['explore']}` ({m['parameters']} parameters, a Latin hypercube of {cal.futures[0].cfg.calibrate.n} "
        f"points per future, one replication each, run {m['prior_horizon_days']} days: to the end of "
        f"{cal.target.until}).",
        f"- Distances: root-mean-square of (simulated − record) / sd over the {m['record_rows_used']} rows weighed "
        f"of {m['record_rows']}; sd from each row's [low, high] read as a 90% interval. Events dated after "
        f"{cal.target.until} are weighed as 'not yet by then' (censored).",
        f"- Kept: the nearest {m['accept']:.1%} of each future's runs, Epanechnikov weights.",
        f"- Posterior predictive: {cal.futures[0].cfg.calibrate.predictive} fresh runs per future at points drawn "
        "from its posterior, to the scenario's horizon.",
        f"- {m['simulations_prior'] + m['simulations_predictive']:,} simulations in {m['elapsed_s']:.0f} s "
        f"(seed {m['seed']}).",
        "",
    ]
    rows = [
        [
            f.name,
            f"{facts['fit'][f.name]['kept']}",
            f"{facts['fit'][f.name]['effective_sample_size']:.0f}",
            f"{facts['fit'][f.name]['tolerance']:.2f}",
        ]
        for f in cal.futures
    ]
    out += [*table(["future", "runs kept", "effective sample size", "tolerance (sd)"], rows), ""]
    out += ["## Caveats", ""] + [f"- {c}" for c in CAVEATS] + [""]
    return "\n".join(out)
