"""The record's rows read off a run: the end of a date is the next day's sample; events censored at until."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from sim.calibration import observables


def _table(rows):
    return pd.DataFrame(rows, columns=["id", "observable", "sector", "day", "value", "sd"])


def test_stock_is_read_at_the_end_of_its_date_and_events_from_their_column():
    daily = {
        "area_km2": list(range(0, 100, 10)),
        "area_km2_kherson_right_bank": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        **{
            f"mobilized_{s}": [float(i) for i in range(10)]
            for s in ("training", "convoy", "billet", "garrison", "combat", "lost")
        },
        "cas_ru": [0] * 10,
        "cas_ua": [0] * 10,
        "aircraft_lost": [0] * 10,
    }
    table = _table(
        [
            ["a", "area_retaken_km2", "", 3, 0, 1],
            ["k", "area_retaken_km2", "kherson_right_bank", 2, 0, 1],
            ["late", "area_retaken_km2", "", 40, 0, 1],
            ["zone", "mobilized_in_zone", "", 1, 0, 1],
            ["called", "mobilized_called", "", 1, 0, 1],
            ["combat", "mobilized_in_combat_units", "", 1, 0, 1],
            ["order", "bridgehead_withdrawal_ordered", "kherson_right_bank", 39, 39, 1],
            ["end", "bridgehead_withdrawal_complete", "kherson_right_bank", 41, 41, 1],
        ]
    )
    seen = observables.observe({"bridgehead_order_day": 12.5, "bridgehead_day": math.nan}, daily, table)
    assert seen[0] == 40  # end of day 3 = sample 4
    assert seen[1] == 3
    assert seen[2] == 90  # beyond the run: its last day
    assert seen[3] == 4 * 2  # convoy + billet + garrison + combat at sample 2
    assert seen[4] == 6 * 2
    assert seen[5] == 2
    assert seen[6] == 12.5 and math.isnan(seen[7])
    assert observables.horizon_for(table) == 42


def test_events_after_until_enter_censored_and_stocks_after_it_do_not():
    table = _table(
        [
            ["a", "area_retaken_km2", "", 30, 0, 1],
            ["b", "area_retaken_km2", "", 60, 0, 1],
            ["order", "bridgehead_withdrawal_ordered", "", 39, 39, 1],
        ]
    )
    used = observables.calibration_rows(table, 30)
    assert used.tolist() == [True, False, True]
    runs = np.array([[1.0, 2.0, 20.0], [1.0, 2.0, math.nan], [1.0, 2.0, 35.0]])
    out = observables.censor(runs, table, 30)
    assert out[:, 2].tolist() == [20.0, 31.0, 31.0]  # early, never, later: capped at the end of day 30
    assert observables.censor(table["value"].to_numpy(float), table, 30)[2] == 31.0
    assert out[:, :2].tolist() == runs[:, :2].tolist()
