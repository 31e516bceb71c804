"""The one figure style: importing it selects Agg; names read as words."""

from __future__ import annotations

import matplotlib

from sim.reporting import style


def test_figures_go_to_files_not_windows():
    assert matplotlib.get_backend().lower() == "agg"


def test_names_and_job_colours():
    assert style.pretty("kherson_right_bank") == "kherson right bank"
    colours = style.job_colours(12)
    assert len(colours) == 12 and colours[0] == colours[10] and len(set(colours[:10])) == 10
