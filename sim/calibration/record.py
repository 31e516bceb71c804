"""The public record of autumn 2022 as data: `data/record/record_2022.csv`, read, checked and put on the model's clock.

One row is one dated observation with its source and a range [low, high] that the calibration reads as a 90%
interval (see `data/record/README.md`). `load` reads and validates the table; `comparable` keeps the rows the
calibration can set beside the model's quantities, as changes since the model's start where they are
cumulative; `left_out` says why the others are not among them; `split` cuts a comparable frame at a date.

Pure data code: pandas and the standard library, no simulation imports.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

RECORD_FILE = Path(__file__).resolve().parents[1] / "data" / "record" / "record_2022.csv"

Z90 = 1.6449  # the standard normal's 95th percentile: [low, high] is read as a central 90% interval
ANCHOR_WINDOW_DAYS = 7  # how far from the start a claimant's reading may lie to anchor a difference since the start


@dataclass(frozen=True)
class Observable:
    meaning: str
    unit: str
    role: str  # "change": cumulative since `basis`; "level": the state on `date`; "day": a date as a day number;
    # "stock": context or an input, never compared with the model's outputs directly


OBSERVABLES: dict[str, Observable] = {
    "area_retaken_km2": Observable(
        "net area Ukraine retook since `basis` (theatre-wide, or in `sector`); model: area_km2[_<sector>]",
        "km²",
        "change",
    ),
    "russian_held_km2": Observable(
        "area Russia held on `date` (incl. Crimea and the areas held before 2022)", "km²", "stock"
    ),
    "front_advance_km": Observable(
        "Ukraine's advance along the sector's axis since `basis`; model: change of front_km_<sector>", "km", "change"
    ),
    "bridgehead_withdrawal_ordered": Observable(
        "the day Russia ordered the Kherson right bank abandoned, as (date - 2022-10-01).days", "day", "day"
    ),
    "bridgehead_withdrawal_complete": Observable(
        "the day Russia's withdrawal from the right bank ended, as (date - 2022-10-01).days", "day", "day"
    ),
    "mobilized_called": Observable("mobilized called up since the decree of 21 Sept 2022", "people", "level"),
    "mobilized_in_zone": Observable(
        "mobilized sent to the zone of operations (in training there, in garrison or in combat)", "people", "level"
    ),
    "mobilized_in_combat_units": Observable("mobilized serving in combat units", "people", "level"),
    "cas_ru": Observable(
        "Russian killed + wounded (+ captured where the source counts them) since `basis`", "people", "change"
    ),
    "cas_ua": Observable(
        "Ukrainian killed + wounded (+ captured where the source counts them) since `basis`", "people", "change"
    ),
    "aircraft_lost_ru": Observable(
        "Russian fixed-wing aircraft + helicopters lost since `basis`; model: aircraft_lost", "aircraft", "change"
    ),
    "himars_in_theatre": Observable(
        "HIMARS (and, as the note says, M270/MARS II) launchers delivered to Ukraine by `date`: an input",
        "launchers",
        "stock",
    ),
}

# the sectors of the theatre of 1 Oct 2022 (configs/theatre/oct2022.yaml) and of 6 Sept 2022 (sep2022.yaml)
SECTORS = frozenset(
    {
        "kharkiv_oskil",
        "lyman",
        "svatove_kreminna",
        "donetsk",
        "zaporizhzhia",
        "kherson_right_bank",
        "kharkiv_north",
        "izium",
    }
)
KINDS = ("measurement", "estimate", "claim")
SEEN = ("yes", "no")
# a claim is a belligerent's own statement: its claimant names a Ukrainian or a Russian body
BELLIGERENT_PREFIXES = ("Ukrain", "Russia")
COLUMNS = (
    "id",
    "date",
    "observable",
    "sector",
    "value",
    "low",
    "high",
    "basis",
    "kind",
    "claimant",
    "source",
    "url",
    "seen",
    "note",
)
COMPARABLE_COLUMNS = (
    "id",
    "observable",
    "sector",
    "date",
    "day",
    "basis_day",
    "value",
    "low",
    "high",
    "sd",
    "kind",
    "claimant",
    "source",
)


class RecordError(ValueError):
    """A row of the record breaks a rule: the message names the file, the row and the column."""


def _fail(path: Path, where: str, column: str, message: str) -> RecordError:
    return RecordError(f"{path}: row {where}: column {column!r}: {message}")


def _number(path: Path, where: str, column: str, text: str) -> float:
    try:
        number = float(text)
    except ValueError:
        raise _fail(path, where, column, f"not a number: {text!r}") from None
    if not math.isfinite(number):
        raise _fail(path, where, column, f"not finite: {text!r}")
    return number


def _date(path: Path, where: str, column: str, text: str) -> pd.Timestamp:
    try:
        stamp = pd.Timestamp(text)
    except ValueError:
        raise _fail(path, where, column, f"not an ISO date: {text!r}") from None
    if pd.isna(stamp) or stamp != stamp.normalize():
        raise _fail(path, where, column, f"not an ISO date: {text!r}")
    return stamp


def load(path: Path | str = RECORD_FILE) -> pd.DataFrame:
    """The record, checked: every column present, ids unique, dates, observables, sectors, kinds and ranges valid,
    a source and a claimant on every row. `date` and `basis` come back as timestamps (`basis` NaT when empty),
    `value`, `low` and `high` as floats. Raises `RecordError` on the first violation."""
    path = Path(path)
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as err:
        raise RecordError(f"{path}: cannot be read as CSV: {err}") from err
    missing = [c for c in COLUMNS if c not in raw.columns]
    if missing:
        raise RecordError(f"{path}: row (header): column {missing[0]!r}: missing (required: {', '.join(COLUMNS)})")
    raw = raw.apply(lambda column: column.str.strip())
    rows, seen_ids = [], set()
    for index, row in raw.iterrows():
        line = int(str(index)) + 2  # the header is line 1
        rid = row["id"]
        where = repr(rid) if rid else f"at line {line}"
        if not rid:
            raise _fail(path, where, "id", "empty")
        if rid in seen_ids:
            raise _fail(path, where, "id", "duplicate id")
        seen_ids.add(rid)
        date = _date(path, where, "date", row["date"])
        observable = OBSERVABLES.get(row["observable"])
        if observable is None:
            raise _fail(path, where, "observable", f"unknown {row['observable']!r} (known: {', '.join(OBSERVABLES)})")
        if row["sector"] and row["sector"] not in SECTORS:
            raise _fail(path, where, "sector", f"unknown {row['sector']!r} (empty for the theatre, or a known sector)")
        value, low, high = (_number(path, where, c, row[c]) for c in ("value", "low", "high"))
        if not low <= value <= high:
            raise _fail(
                path, where, "low" if low > value else "high", f"low <= value <= high fails: {low}, {value}, {high}"
            )
        basis = pd.NaT
        if observable.role == "change":
            if not row["basis"]:
                raise _fail(
                    path, where, "basis", f"a cumulative observable ({row['observable']}) needs the date it counts from"
                )
            basis = _date(path, where, "basis", row["basis"])
            if basis > date:
                raise _fail(path, where, "basis", f"after the date ({row['basis']} > {row['date']})")
        elif row["basis"]:
            raise _fail(path, where, "basis", f"must be empty for a {observable.role} observable ({row['observable']})")
        if row["kind"] not in KINDS:
            raise _fail(path, where, "kind", f"{row['kind']!r} is none of {', '.join(KINDS)}")
        for column in ("claimant", "source"):
            if not row[column]:
                raise _fail(path, where, column, "empty: every row names who says it and where")
        if row["seen"] not in SEEN:
            raise _fail(path, where, "seen", f"{row['seen']!r} is none of {', '.join(SEEN)}")
        rows.append({**row.to_dict(), "date": date, "basis": basis, "value": value, "low": low, "high": high})
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    frame["date"] = pd.to_datetime(frame["date"])
    frame["basis"] = pd.to_datetime(frame["basis"])
    return frame


def _sd(role: str, value: float, low: float, high: float) -> float:
    """The sd of a normal whose central 90% interval is [low, high], with a floor for a zero-width range: half a
    day for a date (a daily record cannot place an event closer), else 1% of the value (a round-number statement)
    and at least one unit."""
    floor = 0.5 if role == "day" else max(0.01 * abs(value), 1.0)
    return max((high - low) / (2 * Z90), floor)


def _differences(record: pd.DataFrame, start: pd.Timestamp) -> tuple[list[dict], dict[str, str]]:
    kept: list[dict] = []
    out: dict[str, str] = {}
    window = pd.Timedelta(days=ANCHOR_WINDOW_DAYS)
    for row in record.sort_values(["date", "id"]).itertuples(index=False):
        observable = OBSERVABLES[row.observable]
        if observable.role == "stock":
            out[row.id] = f"{row.observable} is a stock (context or an input), not a model output"
            continue
        if row.date < start:
            out[row.id] = f"dated before the start ({start.date()})"
            continue
        entry = {
            "id": row.id,
            "observable": row.observable,
            "sector": row.sector,
            "date": row.date,
            "day": (row.date - start).days,
            "basis_day": float("nan"),
            "value": row.value,
            "low": row.low,
            "high": row.high,
            "kind": row.kind,
            "claimant": row.claimant,
            "source": row.source,
            "role": observable.role,
        }
        if observable.role == "change":
            if row.basis >= start:
                entry["basis_day"] = float((row.basis - start).days)
            else:
                same = record[
                    (record["observable"] == row.observable)
                    & (record["sector"] == row.sector)
                    & (record["claimant"] == row.claimant)
                    & (record["basis"] == row.basis)
                ]
                before = same[(same["date"] <= start) & (same["date"] >= start - window)]
                after = same[(same["date"] > start) & (same["date"] <= start + window)]
                if len(before):
                    anchor = before.sort_values("date").iloc[-1]
                    anchor_day = 0  # a reading up to a week before the start stands for the start
                elif len(after):
                    anchor = after.sort_values("date").iloc[0]
                    anchor_day = (anchor["date"] - start).days
                else:
                    out[row.id] = (
                        f"cumulative since {row.basis.date()}, and {row.claimant} gave no reading of it within "
                        f"{ANCHOR_WINDOW_DAYS} days of the start to difference against"
                    )
                    continue
                if anchor["id"] == row.id or anchor["date"] == row.date:
                    later = same[same["date"] > row.date]
                    out[row.id] = (
                        f"the anchor (day {anchor_day}) of {row.claimant}'s later readings of {row.observable}"
                        if len(later)
                        else f"cumulative since {row.basis.date()}, and {row.claimant} gave no other reading of it "
                        "to difference against"
                    )
                    continue
                change = row.value - float(anchor["value"])
                if row.value != 0:
                    # the claimant's bias is taken as a factor (a claim overstating by x overstates its changes by
                    # x), so the difference keeps the row's range relative to its value
                    ends = (change * row.low / row.value, change * row.high / row.value)
                else:
                    ends = (change - (row.value - row.low), change + (row.high - row.value))
                entry.update(value=change, low=min(ends), high=max(ends), basis_day=float(anchor_day))
        kept.append(entry)
    return kept, out


def comparable(record: pd.DataFrame, start: str = "2022-10-01") -> pd.DataFrame:
    """The rows the calibration can set beside the model, on the model's clock (day 0 = `start`).

    Columns: `id, observable, sector, date, day, basis_day, value, low, high, sd, kind, claimant, source`, where
    `day = (date - start).days` and `sd = (high - low) / (2 x 1.6449)` (a floor for a zero-width range). A
    cumulative row (role "change") compares with the model's change between `basis_day` and `day`: rows counted
    from the start or later are kept as they are (`basis_day` = the basis's day); a row counted from before the
    start becomes a difference against the same claimant's reading of the same observable, sector and basis on
    the start or the nearest earlier within 7 days (`basis_day` 0), or failing that the first one within 7 days
    after it (`basis_day` = its day; that anchor row itself is left out). `basis_day` is NaN for levels and days.
    Left out: stocks, rows dated before the start, cumulative rows without an anchor, anchors; `left_out` lists
    them and `frame.attrs["left_out"]` is the same as {id: reason}."""
    start_ts = pd.Timestamp(start)
    kept, out = _differences(record, start_ts)
    frame = pd.DataFrame(kept, columns=[*COMPARABLE_COLUMNS, "role"])
    frame["sd"] = [_sd(r.role, r.value, r.low, r.high) for r in frame.itertuples(index=False)]
    frame = frame[list(COMPARABLE_COLUMNS)].reset_index(drop=True)
    frame["date"] = pd.to_datetime(frame["date"])
    frame["day"] = frame["day"].astype(int)
    frame.attrs["left_out"] = out
    return frame


def left_out(record: pd.DataFrame, start: str = "2022-10-01") -> pd.DataFrame:
    """The rows `comparable` leaves out, with the reason: columns `id, observable, date, reason`."""
    _, out = _differences(record, pd.Timestamp(start))
    rows = record.set_index("id").loc[list(out)]
    return pd.DataFrame(
        {
            "id": list(out),
            "observable": rows["observable"].to_list(),
            "date": rows["date"].to_list(),
            "reason": list(out.values()),
        }
    )


def split(frame: pd.DataFrame, until: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A comparable frame cut at `until` (ISO date): the rows dated on or before it, and those after."""
    cut = pd.Timestamp(until)
    on_or_before = frame["date"] <= cut
    return frame[on_or_before].reset_index(drop=True), frame[~on_or_before].reset_index(drop=True)
