"""Atomic writes: a file is whole or absent, and both it and its folder are flushed to the disk."""

from __future__ import annotations

import os

import pytest

from sim.experiment.files import atomic_write


def test_atomic_write_fsyncs_the_file_then_renames_then_fsyncs_the_folder(tmp_path, monkeypatch):
    events = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        events.append(("fsync", os.path.basename(os.readlink(f"/proc/self/fd/{fd}"))))
        real_fsync(fd)

    def replace(src, dst):
        events.append(("replace", os.path.basename(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    atomic_write(tmp_path / "x.txt", lambda p: p.write_text("whole"))
    assert events == [("fsync", ".x.txt.tmp"), ("replace", "x.txt"), ("fsync", tmp_path.name)]
    assert (tmp_path / "x.txt").read_text() == "whole"


def test_a_failed_write_leaves_neither_file_nor_temporary(tmp_path):
    def half(path):
        path.write_text("half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space"):
        atomic_write(tmp_path / "x.txt", half)
    assert list(tmp_path.iterdir()) == []
