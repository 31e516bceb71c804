"""The structured-config schema: every parameter of the model, its type, default and allowed range.

Defaults carry a comment with their public source or the word `assumption`. Theatre geometry and the
order of battle are data in `configs/theatre/` and `configs/forces/` (with their own source comments);
the schema here only fixes their shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from sim.config.fields import choice, items, non_negative, number, positive, probability

SIDES = ("ua", "ru")
KINDS = ("regular", "mobilized")
POSTURES = ("attack", "defend", "reserve", "garrison")
LAWS = ("square", "linear", "helmbold")
EXECUTORS = ("serial", "processes", "dask")


# --------------------------------------------------------------------------------------------- theatre
@dataclass
class LineConfig:
    """A prepared defensive line at a position of the depth track (km, positive = towards Russia)."""

    at_km: float = number(0.0)
    fortification: float = number(1.5, 1.0, 10.0)  # defender multiplier; assumption (see theatre data)
    side: str = choice("ru", SIDES)  # whose line it is


@dataclass
class RiverConfig:
    at_km: float = number(0.0)
    crossing_days: float = non_negative(5.0)  # assumption: days to force or bridge a crossing
    name: str = ""


@dataclass
class SectorConfig:
    """One axis of the front as a one-dimensional depth track."""

    width_km: float = positive(50.0)
    lines: list[LineConfig] = items(list)
    rivers: list[RiverConfig] = items(list)
    objective_km: float = number(20.0)  # Ukraine's first objective on this axis
    objective_step_km: float = non_negative(20.0)  # how far the next objective lies after a re-plan
    min_km: float = number(-60.0)  # the track's ends bound the area that can change hands
    max_km: float = number(120.0)
    railhead_km: float = number(-40.0)  # Ukrainian railhead position; supply reach counts from here
    neighbours: list[str] = items(list)
    annexed: bool = True  # claimed by Russia's annexation of 30 Sept 2022
    bridgehead: bool = False  # defender supplied only across the river behind it (Kherson right bank)
    ua_offensive: bool = True  # Ukraine may attack on this axis
    ru_offensive: bool = False  # Russia may attack on this axis


@dataclass
class TheatreConfig:
    name: str = "oct2022"
    start_date: str = "2022-10-01"
    sectors: dict[str, SectorConfig] = items(dict)


# ---------------------------------------------------------------------------------------------- forces
@dataclass
class FormationConfig:
    """A brigade / battalion-group level formation (or a group of them fighting as one)."""

    side: str = choice("ua", SIDES)
    sector: str = ""  # a sector name, or "theatre" for a theatre reserve
    kind: str = choice("regular", KINDS)
    personnel: float = non_negative(3000.0)
    equipment: float = number(1.0, 0.0, 2.0)  # combat power per soldier relative to a fully equipped unit
    training: float = probability(1.0)  # 1 = fully trained regular
    cohesion: float = probability(0.8)
    supply: float = probability(1.0)
    posture: str = choice("defend", POSTURES)


@dataclass
class UncertaintyConfig:
    """What is not known on the start date: each replication draws its own order of battle around the data."""

    personnel_spread: float = non_negative(0.35)  # lognormal sigma on each formation's strength; assumption:
    # public estimates of unit strengths in autumn 2022 differ by tens of percent
    cohesion_spread: float = non_negative(0.12)  # normal sd on each formation's initial cohesion; assumption


@dataclass
class ReplacementConfig:
    """Steady flow of replacements into formations already at the front (not the mobilization wave)."""

    ua_per_day: float = non_negative(400.0)  # assumption: UA expanding force (700k by July 2022, Zelensky)
    ru_per_day: float = non_negative(150.0)  # assumption: volunteer battalions / BARS before mobilization


# ---------------------------------------------------------------------------------------------- combat
@dataclass
class CombatConfig:
    law: str = choice("square", LAWS)
    helmbold_weight: float = probability(0.5)  # assumption: halfway between square and logarithmic
    kill_rate: float = positive(0.012)  # per day: ~1.2%/day of an equal force engaged; assumption (RAND-
    # style attrition planning factors of 1-2 %/day for an attacker in intense combat)
    linear_reference: float = positive(10000.0)  # linear law kill rate = kill_rate / this; assumption
    dispersion: float = non_negative(25.0)  # variance/mean of losses (casualties come in clumps); assumption
    engaged_share: float = probability(0.6)  # share of a sector's force in contact; assumption
    attack_threshold: float = positive(1.3)  # Ukrainian power ratio (with fortification) to launch an attack;
    # assumption (doctrine asks 3:1 locally; 1.3:1 on a whole axis)
    ru_attack_threshold: float = positive(0.8)  # Russia attacked at Bakhmut without favourable odds
    # (attritional Wagner assaults, public reporting Oct 2022 - May 2023); assumption
    positional_intensity: float = probability(0.25)  # kill rate in lulls (shelling, raids) as a share of an
    # attack's; assumption
    culmination_ratio: float = positive(1.05)  # an attack below this ratio culminates; assumption
    engagement_days: float = positive(4.0)  # mean engagement duration, gamma distributed; assumption
    engagement_shape: float = positive(4.0)  # gamma shape of the engagement duration; assumption
    lull_days: float = positive(3.0)  # mean wait when nobody attacks; assumption
    attacker_exposure: float = number(1.5, 1.0, 5.0)  # attackers in the open are hit harder; assumption
    engagement_spread: float = non_negative(0.35)  # lognormal sigma of each side's effectiveness in one
    # engagement (surprise, weather, terrain, leadership); assumption
    mobilized_vulnerability: float = number(1.6, 1.0, 5.0)  # untrained mobilized take more losses per unit
    # of fire (loss-exchange), scaled by (1 - training); assumption


@dataclass
class ManoeuvreConfig:
    """Advance, break, collapse, exploitation and the operational pause."""

    advance_km_day: float = non_negative(1.2)  # advance at a 2:1 ratio on open ground; assumption (ISW daily
    # reports of 1-3 km/day for deliberate attacks, autumn 2022)
    advance_spread: float = non_negative(0.4)  # lognormal sigma of the advance; assumption
    cohesion_per_loss: float = non_negative(2.0)  # cohesion lost per unit share of personnel lost; assumption
    attacker_cohesion_factor: float = non_negative(1.0)  # attacker cohesion lost per loss share, relative to
    # the defender's; assumption
    cohesion_per_ratio: float = non_negative(0.025)  # cohesion lost per engagement per unit of ratio above 1
    flank_cohesion: float = non_negative(0.05)  # per engagement when a neighbour's front is ahead; assumption
    flank_gap_km: float = non_negative(10.0)  # how far ahead a neighbour must be to expose a flank
    cohesion_recovery: float = non_negative(0.01)  # per day out of contact; assumption
    break_cohesion: float = probability(0.3)  # below this the defender breaks; assumption
    rally_cohesion: float = probability(0.55)  # cohesion on reaching the next prepared line; assumption
    line_reach_km: float = non_negative(15.0)  # a line further than this behind cannot be reached in order
    exploit_km_day: float = positive(12.0)  # Kharkiv: ~6,000 km2 in 6 days on a ~70 km front (Zelensky,
    # 12 Sept 2022) ~ 12-15 km/day
    exploit_spread: float = non_negative(0.3)  # lognormal sigma of the exploitation speed; assumption
    captured_share: float = probability(0.08)  # of the collapsing side captured; assumption (hundreds of
    # prisoners reported at Izium/Lyman)
    abandoned_share: float = probability(0.35)  # of its equipment abandoned; assumption (Oryx: hundreds of
    # vehicles abandoned in Kharkiv oblast, Sept 2022)
    recovery_share: float = probability(0.4)  # of abandoned equipment the attacker puts back into service
    cascade_shock: float = probability(0.15)  # cohesion lost by a neighbouring sector in a collapse
    cascade_window_days: float = non_negative(21.0)  # a collapse this soon after a neighbour's counts as a
    # cascade (Kharkiv 6-12 Sept -> Lyman 1 Oct: ~3 weeks)
    supply_reach_km: float = positive(70.0)  # attacker supply reach from its railhead; assumption
    railhead_step_km: float = non_negative(25.0)  # railhead moved forward during a pause; assumption
    pause_days: float = positive(14.0)  # mean operational pause; Kharkiv: Oskil reached 12 Sept, next push
    # (Lyman) late Sept, ~2 weeks
    pause_shape: float = positive(3.0)
    pause_cohesion: float = probability(0.85)  # attacker cohesion after a pause; assumption
    culmination_cohesion: float = probability(0.4)  # attacker below this cohesion pauses; assumption


@dataclass
class ReservesConfig:
    review_days: float = positive(7.0)  # how often each side re-allocates its theatre reserve; assumption
    move_days: float = positive(5.0)  # mean move time between sectors; assumption
    counterattack_probability: float = probability(0.5)  # chance a local reserve counter-attacks a break-in
    counterattack_km: float = non_negative(3.0)  # ground retaken by a successful counter-attack; assumption
    counterattack_ratio: float = positive(1.0)  # ratio at which a counter-attack succeeds half the time


@dataclass
class OutcomeConfig:
    """Thresholds that turn a campaign's end state into a category."""

    advance_area_km2: float = non_negative(1500.0)  # Ukraine gained at least this: ukraine_advance
    collapse_sectors: int = number(3, 1)  # collapses in at least this many sectors: russian_collapse


# ------------------------------------------------------------------------- mobilization and strikes
@dataclass
class MobilizationConfig:
    """Call-up -> training -> equipment -> convoys -> billets -> garrison or commit."""

    enabled: bool = True
    called_up: float = non_negative(300000.0)  # partial mobilization decree of 21 Sept 2022 (Shoigu: 300,000)
    waves: int = number(3, 1)  # assumption; Shoigu declared the call-up complete on 28 Oct 2022
    wave_interval_days: float = positive(12.0)  # assumption: three waves over ~5 weeks (21 Sept - 28 Oct)
    trigger: str = choice("date", ("date", "territory"))
    start_day: float = number(-10.0, -60.0, 3650.0)  # 21 Sept 2022 is day -10 of a 1 Oct start
    trigger_area_km2: float = non_negative(5000.0)  # territory lost by Russia that triggers a call-up; assumption
    training_days: float = non_negative(30.0)  # assumption: reported training of 1-4 weeks, autumn 2022
    commit_training_days: float = non_negative(7.0)  # training left once the Kremlin commits (cut short);
    # assumption: mobilized reported at the front within 10 days of call-up (Oct 2022)
    equipped_share: float = probability(0.6)  # assumption: reports of mobilized told to buy their own kit
    unequipped_equipment: float = number(0.3, 0.0, 2.0)  # combat power per soldier without kit; assumption
    training_at_full: float = positive(60.0)  # days of training that make a soldier as trained as a regular
    transport: str = choice("trucks", ("trucks", "rail"))  # "mostly troops in trucks" (the analysis)
    convoy_size: float = positive(800.0)  # soldiers per truck convoy (~40 trucks); assumption
    rail_group_size: float = positive(1500.0)  # soldiers per train; assumption
    travel_days: float = positive(3.0)  # by truck; assumption
    rail_travel_days: float = positive(2.0)  # by rail; assumption
    billet_size: float = positive(600.0)  # Makiivka: several hundred housed in one building (Jan 2023 reports)
    billet_days: float = positive(10.0)  # dwell before deployment; assumption
    unit_size: float = positive(3000.0)  # deployed as units (regiments) of this size; assumption
    cohesion: float = probability(0.5)  # of a fresh mobilized unit; assumption
    policy: str = choice("garrison", ("garrison", "commit"))  # the Kremlin's initial deployment policy
    commit_area_km2: float = non_negative(3000.0)  # annexed territory lost that switches to commit; assumption
    commit_after_days: float = non_negative(45.0)  # ...or Ukraine still attacking this long after annexation;
    # assumption (the analysis: "everything suggests that the Ukrainians are continuing the war")


@dataclass
class IsrConfig:
    """Detection of concentrations (billets, convoys) by ISR: satellite and drone imagery, coordinates."""

    enabled: bool = True
    base_per_day: float = non_negative(0.01)  # hazard per day for 1,000 people at zero dwell; assumption
    size_exponent: float = number(0.8, 0.0, 3.0)  # bigger groups are seen sooner; assumption
    dwell_growth: float = non_negative(0.1)  # hazard growth per day dwelt in one place; assumption
    latency_days: float = non_negative(0.5)  # detection to strike order; assumption (hours to a day)


@dataclass
class StrikeConfig:
    """Long-range precision strikes (HIMARS / GMLRS)."""

    launchers: int = number(16, 0)  # HIMARS delivered by Sept 2022: 16 (US DoD), 20 by Nov 2022; range 16-20
    munitions: float = non_negative(500.0)  # GMLRS rockets in stock on 1 Oct 2022; assumption
    monthly_resupply: float = non_negative(300.0)  # assumption
    rockets_per_strike: float = positive(4.0)  # assumption
    mission_days: float = positive(0.25)  # a launcher is busy this long per mission; assumption
    share_billet: float = probability(0.15)  # mean share of a billet killed or wounded; Makiivka 1 Jan 2023:
    # 89 dead acknowledged by the Russian MoD among several hundred housed, many more wounded
    share_convoy: float = probability(0.06)  # mean share of a convoy hit; assumption
    concentration: float = positive(6.0)  # Beta concentration of the share destroyed; assumption
    depot_interval_days: float = positive(5.0)  # strikes on depots / command posts per sector; assumption
    depot_supply_hit: float = probability(0.15)  # Russian supply lost on that axis per depot strike; assumption
    depot_recovery_days: float = positive(10.0)  # assumption
    crossing_interval_days: float = positive(2.0)  # strikes on Dnipro crossings: Antonivskyi bridge struck
    # repeatedly from July 2022 (public reporting)
    crossing_hit_probability: float = probability(0.5)  # assumption


@dataclass
class AirConfig:
    """Russian close air support over the threatened sectors."""

    enabled: bool = True
    sorties_per_day: float = non_negative(60.0)  # CAS sorties over these axes; UK MoD put Russian sorties at
    # up to 200-300 a day theatre-wide in 2022, most stand-off; assumption
    loss_probability: float = probability(0.0015)  # per sortie over a stable front; assumption
    fluid_multiplier: float = number(8.0, 1.0, 100.0)  # loss multiplier over a fluid front; assumption
    fluid_km: float = non_negative(5.0)  # a front that moved more than this in a week is fluid; assumption
    slow_per_sortie: float = non_negative(0.015)  # attacker drag per daily sortie in the sector; assumption


@dataclass
class DecisionConfig:
    """Ukrainian resolve and Western support; the Kremlin's annexation and deterrence."""

    resolve: float = probability(0.85)  # initial; KIIS polls Sept 2022: ~87% of Ukrainians against any
    # territorial concession
    support: float = probability(0.8)  # Western support, initial; assumption
    interval_days: float = positive(14.0)  # Ukrainian decision points; assumption
    continue_at: float = probability(0.45)  # resolve x support to keep attacking; assumption
    halt_below: float = probability(0.2)  # below this Ukraine halts and accepts a freeze; assumption
    pause_days: float = positive(14.0)  # a decided pause on all axes; assumption
    w_gain: float = non_negative(0.05)  # resolve per 1,000 km2 gained; assumption
    w_loss: float = non_negative(0.02)  # resolve lost per 10,000 casualties; assumption
    w_deter: float = non_negative(0.004)  # resolve lost per day per unit of deterrence signal; assumption
    drift_rate: float = non_negative(0.01)  # per day back towards the initial level; assumption
    support_w_gain: float = non_negative(0.04)  # support per 1,000 km2 gained; assumption
    support_w_deter: float = non_negative(0.003)  # Western fear of escalation; assumption
    annexation_day: float = number(-1.0, -60.0, 3650.0)  # annexation declared 30 Sept 2022 = day -1
    annexation_weight: float = non_negative(0.3)  # assumption
    mass_weight: float = non_negative(0.4)  # per 300,000 mobilized in theatre; assumption
    escalation_threat: float = non_negative(0.3)  # assumption
    credibility: float = probability(0.25)  # of the escalation threat; assumption
    resolve_noise: float = non_negative(0.04)  # sd of the unexplained change in resolve per decision (events,
    # politics, leaders); assumption
    annexed_threshold_weight: float = non_negative(1.0)  # Ukraine's attack threshold on annexed ground rises
    # by this times the deterrence signal ("for fear of attacking 'Russian' territory"); assumption


@dataclass
class BridgeheadConfig:
    """Supply of a bridgehead across its river, the Kremlin's withdrawal decision, and being trapped."""

    crossings: int = number(3, 1)  # Antonivskyi road bridge, rail bridge, Nova Kakhovka dam road (public reporting)
    repair_days: float = positive(10.0)  # ferries / pontoons / repair; assumption
    supply_floor: float = probability(0.25)  # supply share with every crossing cut (ferries); assumption
    starving_below: float = probability(0.6)  # supply share below which the bridgehead starves; assumption
    withdraw_after_days: float = positive(21.0)  # starving days before a withdrawal is considered; assumption
    decision_probability: float = probability(0.6)  # per weekly review, the Kremlin decides in time; assumption
    withdrawal_days: float = positive(3.0)  # 9-11 Nov 2022: about 30,000 withdrawn in three days
    trapped_margin_km: float = non_negative(8.0)  # Ukraine this close to the river during the withdrawal
    # traps the rest; assumption


# ------------------------------------------------------------------------------------------ experiment
@dataclass
class ExecutorConfig:
    name: str = choice("processes", EXECUTORS)
    n_workers: int = 0  # 0 = all cores
    chunk_size: int = 0  # replications per task; 0 = chosen from the count and the workers
    address: Optional[str] = None  # dask scheduler, e.g. tcp://host:8786; None starts a LocalCluster


@dataclass
class PrecisionConfig:
    """`replications=auto`: run in batches until each main outcome's 95% CI half-width is below
    `target` times its mean, or until `max_replications`."""

    target: float = number(0.02, 0.0, 1.0, open_lo=True)  # relative half-width of the 95% CI
    outcomes: list[str] = items(lambda: list(__import__("sim.outcomes").outcomes.precision_defaults()))
    batch: int = number(100, 1)
    min_replications: int = number(100, 2)
    max_replications: int = number(5000, 2)


@dataclass
class SimConfig:
    scenario_name: str = "baseline"
    scenario_error: Optional[str] = None  # set by the registry when a scenario file cannot be read
    description: str = "Situation on 1 Oct 2022 with neutral settings."
    seed: int = 2022
    replications: Any = 200  # an integer >= 1, or "auto" (see `precision`); checked by validation
    precision: PrecisionConfig = items(PrecisionConfig)
    resume: Optional[str] = None  # a result folder of an interrupted run to complete
    replay: Optional[int] = None  # re-run this one replication with its trace and write replay-N.md
    horizon_days: float = number(180.0, 0.0, 3650.0)
    stochastic: bool = True  # false: every draw is replaced by its distribution's mean (validation)
    record_trace: bool = False
    progress: bool = True
    executor: ExecutorConfig = items(ExecutorConfig)
    theatre: TheatreConfig = items(TheatreConfig)
    forces: dict[str, FormationConfig] = items(dict)
    replacements: ReplacementConfig = items(ReplacementConfig)
    uncertainty: UncertaintyConfig = items(UncertaintyConfig)
    combat: CombatConfig = items(CombatConfig)
    manoeuvre: ManoeuvreConfig = items(ManoeuvreConfig)
    reserves: ReservesConfig = items(ReservesConfig)
    outcome: OutcomeConfig = items(OutcomeConfig)
    mobilization: MobilizationConfig = items(MobilizationConfig)
    isr: IsrConfig = items(IsrConfig)
    strikes: StrikeConfig = items(StrikeConfig)
    air: AirConfig = items(AirConfig)
    decisions: DecisionConfig = items(DecisionConfig)
    bridgehead: BridgeheadConfig = items(BridgeheadConfig)
