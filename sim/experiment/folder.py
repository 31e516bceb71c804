"""The life of a run folder: claimed at the start, checked on resume, finalised at the end.

A fresh run claims its folder by creating `.claim` there with O_EXCL: of two runs started into one folder
exactly one gets it, and the other is refused before it writes anything. While a run (fresh or resumed)
works in a folder it holds an advisory lock on that file (released by the system if the process dies), so
a resume into a folder that another sim process is still writing is refused too.

At the start the folder records the exact config and `run.json` with status `running`; the replications
then stream into `parts/`. A resumed run must bring the same config (executor and progress settings aside)
and the same sim version, or it is refused: mixing replications of two configs would be silently wrong.
"""

from __future__ import annotations

import datetime
import json
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: the O_EXCL claim still holds, the lock is skipped
    fcntl = None  # type: ignore[assignment]

import yaml

from sim.config.check import ConfigError
from sim.config.dump import to_yaml
from sim.config.provenance import keys_with_role
from sim.config.schema import SimConfig
from sim.experiment.files import atomic_write
from sim.experiment.results import CONFIG_FILE, META_FILE, OUTCOMES_FILE, read_yaml
from sim.experiment.store import PARTS
from sim.version import __version__

CLAIM_FILE = ".claim"
IGNORED = keys_with_role("control")  # executor, progress, resume, replay, record_trace: no number depends on them


def config_yaml(cfg: SimConfig) -> str:
    """The config as YAML (OmegaConf's text, `sim.config.dump`): kept for the last few configs, by their repr
    (every field of every dataclass), since a run writes it when it claims its folder and again with its
    tables."""
    key = repr(cfg)
    if key not in _YAML:
        if len(_YAML) >= 8:
            _YAML.pop(next(iter(_YAML)))
        _YAML[key] = to_yaml(cfg)
    return _YAML[key]


_YAML: dict[str, str] = {}


def comparable(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in IGNORED}


def first_difference(a: Any, b: Any, prefix: str = "") -> tuple[str, Any, Any] | None:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b), key=str):
            found = first_difference(a.get(key), b.get(key), f"{prefix}{key}.")
            if found:
                return found
        return None
    return None if a == b else (prefix.rstrip("."), a, b)


def _lock(fd: int) -> bool:
    """Take the advisory lock on an open claim file; False if another process holds it."""
    if fcntl is None:  # pragma: no cover
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextmanager
def claimed(folder: Path, cfg: SimConfig) -> Iterator[None]:
    """Claim `folder` for a fresh run and hold it while the block runs."""
    folder.mkdir(parents=True, exist_ok=True)
    if (folder / OUTCOMES_FILE).exists() or (folder / PARTS).exists():
        raise ConfigError(
            "output folder",
            str(folder),
            "an empty folder (to complete a run there, use resume=; from Python, sim.run(..., overwrite=True) "
            "replaces it)",
        )
    try:
        fd = os.open(folder / CLAIM_FILE, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o644)
    except FileExistsError:
        raise ConfigError(
            "output folder",
            str(folder),
            "a folder no other run has claimed (another run writes there: choose another hydra.run.dir, "
            "or complete that run with resume=)",
        ) from None
    try:
        _lock(fd)
        stamp = datetime.datetime.now().isoformat(timespec="seconds")
        os.write(fd, f"claimed by pid {os.getpid()} on {socket.gethostname()} at {stamp}\n".encode())
        atomic_write(folder / CONFIG_FILE, lambda p: p.write_text(config_yaml(cfg)))
        status = {"status": "running", "version": __version__, "scenario": cfg.scenario_name, "seed": cfg.seed}
        atomic_write(folder / META_FILE, lambda p: p.write_text(json.dumps(status, indent=2) + "\n"))
        yield
    finally:
        os.close(fd)


@contextmanager
def resuming(folder: Path, cfg: SimConfig) -> Iterator[None]:
    """Check that `folder` can be completed by `cfg` and hold it while the block runs."""
    if not folder.is_dir():
        raise ConfigError("resume", str(folder), "a result folder of an earlier run (there is no such folder)")
    fd = os.open(folder / CLAIM_FILE, os.O_CREAT | os.O_RDWR, 0o644)  # folders of older versions have none
    try:
        if not _lock(fd):
            raise ConfigError("resume", str(folder), "a folder no other run is writing (a sim run still works there)")
        check_resumable(folder, cfg)
        yield
    finally:
        os.close(fd)


def in_use(folder: Path) -> bool:
    """Whether a sim process works in `folder` now (it holds the lock on the claim file)."""
    if not (folder / CLAIM_FILE).is_file():
        return False
    fd = os.open(folder / CLAIM_FILE, os.O_RDWR)
    try:
        return not _lock(fd)
    finally:
        os.close(fd)  # closing releases the lock taken to look


def is_run_folder(folder: Path) -> bool:
    """A folder a sim run wrote: `config.yaml` beside a `run.json` that records a status and a version."""
    try:
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (folder / CONFIG_FILE).is_file() and isinstance(meta, dict) and {"status", "version"} <= set(meta)


def claim(folder: Path, cfg: SimConfig) -> None:
    """Claim `folder` for a fresh run (without holding it: `claimed` holds it while a run lasts)."""
    with claimed(folder, cfg):
        pass


def _read(folder: Path, name: str, parse: Any) -> Any:
    try:
        return parse((folder / name).read_text(encoding="utf-8"))
    except (ValueError, yaml.YAMLError) as err:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        reason = " ".join(str(err).split())[:120]
        raise ConfigError("resume", str(folder), f"a result folder whose {name} can be read ({reason})") from None


def check_resumable(folder: Path, cfg: SimConfig) -> dict[str, Any]:
    """Refuse to resume into a folder made by another config or another version of sim; returns the folder's
    run metadata (`run.json`), read for the check."""
    if not (folder / CONFIG_FILE).is_file():
        raise ConfigError("resume", str(folder), "a result folder of an earlier run (it holds no config.yaml)")
    meta = _read(folder, META_FILE, json.loads) if (folder / META_FILE).is_file() else {}
    if not isinstance(meta, dict):
        raise ConfigError("resume", str(folder), f"a result folder whose {META_FILE} holds a mapping")
    if meta.get("version") != __version__:
        raise ConfigError(
            "resume",
            str(folder),
            f"a folder written by sim {__version__} (this one was written by sim {meta.get('version', 'unknown')})",
        )
    saved = _read(folder, CONFIG_FILE, read_yaml)
    if not isinstance(saved, dict):
        raise ConfigError("resume", str(folder), f"a result folder whose {CONFIG_FILE} holds a config")
    stored = comparable(saved)
    current = comparable(read_yaml(config_yaml(cfg)))
    diff = first_difference(stored, current)
    if diff is not None:
        key, there, here = diff
        raise ConfigError(
            "resume",
            str(folder),
            f"the same config as the interrupted run; {key} differs ({there!r} there, {here!r} here)",
        )
    return meta
