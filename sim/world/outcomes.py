"""The outcome row of one campaign: the public column schema of DESIGN.md section 3, plus extras.

Public columns are never renamed; extra columns (the personnel ledger, equipment recovered) are added
for checks and analysis.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from sim.outcomes import categorical, numeric_names
from sim.outcomes import is_numeric_outcome as is_numeric_outcome

if TYPE_CHECKING:
    from sim.world.campaign import World

# The lists of columns are declared once, in sim/outcomes.py; these names stay for the world's readers.
OUTCOMES = categorical()["outcome"]
BRIDGEHEAD_FATES = categorical()["bridgehead"]
HALT_CAUSES = categorical()["halt_cause"]
NUMERIC_OUTCOMES = numeric_names()


def outcome_row(world: World) -> dict[str, Any]:
    now, ledger = world.env.now, world.forces.ledger
    row: dict[str, Any] = {}
    row["area_km2"] = sum(s.area_km2(now) for s in world.sectors.values())
    for name, s in world.sectors.items():
        row[f"area_km2_{name}"] = s.area_km2(now)
    for name, s in world.sectors.items():
        row[f"front_km_{name}"] = s.front_at(now)
    row["breakthroughs"] = sum(s.breakthroughs for s in world.sectors.values())
    row["collapses"] = sum(s.collapses for s in world.sectors.values())
    row["cascades"] = sum(s.cascades for s in world.sectors.values())
    row["sectors_collapsed"] = sum(1 for s in world.sectors.values() if s.collapses > 0)
    row["outcome"] = category(world, row)
    ukraine = world.ukraine
    row["halt_day"] = math.nan if ukraine.halt_day is None else ukraine.halt_day
    row["halt_cause"] = ukraine.halt_cause or "none"
    bridgehead = world.bridgeheads[0] if world.bridgeheads else None
    row["bridgehead"] = bridgehead.fate if bridgehead else "none"
    row["bridgehead_day"] = math.nan if bridgehead is None or bridgehead.fate_day is None else bridgehead.fate_day
    row["cas_ua"] = ledger.lost("ua")
    row["cas_ru"] = ledger.lost("ru")
    row["cas_ru_regular"] = ledger.lost("ru", kind="regular")
    row["cas_ru_mobilized"] = ledger.lost("ru", kind="mobilized")
    row["cas_ru_mobilized_combat"] = ledger.lost("ru", kind="mobilized", cause="combat")
    for cause in ("combat", "strike", "captured"):
        row[f"cas_ru_{cause}"] = ledger.lost("ru", cause=cause)
    for place in ("billet", "convoy", "front"):
        row[f"cas_ru_strike_{place}"] = ledger.losses_by_place[place]
    mob = world.mobilization
    row["mobilized_called"] = mob.called
    row["mobilized_committed"] = mob.committed
    row["commit_day"] = math.nan if mob.commit_day is None else mob.commit_day
    stages = mob.count_stages()
    row["mobilized_in_training"] = stages["training"]
    row["mobilized_in_pipeline"] = stages["convoy"] + stages["billet"]
    row["mobilized_deployed"] = stages["garrison"] + stages["combat"]
    row["aircraft_lost"] = int(world.air.aircraft_lost)
    row["resolve_ua"] = ukraine.resolve
    row["support_ua"] = ukraine.support
    row["strike_missions"] = world.strikes.missions
    for side in ("ua", "ru"):
        row[f"personnel_initial_{side}"] = ledger.initial[side]
        row[f"personnel_arrived_{side}"] = ledger.arrivals[side]
        row[f"personnel_present_{side}"] = world.forces.present(side)
        row[f"equipment_recovered_{side}"] = world.equipment_recovered[side]
    return row


def category(world: World, row: dict[str, Any]) -> str:
    """freeze if Ukraine halted for good; else collapse across enough sectors; else the area gained."""
    if world.ukraine.halt_day is not None:
        return "freeze"
    if sum(1 for s in world.sectors.values() if s.collapses > 0) >= world.cfg.outcome.collapse_sectors:
        return "russian_collapse"
    if row["area_km2"] >= world.cfg.outcome.advance_area_km2:
        return "ukraine_advance"
    return "stalemate"
