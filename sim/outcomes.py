"""The outcome row of one replication, declared once as data: every column, its kind, what writes it.

One replication of the campaign ends in one row of `outcomes.parquet`. This module is that row's schema:
a `Column` per column, in the order the row holds them, saying what kind of value it is (an identifier, a
number, a category with its allowed values), which mechanism of the world writes it, its unit and meaning,
and the roles readers give it (the public schema of DESIGN.md section 3, the comparison's key outcomes, the
replay's headline, the default outcomes of `replications=auto`). Every list of columns elsewhere in sim
(summary, comparison, figures, replay, config checks, the schema's defaults) is derived from here, so a
column declared here reaches every report and one left out fails the test that runs every scenario.

A leaf module: the standard library only, nothing from sim, so that any layer may import it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

KINDS = ("id", "numeric", "category")
# The mechanism that writes a column (the world's processes, the campaign's verdict, the experiment's ids).
WRITERS = (
    "experiment",
    "campaign",
    "battle",
    "forces",
    "strikes",
    "annexation",
    "mobilization",
    "air",
    "decisions",
    "bridgehead",
)


@dataclass(frozen=True)
class Column:
    """One column of the outcome row.

    `kind`: "id" (identifies the replication), "numeric" (a float or int) or "category" (a string, one of
    `categories`; `not_applicable` is the value written where the column does not apply to a theatre, e.g.
    no bridgehead, and is not a category: reports list it only when it occurs). `writer`: the mechanism
    that writes it, one of WRITERS. `per_sector`: `name` is a prefix, expanded once per sector of the
    theatre (`area_km2_<sector>`). `public`: part of DESIGN.md's public schema (never renamed). `key` and
    `headline` order the comparison's key outcomes and the replay's headline (0: not one; a positive
    number is the position, ties in row order). `precision`: a default outcome of `replications=auto`.
    `audit`: a bookkeeping column kept for checks (the personnel ledger, equipment recovered), not an
    outcome: reports show it, but it is no numeric outcome. `part_of`, `breakdown`: this column is one
    part of the total `part_of` split by `breakdown`; the parts of one breakdown sum to the total.
    `label`: a short title for figures; a part is named by `part`. `flow`: it accumulates over the horizon
    from zero (area changing hands, casualties, counts of events, arrivals): zero when nothing has happened.
    """

    name: str
    kind: str
    writer: str
    unit: str = ""
    categories: tuple[str, ...] = ()
    not_applicable: str = ""
    headline: int = 0
    key: int = 0
    precision: bool = False
    public: bool = False
    per_sector: bool = False
    audit: bool = False
    part_of: str = ""
    breakdown: str = ""
    label: str = ""
    description: str = ""
    flow: bool = False

    def names(self, sectors: Iterable[str] = ()) -> list[str]:
        """The column's name, or one name per sector for a per-sector column."""
        return [f"{self.name}{s}" for s in sectors] if self.per_sector else [self.name]

    @property
    def part(self) -> str:
        """The name of a part within its breakdown: `combat` for cas_ru_combat, a part of cas_ru by cause."""
        return self.name.removeprefix(f"{self.part_of}_") if self.part_of else ""

    @property
    def values(self) -> tuple[str, ...]:
        """Every value a category column may hold: its categories, then its not-applicable marker."""
        return self.categories + ((self.not_applicable,) if self.not_applicable else ())


def _id(name: str, description: str) -> Column:
    return Column(name, "id", "experiment", public=True, description=description)


def _casualties(name: str, description: str, *, writer: str = "forces", **roles: Any) -> Column:
    return Column(name, "numeric", writer, "people", description=description, flow=True, **roles)


def _ledger(name: str, side: str, description: str, *, flow: bool = False) -> Column:
    return Column(name, "numeric", "forces", "people", audit=True, description=f"{description} ({side})", flow=flow)


def _recovered(side: str) -> Column:
    description = f"combat power recovered from the enemy's abandoned equipment after collapses ({side})"
    return Column(
        f"equipment_recovered_{side}", "numeric", "battle", "equipment", audit=True, description=description, flow=True
    )


COLUMNS: tuple[Column, ...] = (
    _id("replication", "index of the replication in the run"),
    _id("seed", "the entropy that reproduces this row alone"),
    Column(
        "area_km2",
        "numeric",
        "battle",
        "km²",
        flow=True,
        key=1,
        headline=1,
        precision=True,
        public=True,
        label="Net area gained by Ukraine",
        description="net area Ukraine gained over the horizon (negative: lost)",
    ),
    Column(
        "area_km2_",
        "numeric",
        "battle",
        "km²",
        flow=True,
        public=True,
        per_sector=True,
        part_of="area_km2",
        breakdown="sector",
        description="net area Ukraine gained in the sector",
    ),
    Column(
        "front_km_",
        "numeric",
        "battle",
        "km",
        public=True,
        per_sector=True,
        description="final front position in the sector (positive: Ukrainian gain since the start)",
    ),
    Column(
        "breakthroughs",
        "numeric",
        "battle",
        "count",
        flow=True,
        headline=13,
        public=True,
        description="defender breaks",
    ),
    Column(
        "collapses",
        "numeric",
        "battle",
        "count",
        flow=True,
        headline=14,
        public=True,
        description="breaks with no line in reach",
    ),
    Column(
        "cascades",
        "numeric",
        "battle",
        "count",
        flow=True,
        headline=15,
        description="collapses set off by a neighbour's",
    ),
    Column(
        "sectors_collapsed", "numeric", "battle", "count", flow=True, description="sectors that collapsed at least once"
    ),
    Column("river_crossings", "numeric", "battle", "count", flow=True, description="rivers forced by either side"),
    Column(
        "counterattacks",
        "numeric",
        "battle",
        "count",
        flow=True,
        description="counter-attacks by local or arriving reserves against a break-in",
    ),
    Column(
        "counterattacks_won", "numeric", "battle", "count", flow=True, description="counter-attacks that retook ground"
    ),
    Column(
        "outcome",
        "category",
        "campaign",
        categories=("freeze", "ukraine_advance", "stalemate", "russian_collapse"),
        headline=2,
        public=True,
        label="Campaign outcome",
        description="freeze (Ukraine halted, line frozen), else a collapse across enough sectors, else by area",
    ),
    Column(
        "halt_day",
        "numeric",
        "decisions",
        "day",
        headline=3,
        public=True,
        description="day Ukraine halted offensive action for good; NaN if never",
    ),
    Column(
        "halt_cause",
        "category",
        "decisions",
        categories=("none", "deterrence", "exhaustion"),
        label="Why Ukraine halted",
        description="what made Ukraine halt: none (it never did), the deterrence signal, or exhaustion",
    ),
    Column(
        "bridgehead",
        "category",
        "bridgehead",
        categories=("held", "withdrawn", "trapped"),
        not_applicable="none",
        headline=4,
        public=True,
        label="Fate of the Kherson bridgehead",
        description="fate of the bridgehead; none when the theatre has no bridgehead",
    ),
    Column(
        "bridgehead_day",
        "numeric",
        "bridgehead",
        "day",
        headline=5,
        public=True,
        description="day the bridgehead was withdrawn or trapped; NaN if held",
    ),
    Column(
        "bridgehead_order_day",
        "numeric",
        "bridgehead",
        "day",
        description="day the Kremlin ordered the bridgehead's withdrawal (9 Nov 2022 in history); NaN if never",
    ),
    _casualties(
        "cas_ua",
        "Ukrainian casualties (killed, wounded, captured)",
        key=3,
        headline=6,
        precision=True,
        public=True,
        label="Ukrainian casualties",
    ),
    _casualties(
        "cas_ru",
        "Russian casualties (killed, wounded, captured)",
        key=2,
        headline=7,
        precision=True,
        public=True,
        label="Russian casualties",
    ),
    _casualties(
        "cas_ru_regular",
        "Russian casualties among regular formations",
        public=True,
        part_of="cas_ru",
        breakdown="category",
    ),
    _casualties(
        "cas_ru_mobilized",
        "Russian casualties among the mobilized",
        key=4,
        headline=8,
        public=True,
        part_of="cas_ru",
        breakdown="category",
        label="Casualties among the Russian mobilized",
    ),
    _casualties("cas_ru_mobilized_combat", "casualties among the mobilized in combat"),
    _casualties(
        "cas_ru_combat",
        "Russian casualties in combat",
        public=True,
        part_of="cas_ru",
        breakdown="cause",
    ),
    _casualties(
        "cas_ru_strike",
        "Russian casualties of long-range strikes",
        headline=9,
        public=True,
        part_of="cas_ru",
        breakdown="cause",
    ),
    _casualties(
        "cas_ru_captured",
        "Russians captured",
        public=True,
        part_of="cas_ru",
        breakdown="cause",
    ),
    _casualties(
        "cas_ru_strike_billet",
        "Russian strike casualties in billets",
        writer="strikes",
        part_of="cas_ru_strike",
        breakdown="place",
    ),
    _casualties(
        "cas_ru_strike_convoy",
        "Russian strike casualties in convoys",
        writer="strikes",
        part_of="cas_ru_strike",
        breakdown="place",
    ),
    _casualties(
        "cas_ru_strike_front",
        "Russian strike casualties at the front",
        writer="strikes",
        part_of="cas_ru_strike",
        breakdown="place",
    ),
    Column(
        "annexation_day",
        "numeric",
        "annexation",
        "day",
        description="day Russia declared the annexation (a date, or its response to territory lost); NaN if not "
        "by the horizon",
    ),
    Column(
        "call_up_day",
        "numeric",
        "mobilization",
        "day",
        description="day of the call-up (a date, or the Kremlin's response to territory lost); NaN if not by the "
        "horizon",
    ),
    Column(
        "mobilized_called",
        "numeric",
        "mobilization",
        "people",
        public=True,
        flow=True,
        description="mobilized called up",
    ),
    Column(
        "mobilized_committed",
        "numeric",
        "mobilization",
        "people",
        flow=True,
        headline=10,
        public=True,
        description="mobilized sent into combat",
    ),
    Column(
        "commit_day",
        "numeric",
        "mobilization",
        "day",
        headline=11,
        public=True,
        description="day of the Kremlin's commit decision; NaN if never",
    ),
    Column(
        "mobilized_in_training",
        "numeric",
        "mobilization",
        "people",
        description="mobilized still in training at the horizon",
    ),
    Column(
        "mobilized_in_pipeline",
        "numeric",
        "mobilization",
        "people",
        description="mobilized in convoys or billets at the horizon",
    ),
    Column(
        "mobilized_deployed",
        "numeric",
        "mobilization",
        "people",
        description="mobilized in garrison or in combat at the horizon",
    ),
    Column(
        "aircraft_lost",
        "numeric",
        "air",
        "aircraft",
        flow=True,
        headline=12,
        public=True,
        description="Russian aircraft lost",
    ),
    Column(
        "sorties_flown",
        "numeric",
        "air",
        "sorties",
        flow=True,
        description="Russian close-air-support sorties flown (fewer as aircraft are lost)",
    ),
    Column("resolve_ua", "numeric", "decisions", description="Ukraine's resolve at the horizon"),
    Column("support_ua", "numeric", "decisions", description="Western support for Ukraine at the horizon"),
    Column("strike_missions", "numeric", "strikes", "count", flow=True, description="long-range strike missions flown"),
    _ledger("personnel_initial_ua", "ua", "personnel in the theatre at the start"),
    _ledger("personnel_arrived_ua", "ua", "personnel that arrived during the campaign", flow=True),
    _ledger("personnel_present_ua", "ua", "personnel present at the horizon"),
    _recovered("ua"),
    _ledger("personnel_initial_ru", "ru", "personnel in the theatre at the start"),
    _ledger("personnel_arrived_ru", "ru", "personnel that arrived during the campaign", flow=True),
    _ledger("personnel_present_ru", "ru", "personnel present at the horizon"),
    _recovered("ru"),
)

BY_NAME: dict[str, Column] = {c.name: c for c in COLUMNS}


def _check_declarations() -> None:
    """A declaration error stops every import of sim rather than a report far away."""
    if len(BY_NAME) != len(COLUMNS):
        raise ValueError("outcome columns declared twice")
    for c in COLUMNS:
        if c.kind not in KINDS or c.writer not in WRITERS:
            raise ValueError(f"{c.name}: kind {c.kind!r} or writer {c.writer!r} is not declared")
        if bool(c.categories) != (c.kind == "category") or (c.not_applicable and c.kind != "category"):
            raise ValueError(f"{c.name}: categories belong to category columns, and every one has some")
        if bool(c.part_of) != bool(c.breakdown) or (c.part_of and c.part_of not in BY_NAME):
            raise ValueError(f"{c.name}: part_of names a declared total, with a breakdown")
        if c.per_sector and not c.name.endswith("_"):
            raise ValueError(f"{c.name}: a per-sector column's name is a prefix ending in '_'")


_check_declarations()


def column(name: str) -> Column:
    """The declaration of a column, by its name or (for a per-sector column) by an expanded name."""
    if name in BY_NAME:
        return BY_NAME[name]
    for c in COLUMNS:
        if c.per_sector and name.startswith(c.name):
            return c
    raise KeyError(f"{name!r} is not an outcome column")


def column_names(sectors: Iterable[str]) -> list[str]:
    """Every column of the row, per-sector columns expanded over `sectors`, in row order."""
    sectors = list(sectors)
    return [n for c in COLUMNS for n in c.names(sectors)]


def id_names() -> tuple[str, ...]:
    """The columns that identify a replication (replication, seed)."""
    return tuple(c.name for c in COLUMNS if c.kind == "id")


def numeric_names() -> tuple[str, ...]:
    """The numeric outcomes that are not per sector, in row order (audit columns are not outcomes)."""
    return tuple(c.name for c in COLUMNS if c.kind == "numeric" and not c.per_sector and not c.audit)


def flow_names(sectors: Iterable[str]) -> list[str]:
    """The columns that accumulate from zero (area, casualties, counts, arrivals), expanded per sector."""
    return [name for c in COLUMNS if c.flow for name in c.names(sectors)]


def per_sector_prefixes() -> tuple[str, ...]:
    """The prefixes of the per-sector columns (`area_km2_`, `front_km_`)."""
    return tuple(c.name for c in COLUMNS if c.per_sector)


def is_numeric_outcome(name: str) -> bool:
    """A numeric outcome: a declared one, or a per-sector one (`area_km2_<sector>`)."""
    try:
        c = column(name)
    except KeyError:
        return False
    expanded = name != c.name  # a per-sector column is an outcome only with its sector's name appended
    return c.kind == "numeric" and not c.audit and expanded == c.per_sector


def categorical() -> dict[str, tuple[str, ...]]:
    """Each category column with its categories (the not-applicable marker left out), in the order reports
    give them: those of the replay's headline first, in its order, then the others in row order."""
    chosen = [c for c in COLUMNS if c.kind == "category"]
    ordered = sorted(chosen, key=lambda c: c.headline or len(COLUMNS) + 1)
    return {c.name: c.categories for c in ordered}


def _ranked(role: str) -> tuple[str, ...]:
    chosen = [c for c in COLUMNS if getattr(c, role)]
    return tuple(c.name for c in sorted(chosen, key=lambda c: int(getattr(c, role))))


def key_outcomes() -> tuple[str, ...]:
    """The comparison's key outcomes, in the order the comparison puts them first."""
    return _ranked("key")


def headline() -> tuple[str, ...]:
    """The columns of a replay's "How it ended" table, in its order."""
    return _ranked("headline")


def precision_defaults() -> tuple[str, ...]:
    """The outcomes whose 95% CI `replications=auto` narrows by default."""
    return tuple(c.name for c in COLUMNS if c.precision)


def public_names(sectors: Iterable[str]) -> list[str]:
    """The public schema of DESIGN.md section 3, expanded over `sectors`, in row order."""
    sectors = list(sectors)
    return [n for c in COLUMNS if c.public for n in c.names(sectors)]


def parts(total: str, breakdown: str, sectors: Iterable[str] = ()) -> tuple[str, ...]:
    """The columns that split `total` by `breakdown` (they sum to it), e.g. parts("cas_ru", "cause")."""
    sectors = list(sectors)
    return tuple(n for c in COLUMNS if c.part_of == total and c.breakdown == breakdown for n in c.names(sectors))


def declared_by(writer: str) -> tuple[Column, ...]:
    """The columns a mechanism writes, in row order."""
    if writer not in WRITERS:
        raise ValueError(f"{writer!r} is not a writer: one of {', '.join(WRITERS)}")
    return tuple(c for c in COLUMNS if c.writer == writer)
