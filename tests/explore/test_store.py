"""A design's part files: whole or absent, a damaged one removed and its runs computed again, counted by run."""

from __future__ import annotations

from sim.explore.store import DesignStore, saved_runs


def _rows(first: int, n: int, r: int = 2) -> list[dict]:
    return [
        {"run": i, "point": i // r, "replication": i % r, "seed": 7 + i % r, "area_km2": float(i)}
        for i in range(first, first + n)
    ]


def test_parts_are_read_back_in_run_order_and_counted_by_run(tmp_path):
    store = DesignStore(tmp_path)
    store.write(_rows(4, 4))
    store.write(_rows(0, 4))
    assert store.done() == set(range(8)) and saved_runs(tmp_path) == 8  # 2 replications, 4 points: 8 runs
    assert list(store.outcomes()["run"]) == list(range(8))


def test_a_damaged_part_is_removed_and_its_runs_are_missing_again(tmp_path):
    store = DesignStore(tmp_path)
    store.write(_rows(0, 4))
    store.write(_rows(4, 4))
    (tmp_path / "parts" / "outcomes-000000004.parquet").write_bytes(b"PAR1 garbage")
    (tmp_path / "parts" / ".outcomes-000000008.parquet.tmp").write_bytes(b"")
    assert store.repair() == ["outcomes-000000004.parquet"]
    assert store.done() == {0, 1, 2, 3}
    assert not list((tmp_path / "parts").glob(".*.tmp"))
