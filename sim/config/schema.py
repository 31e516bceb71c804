"""The structured-config schema: every parameter of the model, its type, default and allowed range.

Every model default carries its source as data (`source=`: a public source, or a text starting with the word
`assumption`), with its unit where one is clear and its role (`sim.config.fields`); `python -m
sim.config.provenance` prints them as a table. Theatre geometry and the order of battle are data in
`configs/theatre/` and `configs/forces/` (with their own source comments); the schema here only fixes their
shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from sim.config.fields import (
    CONTROL,
    DESIGN,
    choice,
    control,
    design,
    duration,
    flag,
    items,
    label,
    non_negative,
    number,
    positive,
    probability,
    section,
    shape,
    sigma,
    speed,
    value,
)
from sim.outcomes import precision_defaults

SIDES = ("ua", "ru")
KINDS = ("regular", "mobilized")
POSTURES = ("attack", "defend", "reserve", "garrison")
LAWS = ("square", "linear", "helmbold")
EXECUTORS = ("serial", "processes", "dask")

# The shapes of the theatre and forces data: their values come from the data files, each with its own source.
THEATRE_DATA = (
    "data: configs/theatre/<name>.yaml, a source comment per value; "
    "where a file leaves this key out, the default here is an assumption"
)
FORCES_DATA = (
    "data: configs/forces/<name>.yaml, a source comment per value; "
    "where a file leaves this key out, the default here is an assumption"
)
THEATRE_FILES = (
    "data: configs/theatre/<name>.yaml (`theatre=NAME`, oct2022 by default): widths, lines, rivers, objectives "
    "and neighbours of each sector, a source comment per value"
)
FORCES_FILES = (
    "data: configs/forces/<name>.yaml (`forces=NAME`, oct2022 by default): side, sector, strength and state of "
    "each formation, a source comment per value"
)


# --------------------------------------------------------------------------------------------- theatre
@dataclass
class LineConfig:
    """A prepared defensive line at a position of the depth track (km, positive = towards Russia)."""

    at_km: float = number(0.0, source=THEATRE_DATA, unit="km")
    fortification: float = number(1.5, 1.0, 10.0, source=THEATRE_DATA, unit="multiplier", doc="defender multiplier")
    side: str = choice("ru", SIDES, source=THEATRE_DATA, doc="whose line it is")


@dataclass
class RiverConfig:
    at_km: float = number(0.0, source=THEATRE_DATA, unit="km")
    crossing_days: float = non_negative(5.0, source=THEATRE_DATA, unit="days", doc="days to force or bridge a crossing")
    name: str = value("", source=THEATRE_DATA)


@dataclass
class SectorConfig:
    """One axis of the front as a one-dimensional depth track."""

    width_km: float = positive(50.0, source=THEATRE_DATA, unit="km")
    lines: list[LineConfig] = items(list, source=THEATRE_DATA)
    rivers: list[RiverConfig] = items(list, source=THEATRE_DATA)
    objective_km: float = number(20.0, source=THEATRE_DATA, unit="km", doc="Ukraine's first objective on this axis")
    objective_step_km: float = non_negative(
        20.0, source=THEATRE_DATA, unit="km", doc="how far the next objective lies after a re-plan"
    )
    min_km: float = number(
        -60.0, source=THEATRE_DATA, unit="km", doc="the track's ends bound the area that can change hands"
    )
    max_km: float = number(120.0, source=THEATRE_DATA, unit="km")
    railhead_km: float = number(
        -40.0, source=THEATRE_DATA, unit="km", doc="Ukrainian railhead position; supply reach counts from here"
    )
    neighbours: list[str] = items(list, source=THEATRE_DATA)
    annexed: bool = flag(True, source=THEATRE_DATA, doc="claimed by Russia's annexation of 30 Sept 2022")
    bridgehead: bool = flag(
        False,
        source=THEATRE_DATA,
        doc="defender supplied only across the river behind it (Kherson right bank)",
    )
    ua_offensive: bool = flag(True, source=THEATRE_DATA, doc="Ukraine may attack on this axis")
    ru_offensive: bool = flag(False, source=THEATRE_DATA, doc="Russia may attack on this axis")


@dataclass
class TheatreConfig:
    name: str = value("oct2022", source=THEATRE_DATA)
    start_date: str = value("2022-10-01", source=THEATRE_DATA, unit="date")
    sectors: dict[str, SectorConfig] = items(dict, source=THEATRE_FILES, doc="one SectorConfig per axis")


# ---------------------------------------------------------------------------------------------- forces
@dataclass
class FormationConfig:
    """A brigade / battalion-group level formation (or a group of them fighting as one)."""

    side: str = choice("ua", SIDES, source=FORCES_DATA)
    sector: str = value("", source=FORCES_DATA, doc='a sector name, or "theatre" for a theatre reserve')
    kind: str = choice("regular", KINDS, source=FORCES_DATA)
    personnel: float = non_negative(3000.0, source=FORCES_DATA, unit="soldiers")
    equipment: float = number(
        1.0,
        0.0,
        2.0,
        source=FORCES_DATA,
        unit="combat power per soldier",
        doc="combat power per soldier relative to a fully equipped unit",
    )
    training: float = probability(1.0, source=FORCES_DATA, doc="1 = fully trained regular")
    cohesion: float = probability(0.8, source=FORCES_DATA)
    supply: float = probability(1.0, source=FORCES_DATA, unit="share")
    posture: str = choice("defend", POSTURES, source=FORCES_DATA)


@dataclass
class UncertaintyConfig:
    """What is not known on the start date: each replication draws its own order of battle around the data."""

    personnel_spread: float = sigma(
        0.35,
        source="assumption: public estimates of unit strengths in autumn 2022 differ by tens of percent",
        unit="lognormal sigma",
        doc="lognormal sigma on each formation's strength",
    )
    cohesion_spread: float = non_negative(
        0.12, source="assumption", unit="sd", doc="normal sd on each formation's initial cohesion"
    )
    cohesion_floor: float = probability(
        0.05, source="assumption", unit="cohesion", doc="no formation starts below this cohesion, whatever its draw"
    )


@dataclass
class ReplacementConfig:
    """Steady flow of replacements into formations already at the front (not the mobilization wave)."""

    ua_per_day: float = non_negative(
        400.0, source="assumption: UA expanding force (700k by July 2022, Zelensky)", unit="soldiers per day"
    )
    ru_per_day: float = non_negative(
        150.0, source="assumption: volunteer battalions / BARS before mobilization", unit="soldiers per day"
    )

    # ---------------------------------------------------------------------------------------------- combat
    interval_days: float = duration(
        7.0,
        source="assumption",
        unit="days",
        doc="replacements arrive in weekly batches spread over the fighting formations",
    )


@dataclass
class CombatConfig:
    law: str = choice("square", LAWS, source="assumption")
    helmbold_weight: float = probability(0.5, source="assumption: halfway between square and logarithmic")
    kill_rate: float = positive(
        0.012,
        source="assumption (RAND-style attrition planning factors of 1-2 %/day for an attacker in intense combat)",
        unit="per day",
        doc="~1.2%/day of an equal force engaged",
    )
    linear_reference: float = positive(
        10000.0, source="assumption", unit="soldiers", doc="linear law kill rate = kill_rate / this"
    )
    dispersion: float = non_negative(
        25.0, source="assumption", doc="variance/mean of losses (casualties come in clumps)"
    )
    engaged_share: float = probability(
        0.6, source="assumption", unit="share", doc="share of a sector's force in contact"
    )
    attack_threshold: float = positive(
        1.3,
        source="assumption (doctrine asks 3:1 locally; 1.3:1 on a whole axis)",
        unit="power ratio",
        doc="Ukrainian power ratio (with fortification) to launch an attack",
    )
    ru_attack_threshold: float = positive(
        0.8,
        source="assumption: Russia attacked at Bakhmut without favourable odds (attritional Wagner assaults, "
        "public reporting Oct 2022 - May 2023)",
        unit="power ratio",
    )
    positional_intensity: float = probability(
        0.25, source="assumption", unit="share", doc="kill rate in lulls (shelling, raids) as a share of an attack's"
    )
    culmination_ratio: float = positive(
        1.05, source="assumption", unit="power ratio", doc="an attack below this ratio culminates"
    )
    engagement_days: float = duration(
        4.0, source="assumption", unit="days", doc="mean engagement duration, gamma distributed"
    )
    engagement_shape: float = shape(4.0, source="assumption", doc="gamma shape of the engagement duration")
    quick_ratio: float = positive(
        2.5,
        source="assumption, against the record: the thin line at Balakliia broke within two days of 6 Sept 2022 "
        "against odds of about 8:1 (Ganchev, via the Kharkiv backtest's forces), where a 4-day engagement left the "
        "model's first break on day 4-5 and the area retaken at the record's 93rd percentile on day 7",
        unit="power ratio",
        doc="above these odds an engagement is decided sooner: its duration scales as quick_ratio / ratio",
    )
    quick_floor: float = probability(
        0.2, source="assumption", unit="share", doc="the shortest engagement, as a share of its usual duration"
    )
    lull_days: float = duration(3.0, source="assumption", unit="days", doc="mean wait when nobody attacks")
    attacker_exposure: float = number(
        1.5, 1.0, 5.0, source="assumption", unit="multiplier", doc="attackers in the open are hit harder"
    )
    engagement_spread: float = sigma(
        0.35,
        source="assumption",
        unit="lognormal sigma",
        doc="lognormal sigma of each side's effectiveness in one engagement (surprise, weather, terrain, leadership)",
    )
    mobilized_vulnerability: float = number(
        1.6,
        1.0,
        5.0,
        source="assumption",
        unit="multiplier",
        doc="untrained mobilized take more losses per unit of fire (loss-exchange), scaled by (1 - training)",
    )
    heavy_weight: float = probability(
        0.5,
        source="assumption in the spirit of Dupuy's QJM weapon scores: tanks, armoured vehicles and artillery "
        "hold most of a mechanised formation's firepower",
        unit="share of power",
        doc="share of a fully equipped formation's combat power that comes from its heavy weapons",
    )
    unarmoured_vulnerability: float = number(
        1.3,
        1.0,
        5.0,
        source="assumption: infantry without armoured vehicles and its own artillery takes more losses per unit of "
        "enemy fire",
        unit="multiplier",
        doc="loss multiplier of a formation with no heavy equipment, scaled by the share it lacks",
    )
    power_training_floor: float = probability(
        0.4,
        source="assumption in the spirit of Dupuy's quantified judgement model (QJM): an untrained unit still fights",
        unit="share of power",
        doc="combat power of an untrained formation, as a share of a trained one's",
    )
    power_supply_floor: float = probability(
        0.3,
        source="assumption in the spirit of Dupuy's QJM: even a starved unit can hold a trench",
        unit="share of power",
        doc="combat power of a formation with no supply, as a share of a supplied one's",
    )
    power_cohesion_floor: float = probability(
        0.5,
        source="assumption in the spirit of Dupuy's QJM: a shaken unit keeps half its fighting value",
        unit="share of power",
        doc="combat power of a formation with no cohesion left, as a share of a cohesive one's",
    )


@dataclass
class ManoeuvreConfig:
    """Advance, break, collapse, exploitation and the operational pause."""

    advance_km_day: float = non_negative(
        1.2,
        source="assumption (ISW daily reports of 1-3 km/day for deliberate attacks, autumn 2022)",
        unit="km per day",
        doc="advance at a 2:1 ratio on open ground",
    )
    advance_spread: float = sigma(
        0.4, source="assumption", unit="lognormal sigma", doc="lognormal sigma of the advance"
    )
    cohesion_per_loss: float = non_negative(
        2.0, source="assumption", doc="cohesion lost per unit share of personnel lost"
    )
    attacker_cohesion_factor: float = non_negative(
        1.0, source="assumption", doc="attacker cohesion lost per loss share, relative to the defender's"
    )
    cohesion_per_ratio: float = non_negative(
        0.025, source="assumption", doc="cohesion lost per engagement per unit of ratio above 1"
    )
    flank_cohesion: float = non_negative(
        0.05, source="assumption", unit="cohesion per engagement", doc="when a neighbour's front is ahead"
    )
    flank_gap_km: float = non_negative(
        10.0, source="assumption", unit="km", doc="how far ahead a neighbour must be to expose a flank"
    )
    cohesion_recovery: float = non_negative(0.01, source="assumption", unit="cohesion per day", doc="out of contact")
    break_cohesion: float = probability(0.3, source="assumption", unit="cohesion", doc="below this the defender breaks")
    rally_cohesion: float = probability(
        0.55, source="assumption", unit="cohesion", doc="cohesion on reaching the next prepared line"
    )
    line_reach_km: float = non_negative(
        15.0, source="assumption", unit="km", doc="a line further than this behind cannot be reached in order"
    )
    exploit_km_day: float = speed(
        12.0,
        source="Kharkiv: ~6,000 km2 in 6 days on a ~70 km front (Zelensky, 12 Sept 2022) ~ 12-15 km/day",
        unit="km per day",
    )
    exploit_spread: float = sigma(
        0.3, source="assumption", unit="lognormal sigma", doc="lognormal sigma of the exploitation speed"
    )
    captured_share: float = probability(
        0.08,
        source="assumption (hundreds of prisoners reported at Izium/Lyman)",
        unit="share",
        doc="of the collapsing side captured",
    )
    abandoned_share: float = probability(
        0.35,
        source="assumption (Oryx: hundreds of vehicles abandoned in Kharkiv oblast, Sept 2022)",
        unit="share",
        doc="of its equipment abandoned",
    )
    recovery_share: float = probability(
        0.4, source="assumption", unit="share", doc="of abandoned equipment the attacker puts back into service"
    )
    cascade_shock: float = probability(
        0.15, source="assumption", unit="cohesion", doc="cohesion lost by a neighbouring sector in a collapse"
    )
    cascade_window_days: float = non_negative(
        21.0,
        source="Kharkiv 6-12 Sept -> Lyman 1 Oct: ~3 weeks",
        unit="days",
        doc="a collapse this soon after a neighbour's counts as a cascade",
    )
    supply_reach_km: float = positive(
        70.0, source="assumption", unit="km", doc="attacker supply reach from its railhead"
    )
    railhead_step_km: float = non_negative(
        25.0, source="assumption", unit="km", doc="railhead moved forward during a pause"
    )
    pause_days: float = duration(
        14.0,
        source="Kharkiv: Oskil reached 12 Sept, next push (Lyman) late Sept, ~2 weeks",
        unit="days",
        doc="mean operational pause",
    )
    pause_shape: float = shape(3.0, source="assumption", doc="gamma shape of the pause duration")
    pause_cohesion: float = probability(
        0.85, source="assumption", unit="cohesion", doc="attacker cohesion after a pause"
    )
    culmination_cohesion: float = probability(
        0.4, source="assumption", unit="cohesion", doc="attacker below this cohesion pauses"
    )
    holding_km: float = non_negative(
        3.0,
        source="assumption",
        unit="km",
        doc="a defender's line this close ahead of the front is the one the attacker is up against",
    )
    advance_ratio_cap: float = positive(
        3.0,
        source="assumption",
        unit="power ratio above 1",
        doc="the advance stops growing with the ratio beyond 1 + this (4:1)",
    )
    supply_floor: float = probability(
        0.3,
        source="assumption",
        unit="share of supply",
        doc="attacker supply at twice its reach and beyond (falling linearly from full supply at the reach)",
    )
    fallback_speed_share: float = positive(
        0.5,
        source="assumption",
        unit="share",
        doc="a defender falling back to its next line moves at this share of exploit_km_day",
    )
    collapse_rally_share: float = probability(
        0.8,
        source="assumption",
        unit="share",
        doc="a collapsed defender rallies to this share of rally_cohesion when exploitation ends",
    )
    recovery_cohesion_cap: float = probability(
        0.9, source="assumption", unit="cohesion", doc="cohesion recovered out of contact stops at this level"
    )
    river_fortification: float = number(
        1.5,
        1.0,
        10.0,
        source="assumption: a river forced under fire multiplies the defence like a prepared line of moderate "
        "strength (the Oskil and Siverskyi Donets crossings of Sept-Oct 2022 took days; public reporting)",
        unit="multiplier",
        doc="defender multiplier while the attacker stands at a river it has still to cross",
    )
    max_equipment: float = number(
        2.0,
        0.0,
        2.0,
        source="assumption",
        unit="power per soldier",
        doc="recovered enemy equipment raises a formation's up to this",
    )


@dataclass
class ReservesConfig:
    review_days: float = duration(
        7.0, source="assumption", unit="days", doc="how often each side re-allocates its theatre reserve"
    )
    move_days: float = duration(5.0, source="assumption", unit="days", doc="mean move time between sectors")
    counterattack_probability: float = probability(
        0.5, source="assumption", unit="probability", doc="chance a local reserve counter-attacks a break-in"
    )
    counterattack_km: float = non_negative(
        3.0, source="assumption", unit="km", doc="ground retaken by a successful counter-attack"
    )
    counterattack_ratio: float = positive(
        0.25,
        source="assumption: a counter-attack strikes the tip and flanks of a break-in, not the attacker's whole force "
        "on the axis; few of them succeeded in autumn 2022 (the analysis: 'few Russian counter offensives seem to "
        "have been successful')",
        unit="power ratio",
        doc="ratio of the counter-attacking reserve's power to the attacker's on the axis at which it succeeds half "
        "the time",
    )
    move_shape: float = shape(4.0, source="assumption", doc="gamma shape of a reserve's move time")
    counterattack_days: float = duration(
        2.0, source="assumption", unit="days", doc="how long a local counter-attack lasts"
    )
    counterattack_shock: float = probability(
        0.1,
        source="assumption",
        unit="cohesion",
        doc="cohesion the attacker loses when a counter-attack retakes ground",
    )
    counterattack_window_days: float = non_negative(
        10.0,
        source="assumption: a reserve must strike before the attacker consolidates; the Russian columns sent to "
        "Kharkiv from 9 Sept 2022 came days after the break-in and did not restore it (public reporting)",
        unit="days",
        doc="a reserve arriving within this many days of an enemy break-in in its sector counter-attacks it",
    )
    counterattack_steepness: float = positive(
        3.0,
        source="assumption",
        doc="exponent of the odds of success in the power ratio (3: cubic odds around counterattack_ratio)",
    )


@dataclass
class OutcomeConfig:
    """Thresholds that turn a campaign's end state into a category."""

    advance_area_km2: float = non_negative(
        1500.0, source="assumption", unit="km2", doc="Ukraine gained at least this: ukraine_advance"
    )
    collapse_sectors: int = number(
        3, 1, source="assumption", unit="sectors", doc="collapses in at least this many sectors: russian_collapse"
    )


# ------------------------------------------------------------------------- mobilization and strikes
@dataclass
class MobilizationConfig:
    """Call-up -> training -> equipment -> convoys -> billets -> garrison or commit."""

    enabled: bool = flag(True, source="partial mobilization announced 21 Sept 2022 (public record)")
    called_up: float = non_negative(
        300000.0, source="partial mobilization decree of 21 Sept 2022 (Shoigu: 300,000)", unit="soldiers"
    )
    waves: int = number(3, 1, source="assumption; Shoigu declared the call-up complete on 28 Oct 2022", unit="waves")
    wave_interval_days: float = duration(
        12.0, source="assumption: three waves over ~5 weeks (21 Sept - 28 Oct)", unit="days"
    )
    trigger: str = choice(
        "date",
        ("date", "territory"),
        source="the futures start after the decree of 21 Sept 2022 (public record), so at its date; `territory`: "
        'the Kremlin\'s response to ground lost (the analysis: "this offensive ... precipitated Russia to mobilize")',
        doc="call-up on start_day, or decreed trigger_delay_days after Russia has lost trigger_area_km2",
    )
    start_day: float = number(
        -10.0, -60.0, 3650.0, source="21 Sept 2022 is day -10 of a 1 Oct start", unit="day (0 = start date)"
    )
    trigger_area_km2: float = non_negative(
        3000.0,
        source='"more than 3,000 km²" retaken since the start of September (Zaluzhnyi, 11 Sept 2022), the loss on '
        "which the Kremlin decided",
        unit="km2",
        doc="territory lost by Russia that makes the Kremlin decree a call-up (trigger=territory)",
    )
    trigger_delay_days: float = non_negative(
        10.0,
        source="11 Sept 2022 (Zaluzhnyi's 3,000 km²) to the partial mobilization decree of 21 Sept 2022",
        unit="days",
        doc="from the loss of trigger_area_km2 to the call-up (trigger=territory)",
    )
    training_days: float = non_negative(
        30.0, source="assumption: reported training of 1-4 weeks, autumn 2022", unit="days"
    )
    commit_training_days: float = non_negative(
        7.0,
        source="assumption: mobilized reported at the front within 10 days of call-up (Oct 2022)",
        unit="days",
        doc="training left once the Kremlin commits (cut short)",
    )
    equipped_share: float = probability(
        0.6, source="assumption: reports of mobilized told to buy their own kit", unit="share"
    )
    unequipped_equipment: float = number(
        0.3,
        0.0,
        2.0,
        source="assumption",
        unit="combat power per soldier",
        doc="combat power per soldier without kit",
    )
    heavy_share: float = probability(
        0.3,
        source='assumption: the analysis ("it will not be a new Russian army with all its armoured vehicles, '
        'artillery and so on that will land on the front, that it will be mostly troops in trucks"); mobilized '
        "units were reported issued old T-62 tanks and MT-LB carriers in small numbers (Oryx, public reporting, "
        "late 2022)",
        unit="share",
        doc="share of a regular formation's heavy equipment (armour, artillery) a mobilized unit gets",
    )
    training_at_full: float = duration(
        60.0, source="assumption", unit="days", doc="days of training that make a soldier as trained as a regular"
    )
    transport: str = choice("trucks", ("trucks", "rail"), source='"mostly troops in trucks" (the analysis)')
    convoy_size: float = positive(
        800.0, source="assumption", unit="soldiers", doc="soldiers per truck convoy (~40 trucks)"
    )
    rail_group_size: float = positive(1500.0, source="assumption", unit="soldiers", doc="soldiers per train")
    travel_days: float = duration(3.0, source="assumption", unit="days", doc="by truck")
    rail_exposed_share: float = probability(
        0.3,
        source="assumption: trains run mostly beyond GMLRS reach (~75 km, Lockheed Martin); the railheads and the "
        "last march are within it",
        unit="share",
        doc="share of a rail journey within reach of ISR and strikes (by truck the whole journey is)",
    )
    rail_travel_days: float = duration(2.0, source="assumption", unit="days", doc="by rail")
    billet_size: float = positive(
        600.0,
        source="Makiivka: several hundred housed in one building (Jan 2023 reports)",
        unit="soldiers",
        doc="soldiers housed in one building; a larger group is split between several",
    )
    billet_days: float = duration(10.0, source="assumption", unit="days", doc="dwell before deployment")
    rotation_share: float = probability(
        0.1,
        source="assumption: mobilized units at the front were rotated through rear billets such as the Makiivka "
        "vocational school, struck on 1 Jan 2023 (public reporting)",
        unit="share",
        doc="share of a deployed unit in combat resting in rear billets at any time",
    )
    garrison_housed_share: float = probability(
        0.1,
        source="assumption: most garrison extras are quartered away from the front, out of GMLRS reach",
        unit="share",
        doc="share of a garrison housed in billets within reach of long-range strikes",
    )
    rotation_days: float = duration(
        10.0,
        source="assumption",
        unit="days",
        doc="a contingent stays this long in one billet before the next rotation (ISR starts afresh)",
    )
    unit_size: float = positive(
        3000.0,
        source="assumption: the mobilized were sent forward as regiments and battalions of a few thousand "
        "(public reporting, Oct-Nov 2022)",
        unit="soldiers",
        doc="billets deploy as units of this size, each unit whole to one sector (chosen as it starts forming)",
    )
    cohesion: float = probability(0.5, source="assumption", unit="cohesion", doc="of a fresh mobilized unit")
    policy: str = choice(
        "garrison",
        ("garrison", "commit"),
        source='assumption (the analysis: the Kremlin will have to move the conscripts "from a position of '
        "almost 'extras'\" into combat)",
        doc="the Kremlin's initial deployment policy",
    )
    commit_area_km2: float = non_negative(
        3000.0, source="assumption", unit="km2", doc="annexed territory lost that switches to commit"
    )
    commit_after_days: float = non_negative(
        45.0,
        source='assumption (the analysis: "everything suggests that the Ukrainians are continuing the war")',
        unit="days",
        doc="...or Ukraine still attacking this long after annexation",
    )
    departure_days: float = non_negative(
        5.0,
        source="assumption",
        unit="days",
        doc="convoys of a wave leave over this many days after training, uniformly",
    )
    billet_shape: float = shape(4.0, source="assumption", doc="gamma shape of the dwell in a billet")
    commit_review_days: float = duration(
        2.0, source="assumption", unit="days", doc="how often the Kremlin reviews garrison versus commit"
    )
    commit_attack_window_days: float = non_negative(
        7.0,
        source="assumption",
        unit="days",
        doc="Ukraine counts as still attacking if it attacked somewhere within this many days",
    )


@dataclass
class IsrConfig:
    """Detection of concentrations (billets, convoys) by ISR: satellite and drone imagery, coordinates."""

    enabled: bool = flag(
        True,
        source='the analysis: "The Americans will do what they have been doing since the beginning, '
        'transmitting images and coordinates"',
    )
    base_per_day: float = non_negative(
        0.01, source="assumption", unit="per day", doc="hazard per day for 1,000 people at zero dwell"
    )
    size_exponent: float = number(0.8, 0.0, 3.0, source="assumption", doc="bigger groups are seen sooner")
    dwell_growth: float = non_negative(
        0.1, source="assumption", unit="per day", doc="hazard growth per day dwelt in one place"
    )
    latency_days: float = non_negative(
        0.5, source="assumption (hours to a day)", unit="days", doc="detection to strike order"
    )


@dataclass
class StrikeConfig:
    """Long-range precision strikes (HIMARS / GMLRS)."""

    launchers: int = number(
        16, 0, source="HIMARS delivered by Sept 2022: 16 (US DoD), 20 by Nov 2022; range 16-20", unit="launchers"
    )
    munitions: float = non_negative(
        500.0, source="assumption", unit="rockets", doc="GMLRS rockets in stock on 1 Oct 2022"
    )
    monthly_resupply: float = non_negative(300.0, source="assumption", unit="rockets per month")
    rockets_per_strike: float = positive(4.0, source="assumption", unit="rockets")
    launcher_reach: float = probability(
        0.15,
        source="GMLRS range ~70-80 km (Lockheed Martin) against a front of ~1,000 km (ISW maps, Oct 2022): a "
        "launcher behind the front reaches targets on about 2 x 75 / 1,000 of it",
        unit="share of the front",
        doc="share of the front a launcher in position can reach; launchers are spread along it at random",
    )
    reposition_days: float = duration(
        1.0,
        source="assumption: a launcher moved up to reach a target far from it takes about a day",
        unit="days",
        doc="delay before a strike on a convoy or billet that no launcher in position can reach",
    )
    mission_days: float = duration(
        0.25, source="assumption", unit="days", doc="a launcher is busy this long per mission"
    )
    share_billet: float = probability(
        0.15,
        source="Makiivka 1 Jan 2023: 89 dead acknowledged by the Russian MoD among several hundred housed, many "
        "more wounded",
        unit="share",
        doc="mean share of a billet killed or wounded",
    )
    share_convoy: float = probability(0.06, source="assumption", unit="share", doc="mean share of a convoy hit")
    concentration: float = positive(6.0, source="assumption", doc="Beta concentration of the share destroyed")
    depot_interval_days: float = duration(
        5.0, source="assumption", unit="days", doc="strikes on depots / command posts per sector"
    )
    depot_supply_hit: float = probability(
        0.15, source="assumption", unit="share", doc="Russian supply lost on that axis per depot strike"
    )
    depot_recovery_days: float = duration(10.0, source="assumption", unit="days")
    crossing_interval_days: float = duration(
        2.0,
        source="Antonivskyi bridge struck repeatedly from July 2022 (public reporting)",
        unit="days",
        doc="strikes on Dnipro crossings",
    )
    crossing_hit_probability: float = probability(0.5, source="assumption", unit="probability")
    resupply_days: float = duration(
        30.0,
        source="assumption",
        unit="days",
        doc="rockets arrive in monthly deliveries of monthly_resupply (US drawdown packages)",
    )
    depot_supply_floor: float = probability(
        0.4, source="assumption", unit="share of supply", doc="depot strikes alone never starve an axis below this"
    )
    share_depot: float = probability(
        0.002,
        source="assumption",
        unit="share",
        doc="mean share of the Russian force on an axis hit by a strike on its depots",
    )


@dataclass
class AirConfig:
    """Russian close air support over the threatened sectors."""

    enabled: bool = flag(True, source='the analysis: "yesterday\'s aircraft losses in this area"')
    sorties_per_day: float = non_negative(
        60.0,
        source="assumption: UK MoD put Russian sorties at up to 200-300 a day theatre-wide in 2022, most stand-off",
        unit="sorties per day",
        doc="CAS sorties over these axes",
    )
    loss_probability: float = probability(
        0.0015, source="assumption", unit="per sortie", doc="per sortie over a stable front"
    )
    fluid_multiplier: float = number(
        8.0, 1.0, 100.0, source="assumption", unit="multiplier", doc="loss multiplier over a fluid front"
    )
    fluid_km: float = non_negative(
        5.0, source="assumption", unit="km", doc="a front that moved more than this in a week is fluid"
    )
    vacuum_multiplier: float = number(
        2.0,
        1.0,
        100.0,
        source='assumption: the analysis ("a vacuum of means that pushes the aircraft to take significant risks, '
        'they simply have no other options")',
        unit="multiplier",
        doc="loss multiplier per sortie over an axis where Russia has no ground power left against Ukraine's "
        "(scaled by how far it falls short of parity)",
    )
    uncovered_multiplier: float = number(
        2.0,
        1.0,
        100.0,
        source="assumption: short-range air defence moves with the ground units (Pantsir, Tor, Buk with the "
        "armies); where they are worn down, aircraft fly without cover",
        unit="multiplier",
        doc="loss multiplier per sortie over an axis whose Russian ground force is all gone (scaled by the "
        "share lost since the start)",
    )
    fleet: float = positive(
        120.0,
        source="assumption: a share of the ~300 combat aircraft and helicopters Russia kept near Ukraine "
        "(UK MoD / IISS estimates, 2022) flying close support on these axes; losses not replaced within the horizon",
        unit="aircraft",
        doc="aircraft flying the close-air-support sorties; each one lost takes its share of sorties with it",
    )
    slow_per_sortie: float = non_negative(
        0.015, source="assumption", doc="attacker drag per daily sortie in the sector"
    )
    active_days: float = non_negative(
        3.0,
        source="assumption",
        unit="days",
        doc="an axis where Ukraine attacked within this many days gets close air support",
    )
    fluid_window_days: float = duration(
        7.0,
        source="assumption",
        unit="days",
        doc="a front is fluid if it moved more than fluid_km within this many days",
    )


@dataclass
class DecisionConfig:
    """Ukrainian resolve and Western support; the Kremlin's annexation and deterrence."""

    resolve: float = probability(
        0.85,
        source="KIIS polls Sept 2022: ~87% of Ukrainians against any territorial concession",
        doc="initial",
    )
    support: float = probability(0.8, source="assumption", doc="Western support, initial")
    interval_days: float = duration(14.0, source="assumption", unit="days", doc="Ukrainian decision points")
    continue_at: float = probability(0.45, source="assumption", doc="resolve x support to keep attacking")
    halt_below: float = probability(0.2, source="assumption", doc="below this Ukraine halts and accepts a freeze")
    pause_days: float = duration(14.0, source="assumption", unit="days", doc="a decided pause on all axes")
    w_gain: float = non_negative(0.05, source="assumption", doc="resolve per 1,000 km2 gained")
    w_loss: float = non_negative(0.02, source="assumption", doc="resolve lost per 10,000 casualties")
    w_deter: float = non_negative(0.004, source="assumption", doc="resolve lost per day per unit of deterrence signal")
    drift_rate: float = non_negative(
        0.01, source="assumption", unit="per day", doc="per day back towards the initial level"
    )
    support_w_gain: float = non_negative(0.04, source="assumption", doc="support per 1,000 km2 gained")
    support_w_deter: float = non_negative(0.003, source="assumption", doc="Western fear of escalation")
    annexation_day: float = number(
        -1.0,
        -60.0,
        3650.0,
        source="annexation declared 30 Sept 2022 = day -1",
        unit="day (0 = start date)",
        doc="the annexation's day (annexation_trigger=date)",
    )
    annexation_trigger: str = choice(
        "date",
        ("date", "territory"),
        source="the futures start the day after the annexation of 30 Sept 2022 (public record), so at its date; "
        "`territory`: the Kremlin's response to ground lost (the analysis: \"this offensive ... precipitated "
        'Russia to ... organize referendums")',
        doc="annexation on annexation_day, or declared annexation_delay_days after Russia has lost annexation_area_km2",
    )
    annexation_area_km2: float = non_negative(
        3000.0,
        source='"more than 3,000 km²" retaken since the start of September (Zaluzhnyi, 11 Sept 2022)',
        unit="km2",
        doc="territory lost by Russia that makes the Kremlin organise referendums (annexation_trigger=territory)",
    )
    annexation_delay_days: float = non_negative(
        19.0,
        source="11 Sept 2022 (3,000 km² lost) -> referendums announced 20 Sept, held 23-27 Sept -> annexation "
        "declared 30 Sept 2022",
        unit="days",
        doc="from the loss of annexation_area_km2 to the declared annexation (annexation_trigger=territory)",
    )
    annexation_weight: float = non_negative(0.3, source="assumption")
    mass_weight: float = non_negative(0.4, source="assumption", doc="per 300,000 mobilized in theatre")
    escalation_threat: float = non_negative(0.3, source="assumption")
    credibility: float = probability(0.25, source="assumption", doc="of the escalation threat")
    resolve_noise: float = non_negative(
        0.04,
        source="assumption",
        unit="sd",
        doc="sd of the unexplained change in resolve per decision (events, politics, leaders)",
    )
    annexed_threshold_weight: float = non_negative(
        1.0,
        source="assumption (\"for fear of attacking 'Russian' territory\", the analysis)",
        doc="Ukraine's attack threshold on annexed ground rises by this times the deterrence signal",
    )
    mass_reference: float = positive(
        300000.0,
        source="the announced call-up of 21 Sept 2022 (Shoigu: 300,000)",
        unit="soldiers",
        doc="the mobilized mass in the deterrence signal is counted in units of this",
    )


@dataclass
class BridgeheadConfig:
    """Supply of a bridgehead across its river, the Kremlin's withdrawal decision, and being trapped."""

    crossings: int = number(
        3,
        1,
        source="Antonivskyi road bridge, rail bridge, Nova Kakhovka dam road (public reporting)",
        unit="crossings",
    )
    repair_days: float = duration(10.0, source="assumption", unit="days", doc="ferries / pontoons / repair")
    supply_floor: float = probability(
        0.25,
        source="assumption",
        unit="share",
        doc="share of the crossings' capacity left with every one cut (ferries)",
    )
    supply_capacity: float = positive(
        30000.0,
        source="assumption: sized to the ~30,000 troops withdrawn from the bank in Nov 2022 (Russian MoD), who were "
        "supplied across the damaged Antonivskyi bridge, the Nova Kakhovka dam road and ferries",
        unit="soldiers",
        doc="soldiers the crossings keep fully supplied with every crossing open; more troops share it",
    )
    unpressed_share: float = probability(
        0.02,
        source="assumption: the Kremlin gives up annexed ground nobody attacks only reluctantly (one chance in 50 "
        "at a review, against decision_probability when pressed)",
        unit="share",
        doc="the withdrawal decision's probability with no Ukrainian pressure, as a share of decision_probability",
    )
    starving_below: float = probability(
        0.6, source="assumption", unit="share", doc="supply share below which the bridgehead starves"
    )
    withdraw_after_days: float = duration(
        21.0, source="assumption", unit="days", doc="starving days before a withdrawal is considered"
    )
    decision_probability: float = probability(
        0.6, source="assumption", unit="probability", doc="per weekly review, the Kremlin decides in time"
    )
    withdrawal_days: float = duration(3.0, source="9-11 Nov 2022: about 30,000 withdrawn in three days", unit="days")
    trapped_margin_km: float = non_negative(
        8.0,
        source="assumption",
        unit="km",
        doc="Ukraine this close to the river during the withdrawal traps the rest",
    )

    # ------------------------------------------------------------------------------------------ experiment
    repair_shape: float = shape(3.0, source="assumption", doc="gamma shape of a crossing's repair time")
    review_days: int = number(
        7, 1, source="assumption", unit="days", doc="the Kremlin reviews a starving bridgehead this often"
    )
    follow_days: float = duration(
        3.0,
        source="assumption",
        unit="days",
        doc="after a withdrawal Ukraine follows up to the river in this many days",
    )
    trapped_days: float = duration(
        2.0,
        source="assumption: clearing the last pocket on the bank takes a couple of days",
        unit="days",
        doc="a trapped bridgehead's front reaches the river in this many days",
    )


# ---------------------------------------------------------------------------------------------- season
SEASON_ROW = "data: the row's own `source` (season.months[].source)"


@dataclass
class MonthConfig:
    """One row of the season table: what a calendar month does to movement and to the tempo of attacks."""

    month: int = number(1, 1, 12, source=SEASON_ROW, unit="month", doc="1 = January")
    advance: float = number(
        1.0,
        0.05,
        2.0,
        source=SEASON_ROW,
        unit="multiplier",
        doc="ground gained in an engagement, movement without a fight and river crossings, relative to dry ground",
    )
    tempo: float = number(
        1.0, 0.05, 1.0, source=SEASON_ROW, unit="share", doc="share of the dry-season rate of attacks kept"
    )
    source: str = value("", source=SEASON_ROW, doc="where the row's numbers come from")


def _season_table() -> list[MonthConfig]:
    """Eastern and southern Ukraine, by month: mid-month values, interpolated between (sim.laws.season)."""
    dry = "dry ground, the reference: the Kharkiv and Kherson offensives of Aug-Sept 2022 (public reporting)"
    winter = (
        "frozen ground carries vehicles, but days are 8-9 hours long (Kharkiv, astronomical tables) and cold; "
        "Ukraine's offensives paused while Russia attacked at Soledar-Bakhmut and Vuhledar (ISW, Jan-Feb 2023); "
        "factors: assumption"
    )
    return [
        MonthConfig(1, 0.75, 0.6, winter),
        MonthConfig(2, 0.75, 0.6, winter),
        MonthConfig(
            3,
            0.5,
            0.5,
            "spring thaw (rasputitsa): mud limiting cross-country movement (ISW and UK MoD Defence Intelligence, "
            "Mar 2023); factors: assumption",
        ),
        MonthConfig(4, 0.65, 0.7, "the thaw drying out; assumption"),
        MonthConfig(5, 0.9, 0.9, "ground mostly dry by May; assumption"),
        MonthConfig(6, 1.0, 1.0, dry),
        MonthConfig(7, 1.0, 1.0, dry),
        MonthConfig(8, 1.0, 1.0, dry),
        MonthConfig(9, 1.0, 1.0, dry),
        MonthConfig(
            10,
            1.0,
            1.0,
            "dry in the first half; the autumn rains set in from mid-October (UK MoD Defence Intelligence, Oct "
            "2022: the rasputitsa expected to slow operations)",
        ),
        MonthConfig(
            11,
            0.45,
            0.5,
            "rasputitsa: rain and mud slowed operations on the Svatove-Kreminna line and in the south (ISW campaign "
            "assessments and UK MoD Defence Intelligence updates, Nov 2022); the front largely stalled from late "
            "November; factors: assumption",
        ),
        MonthConfig(
            12,
            0.55,
            0.5,
            "mud until the ground froze late in the month, the shortest days; Ukraine said to be waiting for the "
            "ground to freeze (ISW, Dec 2022); factors: assumption",
        ),
    ]


@dataclass
class SeasonConfig:
    """The calendar's effect on operations: a monthly table (mud, frozen ground, short days)."""

    enabled: bool = flag(
        True,
        source="the autumn rasputitsa of 2022 slowed operations from mid-October and the front stalled from late "
        "November (ISW, UK MoD Defence Intelligence, Oct-Nov 2022)",
    )
    months: list[MonthConfig] = items(
        _season_table,
        source="data: one row per month, each with its source (season.months[].source); the factors are "
        "assumptions read from the reporting cited",
        doc="advance and tempo factors per calendar month, holding mid-month and interpolated between",
    )


@dataclass
class ExecutorConfig:
    name: str = choice("processes", EXECUTORS, role=CONTROL)
    n_workers: int = control(0, unit="workers", doc="0 = all cores")
    chunk_size: int = control(
        0, unit="replications", doc="replications per task; 0 = chosen from the count and the workers"
    )
    address: Optional[str] = control(None, doc="dask scheduler, e.g. tcp://host:8786; None starts a LocalCluster")


@dataclass
class PrecisionConfig:
    """`replications=auto`: run in batches until each main outcome's 95% CI half-width is below
    `target` times its mean, or until `max_replications`."""

    target: float = number(
        0.02, 0.0, 1.0, open_lo=True, role=DESIGN, unit="share of the mean", doc="relative half-width of the 95% CI"
    )
    outcomes: list[str] = items(lambda: list(precision_defaults()), role=DESIGN)
    batch: int = number(100, 1, role=DESIGN, unit="replications")
    min_replications: int = number(100, 2, role=DESIGN, unit="replications")
    max_replications: int = number(5000, 2, 1_000_000, role=DESIGN, unit="replications")


EXPLORE_METHODS = ("none", "morris", "sobol", "lhs")
DISTRIBUTIONS = ("uniform", "log-uniform", "levels")


@dataclass
class UncertainConfig:
    """One uncertain parameter of an explore set: a dotted key of this schema and what it may be."""

    key: str = value("", doc="a dotted key, e.g. decisions.credibility or forces.ua_lyman.personnel", role=DESIGN)
    dist: str = choice("uniform", DISTRIBUTIONS, role=DESIGN)
    low: Optional[float] = value(None, doc="uniform and log-uniform: the lower bound", role=DESIGN)
    high: Optional[float] = value(None, doc="uniform and log-uniform: the upper bound", role=DESIGN)
    levels: list[Any] = items(list, doc="levels: the values it takes, equally likely", role=DESIGN)


@dataclass
class ExploreConfig:
    """An exploration of the assumptions (`+explore=NAME`, configs/explore/): a design over the uncertain
    parameters, each point run `replications` times with the same seeds (sim.explore)."""

    name: str = value("", doc="the explore set", role=DESIGN)
    method: str = choice("none", EXPLORE_METHODS, role=DESIGN, doc="none: a plain run")
    n: int = number(
        16, 1, 100_000, role=DESIGN, doc="Morris: trajectories; Sobol: base sample N (N x (D + 2) points); lhs: points"
    )
    morris_levels: int = number(4, 2, 20, role=DESIGN, doc="grid levels of the Morris design")
    resamples: int = number(200, 10, 10_000, role=DESIGN, doc="bootstrap resamples of the confidence intervals")
    parameters: list[UncertainConfig] = items(list, role=DESIGN)
    every_model_parameter: Optional[float] = value(
        None, role=DESIGN, doc="a share s: every numeric model parameter in [d(1 - s), d(1 + s)] within its range"
    )
    exclude: list[str] = items(list, role=DESIGN, doc="keys left out of every_model_parameter")
    outcomes: list[str] = items(list, role=DESIGN, doc="numeric outcomes analysed (empty: the key outcomes)")
    category: str = value("outcome=freeze", role=DESIGN, doc="PRIM's target: column=value or column!=value")


@dataclass
class RecordConfig:
    """The public record of autumn 2022 (data/record/, sim.calibration.record) a calibration is weighed on."""

    until: str = value(
        "2022-10-31",
        role=DESIGN,
        unit="date",
        doc="the record up to this date (ISO) is what the futures are weighed on",
    )


@dataclass
class CalibrateConfig:
    """Approximate Bayesian computation of `sim calibrate` (sim.calibration): rejection on a Latin hypercube
    over the explore set, one replication per point, with a regression adjustment."""

    n: int = number(1000, 20, 200_000, role=DESIGN, doc="simulations per future, each at its own point and seed")
    accept: float = number(
        0.1, 0.001, 1.0, role=DESIGN, doc="share of a future's simulations nearest the record that are kept"
    )
    adjust: bool = value(True, role=DESIGN, doc="Beaumont's local-linear regression adjustment of the kept points")
    predictive: int = number(200, 10, 100_000, role=DESIGN, doc="posterior predictive simulations per future")
    futures: list[str] = items(list, role=DESIGN, doc="futures weighed against each other (empty: the scenario)")


@dataclass
class SimConfig:
    scenario_name: str = label("baseline")
    scenario_error: Optional[str] = label(None, doc="set by the registry when a scenario file cannot be read")
    description: str = label("Situation on 1 Oct 2022 with neutral settings.")
    seed: int = design(2022)
    replications: Any = design(
        200,
        doc='an integer in [1, 1000000], or "auto" (see `precision`); checked by validation, which also asks '
        "replications x (horizon_days + 1) <= 200,000,000 (the daily series are kept for the bands)",
    )
    precision: PrecisionConfig = section(PrecisionConfig, role=DESIGN)
    resume: Optional[str] = control(
        None,
        doc="a result folder of an interrupted run to complete; auto: the run's own output folder (a sweep run "
        "again into its hydra.sweep.dir reads its finished jobs, completes the interrupted one, runs the rest)",
    )
    replay: Optional[int] = control(None, doc="re-run this one replication with its trace and write replay-N.md")
    horizon_days: float = number(
        180.0,
        0.0,
        3650.0,
        source="assumption: the brief's default horizon (DESIGN.md section 3), 1 Oct 2022 to 30 March 2023",
        unit="days",
    )
    stochastic: bool = design(True, doc="false: every draw is replaced by its distribution's mean (validation)")
    record_trace: bool = control(False)
    progress: bool = control(True)
    plots: Optional[bool] = control(
        None,
        doc="draw the run's figures: true, false, or null (the default): a single run draws them, a job of a "
        "sweep does not (the sweep's comparison is still drawn); the tables and reports are written either way",
    )
    executor: ExecutorConfig = section(ExecutorConfig, role=CONTROL)
    theatre: TheatreConfig = section(TheatreConfig)
    forces: dict[str, FormationConfig] = items(dict, source=FORCES_FILES, doc="one FormationConfig per formation")
    replacements: ReplacementConfig = section(ReplacementConfig)
    uncertainty: UncertaintyConfig = section(UncertaintyConfig)
    combat: CombatConfig = section(CombatConfig)
    manoeuvre: ManoeuvreConfig = section(ManoeuvreConfig)
    reserves: ReservesConfig = section(ReservesConfig)
    outcome: OutcomeConfig = section(OutcomeConfig)
    mobilization: MobilizationConfig = section(MobilizationConfig)
    isr: IsrConfig = section(IsrConfig)
    strikes: StrikeConfig = section(StrikeConfig)
    air: AirConfig = section(AirConfig)
    decisions: DecisionConfig = section(DecisionConfig)
    bridgehead: BridgeheadConfig = section(BridgeheadConfig)
    season: SeasonConfig = section(SeasonConfig)
    explore: ExploreConfig = section(ExploreConfig, role=DESIGN)
    record: RecordConfig = section(RecordConfig, role=DESIGN)
    calibrate: CalibrateConfig = section(CalibrateConfig, role=DESIGN)
