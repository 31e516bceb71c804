"""The one Markdown table writer: alignment, escaping, number formatting."""

from __future__ import annotations

import pandas as pd

from sim.reporting.markdown import frame_table, number, table


def test_alignment_letters_repeat_their_last():
    assert table(["a", "b", "c"], [[1, 2, 3]], "lr") == ["| a | b | c |", "|---|---:|---:|", "| 1 | 2 | 3 |"]
    assert table(["a", "b"], [], "l")[1] == "|---|---|"
    assert table(["a", "b", "c"], [], "rlr")[1] == "|---:|---|---:|"


def test_a_cell_never_splits_its_row():
    line = table(["x"], [["max |z| = 2\nover 30 pairs"]])[2]
    assert line == "| max \\|z\\| = 2 over 30 pairs |"


def test_numbers_of_a_frame():
    assert [number(v) for v in (1234567.0, 0.5, float("inf"), float("nan"), True, 12345.6, 7)] == [
        "1.235e+06",
        "0.5",
        "never",
        "–",
        "yes",
        "12,346",
        "7",
    ]
    assert frame_table(pd.DataFrame({"a": [0.25]})) == "| a |\n|---|\n| 0.25 |"
