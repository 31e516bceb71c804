"""Progress where the user looks: a bar on a terminal or in Jupyter (tqdm.auto), lines in a log otherwise;
the writing after the bar is announced; `replications=auto` says whether the precision was met."""

from __future__ import annotations

import logging
import sys

import pytest
import tqdm.auto

import sim
from tests.cli.test_run_main import main  # noqa: F401  (the fixture)

pytestmark = pytest.mark.slow
SMALL = ["+scenario=advance", "replications=3", "horizon_days=10", "executor=serial", "plots=false"]


def test_the_bar_is_tqdm_auto_so_it_shows_in_jupyter():
    from sim.experiment import progress

    assert progress.tqdm is tqdm.auto.tqdm


def test_without_a_terminal_progress_and_writing_go_to_the_log(caplog, tmp_path, monkeypatch):
    monkeypatch.setattr(logging.getLogger("sim.progress"), "disabled", False)  # Hydra's `disabled` logging, earlier
    caplog.set_level(logging.INFO, logger="sim")
    sim.run(sim.compose(SMALL), out_dir=tmp_path / "run")  # pytest's stderr is no terminal
    said = [r.getMessage() for r in caplog.records if r.name.startswith("sim")]
    assert any("3/3 replications" in s for s in said), said
    assert any("writing" in s and "figures" in s for s in said), said


@pytest.mark.parametrize(("cap", "word"), [("4", "precision not met"), ("400", "precision met")])
def test_auto_says_whether_the_precision_was_met(main, tmp_path, cap, word):  # noqa: F811
    args = [
        "+scenario=baseline",
        "replications=auto",
        "precision.target=0.2",
        "precision.min_replications=4",
        "precision.batch=8",
        f"precision.max_replications={cap}",
        "horizon_days=30",
        "executor=serial",
        "progress=false",
        "plots=false",
        f"hydra.run.dir={tmp_path / 'run'}",
    ]
    code, out, err = main(args)
    assert code == 0, err
    assert word in out, out
    assert ("not met" in out) == (word == "precision not met")


def test_a_jupyter_kernel_shows_a_bar_though_its_stderr_is_no_terminal(monkeypatch):
    import types

    from sim.experiment import progress

    assert not progress.live()  # pytest's stderr
    monkeypatch.setitem(sys.modules, "ipykernel", types.ModuleType("ipykernel"))
    assert progress.live()
