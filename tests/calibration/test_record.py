"""The record of autumn 2022 as data: the shipped table loads, every row is sourced and every claim is a
belligerent's; a row that breaks a rule fails with an error naming it; `comparable` puts rows on the model's
clock, turning cumulative claims into changes since the start."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pandas as pd
import pytest

from sim.calibration import record
from sim.calibration.record import RecordError

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return record.load()


def _rows(path: Path = record.RECORD_FILE) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(record.COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows({c: r.get(c, "") for c in record.COLUMNS} for r in rows)
    return path


def test_the_record_ships_in_the_package_and_in_the_checkout():
    assert record.RECORD_FILE.is_file()
    assert (ROOT / "data" / "record" / "record_2022.csv").samefile(record.RECORD_FILE)
    assert (ROOT / "data" / "record" / "README.md").is_file()


def test_the_shipped_table_loads_and_every_row_is_sourced(table):
    assert 30 <= len(table) <= 60
    assert table["id"].is_unique
    for column in ("source", "claimant"):
        blank = table.loc[table[column].str.strip() == "", "id"].to_list()
        assert not blank, f"rows without a {column}: {blank}"
    assert set(table["kind"]) <= set(record.KINDS)
    assert set(table["seen"]) <= {"yes", "no"}


def test_every_claim_is_a_belligerents(table):
    claims = table[table["kind"] == "claim"]
    assert len(claims) > 0
    wrong = claims.loc[~claims["claimant"].str.startswith(record.BELLIGERENT_PREFIXES), ["id", "claimant"]]
    assert wrong.empty, wrong.to_dict("records")


def test_day_observables_follow_the_day_convention(table):
    days = table[table["observable"].map(lambda o: record.OBSERVABLES[o].role == "day")]
    assert ((days["date"] - pd.Timestamp("2022-10-01")).dt.days == days["value"]).all()


def test_the_calibration_targets_are_there(table):
    by_id = table.set_index("id")
    assert by_id.loc["kherson_withdrawal_ordered", "value"] == 39  # 9 Nov 2022
    assert by_id.loc["kherson_withdrawal_complete", "value"] == 41  # 11 Nov 2022
    area = record.comparable(table)
    theatre = area[(area["observable"] == "area_retaken_km2") & (area["sector"] == "") & (area["basis_day"] == 0)]
    for target in ("2022-10-31", "2022-11-30", "2022-12-31"):
        near = (theatre["date"] - pd.Timestamp(target)).abs() <= pd.Timedelta(days=3)
        assert near.any(), f"no theatre-wide area retaken since 1 Oct near {target}"
    # the Kharkiv September rows of the backtest are kept, but before the start
    kharkiv = table[table["id"].str.startswith("kharkiv_sep")]
    assert len(kharkiv) >= 2 and (kharkiv["basis"] == pd.Timestamp("2022-09-06")).all()
    assert not set(kharkiv["id"]) & set(area["id"])


@pytest.mark.parametrize("victim", [0, 17, -1])
def test_a_row_without_a_source_fails_naming_it(tmp_path, victim):
    rows = _rows()
    rows[victim]["source"] = "  "
    with pytest.raises(RecordError, match=rf"row '{rows[victim]['id']}'.*'source'"):
        record.load(_write(tmp_path / "record.csv", rows))


@pytest.mark.parametrize(
    ("change", "column"),
    [
        ({"low": "7000"}, "low"),  # low > value
        ({"high": "10"}, "high"),  # high < value
        ({"observable": "villages_liberated"}, "observable"),
        ({"sector": "crimea"}, "sector"),
        ({"kind": "rumour"}, "kind"),
        ({"claimant": ""}, "claimant"),
        ({"date": "2022-13-01"}, "date"),
        ({"value": "nan"}, "value"),
        ({"basis": ""}, "basis"),  # a cumulative observable without the date it counts from
        ({"basis": "2023-01-01"}, "basis"),  # counted from after its date
        ({"seen": "maybe"}, "seen"),
    ],
)
def test_a_broken_row_fails_naming_row_and_column(tmp_path, change, column):
    rows = _rows()
    target = next(r for r in rows if r["id"] == "wm_retaken_2022_11_30")
    target.update(change)
    with pytest.raises(RecordError, match=rf"record.csv: row 'wm_retaken_2022_11_30': column '{column}'"):
        record.load(_write(tmp_path / "record.csv", rows))


def test_a_duplicate_id_fails(tmp_path):
    rows = _rows()
    rows.append(dict(rows[3]))
    with pytest.raises(RecordError, match=rf"row '{rows[3]['id']}': column 'id': duplicate"):
        record.load(_write(tmp_path / "record.csv", rows))


def test_a_missing_column_fails(tmp_path):
    path = tmp_path / "record.csv"
    pd.read_csv(record.RECORD_FILE, dtype=str, keep_default_na=False).drop(columns="source").to_csv(path, index=False)
    with pytest.raises(RecordError, match="column 'source': missing"):
        record.load(path)


def _row(rid: str, date: str, value: float, low: float, high: float, **extra: str) -> dict[str, str]:
    base = {
        "id": rid,
        "date": date,
        "observable": "cas_ru",
        "value": str(value),
        "low": str(low),
        "high": str(high),
        "basis": "2022-02-24",
        "kind": "claim",
        "claimant": "Ukraine General Staff",
        "source": "a bulletin",
        "seen": "yes",
    }
    return {**base, **extra}


@pytest.fixture
def synthetic(tmp_path) -> pd.DataFrame:
    rows = [
        _row("gs_sep28", "2022-09-28", 58000, 58000, 174000),
        _row("gs_oct31", "2022-10-31", 70000, 70000, 210000),
        _row("gs_nov30", "2022-11-30", 88000, 88000, 264000),
        _row("us_nov09", "2022-11-09", 110000, 100000, 130000, kind="estimate", claimant="US officials"),
        _row("kh_oct06", "2022-10-06", 500, 400, 700, observable="area_retaken_km2", basis="2022-10-01"),
        _row("kh_nov13", "2022-11-13", 4500, 3500, 5000, observable="area_retaken_km2", basis="2022-11-07"),
        _row("order", "2022-11-09", 39, 39, 39, observable="bridgehead_withdrawal_ordered", basis=""),
        _row("mob_zone", "2022-10-28", 82000, 65000, 100000, observable="mobilized_in_zone", basis=""),
        _row("held", "2022-10-31", 103846, 100000, 109000, observable="russian_held_km2", basis="", kind="measurement"),
        _row("ac_oct04", "2022-10-04", 498, 124.5, 498, observable="aircraft_lost_ru"),
        _row("ac_nov08", "2022-11-08", 535, 133.75, 535, observable="aircraft_lost_ru"),
    ]
    return record.load(_write(tmp_path / "synthetic.csv", rows))


def test_comparable_turns_a_cumulative_claim_into_a_change_since_the_start(synthetic):
    frame = record.comparable(synthetic).set_index("id")
    oct31 = frame.loc["gs_oct31"]
    assert oct31["value"] == 12000  # 70,000 - 58,000 (28 Sept stands for 1 Oct: within 7 days)
    assert (oct31["low"], oct31["high"]) == (12000, 36000)  # the range scales with the value
    assert oct31["day"] == 30 and oct31["basis_day"] == 0
    assert frame.loc["gs_nov30", "value"] == 30000 and frame.loc["gs_nov30", "day"] == 60
    assert oct31["sd"] == pytest.approx((36000 - 12000) / (2 * 1.6449))


def test_comparable_keeps_rows_counted_from_the_start_or_later(synthetic):
    frame = record.comparable(synthetic).set_index("id")
    assert frame.loc["kh_oct06", ["value", "day", "basis_day"]].to_list() == [500, 5, 0]
    assert frame.loc["kh_nov13", ["value", "day", "basis_day"]].to_list() == [4500, 43, 37]
    assert frame.loc["kh_nov13", "sd"] == pytest.approx(1500 / (2 * 1.6449))
    assert frame.loc["mob_zone", "value"] == 82000 and math.isnan(frame.loc["mob_zone", "basis_day"])


def test_a_date_is_a_day_with_a_floor_on_its_sd(synthetic):
    order = record.comparable(synthetic).set_index("id").loc["order"]
    assert order["value"] == 39 and order["day"] == 39
    assert order["sd"] == 0.5  # a zero-width range: half a day


def test_a_later_anchor_within_a_week_is_used_and_left_out(synthetic):
    frame = record.comparable(synthetic).set_index("id")
    nov08 = frame.loc["ac_nov08"]
    assert nov08["value"] == 37 and nov08["basis_day"] == 3
    assert (nov08["low"], nov08["high"]) == pytest.approx((9.25, 37))
    assert "ac_oct04" not in frame.index


def test_what_comparable_leaves_out_is_listed_with_a_reason(synthetic):
    frame = record.comparable(synthetic)
    out = record.left_out(synthetic).set_index("id")["reason"]
    assert set(out.index) == {"gs_sep28", "us_nov09", "held", "ac_oct04"}
    assert frame.attrs["left_out"] == out.to_dict()
    assert "before the start" in out["gs_sep28"]
    assert "no reading" in out["us_nov09"]
    assert "stock" in out["held"]
    assert "anchor" in out["ac_oct04"]
    assert not set(out.index) & set(frame["id"])


def test_split_cuts_at_a_date(synthetic):
    before, after = record.split(record.comparable(synthetic), "2022-10-31")
    assert set(before["id"]) == {"kh_oct06", "mob_zone", "gs_oct31"}
    assert (after["date"] > pd.Timestamp("2022-10-31")).all() and len(after) == 4


def test_the_shipped_record_is_comparable(table):
    frame = record.comparable(table)
    assert list(frame.columns) == list(record.COMPARABLE_COLUMNS)
    assert (frame["low"] <= frame["value"]).all() and (frame["value"] <= frame["high"]).all()
    assert (frame["sd"] > 0).all() and (frame["day"] >= 0).all()
    assert len(frame) + len(record.left_out(table)) == len(table)
