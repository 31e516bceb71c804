"""The before/after check of a change that moves the numbers: same runs pass, a shifted outcome fails."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("same_distributions", ROOT / "benchmarks" / "same_distributions.py")
assert spec is not None and spec.loader is not None
script = importlib.util.module_from_spec(spec)
spec.loader.exec_module(script)


def folder(path: Path, area: np.ndarray, outcome: list[str]) -> Path:
    path.mkdir()
    n = area.size
    pd.DataFrame({"replication": np.arange(n), "area_km2": area, "outcome": outcome}).to_parquet(
        path / "outcomes.parquet"
    )
    return path


def test_the_same_runs_pass_and_a_shift_or_a_new_category_fails(tmp_path, capsys):
    rng = np.random.default_rng(0)
    area = rng.normal(5000, 1000, 400)
    outcome = ["stalemate"] * 300 + ["freeze"] * 100
    before = folder(tmp_path / "before", area, outcome)
    same = folder(tmp_path / "same", area, outcome)
    assert script.main([str(before), str(same)]) == 0
    assert "0 changed at all, 0 by more" in capsys.readouterr().out
    shifted = folder(tmp_path / "shifted", area + 400, outcome)
    assert script.main([str(before), str(shifted)]) == 1
    assert "400 changed at all, 400 by more" in capsys.readouterr().out
    flipped = folder(tmp_path / "flipped", area, ["stalemate"] * 200 + ["freeze"] * 200)
    assert script.main([str(before), str(flipped)]) == 1
