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


def test_a_constrained_layout_is_solved_once_for_both_formats(tmp_path, monkeypatch):
    from matplotlib.figure import Figure
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    solved = []
    execute = ConstrainedLayoutEngine.execute
    monkeypatch.setattr(ConstrainedLayoutEngine, "execute", lambda self, fig: solved.append(1) or execute(self, fig))
    fig = Figure(figsize=(4, 3), layout="constrained")
    ax = fig.subplots()
    ax.plot([0, 1], [0, 1])
    ax.set_ylabel("a label the layout must make room for")
    png = style.save(fig, tmp_path / "f.png")
    assert png.stat().st_size > 0 and (tmp_path / "f.svg").stat().st_size > 0
    assert len(solved) == 1
    assert ax.get_position().x0 > 0.1  # the room made for the label is kept for the SVG


def test_a_figure_alone_has_its_formats_drawn_side_by_side(tmp_path):
    from matplotlib.figure import Figure

    def make():
        fig = Figure(figsize=(3, 2))
        fig.subplots().plot([0, 1], [1, 0])
        return fig

    assert style._tasks(["a.png"], 2) == [("a.png", ("png",)), ("a.png", ("svg",))]
    assert style._tasks(["a.png", "b.png"], 2) == [("a.png", style.FORMATS), ("b.png", style.FORMATS)]
    paths = style.save_all({"alone.png": make, "none.png": lambda: None}, tmp_path, workers=4)
    assert paths == {"alone.png": tmp_path / "alone.png"}
    assert (tmp_path / "alone.svg").read_text().startswith("<?xml")
    assert not (tmp_path / "none.png").exists() and not (tmp_path / "none.svg").exists()


def test_titles_drawn_in_a_writer_are_placed_without_measuring_the_axes(tmp_path, monkeypatch):
    """Inside `drawing()` a title is not placed by measuring every axis' tick labels, and the picture is
    the one matplotlib's automatic placement draws."""
    import numpy as np
    from matplotlib.axis import YAxis
    from PIL import Image

    def make():
        fig, axes = style.figure(6, 3, 1, 2)
        for ax in axes[0]:
            ax.plot([0, 1e4], [0, 3e4])
            ax.set_title("a title over the axes")
            ax.set_xlabel("days")
        return fig

    measured = []
    tightbbox = YAxis.get_tightbbox
    monkeypatch.setattr(YAxis, "get_tightbbox", lambda self, *a, **k: measured.append(1) or tightbbox(self, *a, **k))
    style.save(make(), tmp_path / "auto.png", ("png",))
    automatic = len(measured)
    measured.clear()
    with style.drawing():
        style.save(make(), tmp_path / "fixed.png", ("png",))
    assert automatic > 0 and not measured
    pixels = [np.asarray(Image.open(tmp_path / f"{name}.png")) for name in ("auto", "fixed")]
    assert np.array_equal(*pixels)
