"""The outcome row of one campaign: the public column schema of DESIGN.md section 3, plus extras.

Public columns are never renamed; extra columns (the personnel ledger, equipment recovered) are added
for checks and analysis.
"""

from __future__ import annotations

OUTCOMES = ("freeze", "ukraine_advance", "stalemate", "russian_collapse")
BRIDGEHEAD_FATES = ("held", "withdrawn", "trapped")
HALT_CAUSES = ("none", "deterrence", "exhaustion")
NUMERIC_OUTCOMES = (
    "area_km2",
    "breakthroughs",
    "collapses",
    "cascades",
    "sectors_collapsed",
    "halt_day",
    "bridgehead_day",
    "cas_ua",
    "cas_ru",
    "cas_ru_regular",
    "cas_ru_mobilized",
    "cas_ru_mobilized_combat",
    "cas_ru_combat",
    "cas_ru_strike",
    "cas_ru_captured",
    "cas_ru_strike_billet",
    "cas_ru_strike_convoy",
    "cas_ru_strike_front",
    "mobilized_called",
    "mobilized_committed",
    "commit_day",
    "mobilized_in_training",
    "mobilized_in_pipeline",
    "mobilized_deployed",
    "aircraft_lost",
    "resolve_ua",
    "support_ua",
    "strike_missions",
)


def is_numeric_outcome(name: str) -> bool:
    return name in NUMERIC_OUTCOMES or name.startswith(("area_km2_", "front_km_"))
