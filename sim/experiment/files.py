"""Atomic file writes, in a leaf module: a result file is whole or absent, never half-written."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def atomic_write(path: Path, write: Any) -> None:
    """Write through a temporary file and rename: a file is whole or absent, never half-written."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
