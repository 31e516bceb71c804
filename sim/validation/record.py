"""The result of one validation check: pass or fail, the criterion, the numbers, and the data behind its plot.

Every check in `sim.validation` returns a `CheckResult`; the report (`sim.validation.report`) turns a list of
them into the pass/fail table and one section each, and `python -m sim validate` exits non-zero if any failed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd


@dataclass
class CheckResult:
    """One check.

    `key` is a short identifier (``analytic.win_probability``); `criterion` says in words what must hold and
    `summary` gives the numbers that decided it; `figures` holds those numbers by name (for tests and JSON);
    `data` is the table behind the check (what the plot draws and the report may print); `notes` are
    sentences for the report (caveats, what was neutralised, the control that shows the check can fail).
    """

    key: str
    title: str
    group: str  # "analytic", "extreme" or "backtest"
    passed: bool
    criterion: str
    summary: str
    figures: dict[str, float] = field(default_factory=dict)
    data: pd.DataFrame = field(default_factory=pd.DataFrame)
    notes: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # further data for plots (arrays, series)
    seconds: float = 0.0

    @property
    def status(self) -> str:
        return "PASS" if self.passed else "FAIL"

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly summary (no data tables)."""
        return {
            "key": self.key,
            "title": self.title,
            "group": self.group,
            "passed": bool(self.passed),
            "criterion": self.criterion,
            "summary": self.summary,
            "figures": {k: _plain(v) for k, v in self.figures.items()},
            "notes": list(self.notes),
            "seconds": round(self.seconds, 3),
        }


def _plain(value: Any) -> Any:
    """numpy scalars to Python numbers (NaN stays NaN; json writes it as NaN)."""
    try:
        return value.item()
    except AttributeError:
        return value
