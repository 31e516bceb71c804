"""Markdown tables, written one way for every report (summary, comparison, replay story, validation).

`table` lays out cells that are already text; `frame_table` formats a DataFrame's numbers first. Every
cell is made safe for a table: a `|` is escaped and a line break becomes a space, so a cell can never
split its row.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

RULES = {"l": "---", "r": "---:"}


def _cell(text: object) -> str:
    return str(text).replace("\n", " ").replace("|", "\\|")


def table(header: Sequence[object], rows: Iterable[Sequence[object]], align: str = "l") -> list[str]:
    """The lines of a Markdown table. `align` has one letter per column, `l` (left) or `r` (right); its
    last letter repeats for the columns it does not reach, so `"lr"` puts the first column left and the
    others right."""
    letters = [align[min(i, len(align) - 1)] for i in range(len(header))]
    return [
        "| " + " | ".join(_cell(h) for h in header) + " |",
        "|" + "|".join(RULES[a] for a in letters) + "|",
        *("| " + " | ".join(_cell(c) for c in row) + " |" for row in rows),
    ]


def number(value: Any, digits: int = 4) -> str:
    """A value of a data table as text: numbers to `digits` significant figures, thousands separated,
    very large or small ones in scientific notation; yes/no for booleans; +inf reads "never"."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if math.isinf(value):
            return "never" if value > 0 else "-inf"
        if math.isnan(value):
            return "–"
        if value != 0 and (abs(value) >= 1e5 or abs(value) < 1e-3):
            return f"{value:.{digits - 1}e}"
        return f"{value:,.{digits}g}" if abs(value) < 1e4 else f"{value:,.0f}"
    return str(value)


def frame_table(frame: pd.DataFrame, digits: int = 4) -> str:
    """A DataFrame as a Markdown table, numbers to `digits` significant figures (see `number`)."""
    rows = [[number(v, digits) for v in row] for row in frame.itertuples(index=False)]
    return "\n".join(table([str(c) for c in frame.columns], rows))
