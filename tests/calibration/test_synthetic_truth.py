"""The acceptance check of calibration (issue 15): a record simulated from a known future at a known point is
calibrated back; the point lies in the posterior's 90% intervals and the future gets the highest posterior
probability in most repeats. Small designs (CI); the note reports a larger run."""

from __future__ import annotations

import pytest

from sim.api import compose
from sim.calibration import observables
from sim.calibration.synthetic import simulated_record, truth_check
from sim.config.check import to_typed

FUTURES = ("dissuasion", "advance", "unprepared_conscripts")


def truth_record(cfg, table):
    return simulated_record(cfg, {"combat.kill_rate": 0.01, "bridgehead.decision_probability": 0.5}, 7, table)


def _cfgs(n: int):
    overrides = ["+explore=record", f"calibrate.n={n}", "calibrate.predictive=10", "horizon_days=92"]
    overrides += ["executor=serial", "progress=false"]
    return [to_typed(compose([f"+scenario={name}", *overrides])) for name in FUTURES]


@pytest.mark.untraced
def test_a_simulated_record_is_calibrated_back_to_its_future_and_point(tmp_path):
    unit = [0.3, 0.6, 0.4, 0.5, 0.7, 0.4, 0.6]
    cases = [(1, unit, 11), (2, unit, 12), (0, unit, 13)]
    results = truth_check(_cfgs(150), cases, tmp_path)  # no predictive runs: only the posterior is read
    wins = sum(max(r["probabilities"], key=r["probabilities"].get) == r["truth"] for r in results)
    inside = sum(sum(r["inside_90"].values()) for r in results)
    total = sum(len(r["inside_90"]) for r in results)
    assert wins >= 2, f"the generating future should be the likeliest in most repeats: {results}"
    assert inside >= 0.8 * total, f"only {inside} of {total} true values in their posterior 90% intervals"


def test_a_simulated_record_keeps_the_rows_and_their_ranges():
    from sim.calibration.record import comparable, load

    cfg = _cfgs(20)[1]
    table = comparable(load(), start=cfg.theatre.start_date)
    record = truth_record(cfg, table)
    usable = observables.usable(table)
    assert list(record["id"]) == list(usable["id"])  # every row kept, events not seen dated after the horizon
    width = (usable["high"] - usable["low"]).to_numpy()
    assert (record["high"] - record["low"]).to_numpy() == pytest.approx(width)
    assert ((record["low"] <= record["value"]) & (record["value"] <= record["high"])).all()
    events = observables.is_event(usable)
    assert (record["value"][events] > 0).all()
