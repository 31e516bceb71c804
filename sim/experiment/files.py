"""Atomic file writes, in a leaf module: a result file is whole or absent, never half-written.

A file is written under a temporary name, flushed to the disk (fsync), renamed over its final name, and the
folder is flushed too, so that after a crash or a power cut the name points either to the old file or to
the whole new one.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def fsync_path(path: Path) -> None:
    """Flush a file or a folder to the disk (a folder: where the platform allows opening one)."""
    folder = path.is_dir()
    flags = os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if folder else 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        if folder:
            return  # Windows cannot open a folder: renames there are flushed with the file system
        raise
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, write: Any) -> None:
    """Write through a temporary file and rename: a file is whole or absent, never half-written."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        write(tmp)
        fsync_path(tmp)
        os.replace(tmp, path)
        fsync_path(path.parent)
    finally:
        tmp.unlink(missing_ok=True)
