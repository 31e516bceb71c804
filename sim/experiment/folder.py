"""The life of a run folder: claimed at the start, checked on resume, finalised at the end.

At the start the folder records the exact config and `run.json` with status `running`; the replications
then stream into `parts/`. A resumed run must bring the same config (executor and progress settings aside)
and the same sim version, or it is refused: mixing replications of two configs would be silently wrong.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from omegaconf import OmegaConf

from sim.config.check import ConfigError
from sim.config.provenance import keys_with_role
from sim.config.schema import SimConfig
from sim.experiment.files import atomic_write
from sim.experiment.results import CONFIG_FILE, META_FILE, OUTCOMES_FILE
from sim.experiment.store import PARTS
from sim.version import __version__

IGNORED = keys_with_role("control")  # executor, progress, resume, replay, record_trace: no number depends on them


def config_yaml(cfg: SimConfig) -> str:
    return OmegaConf.to_yaml(OmegaConf.structured(cfg))


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


def claim(folder: Path, cfg: SimConfig) -> None:
    """Start a fresh run in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    if (folder / OUTCOMES_FILE).exists() or (folder / PARTS).exists():
        raise ConfigError("output folder", str(folder), "an empty folder (to complete a run there, use resume=)")
    atomic_write(folder / CONFIG_FILE, lambda p: p.write_text(config_yaml(cfg)))
    status = {"status": "running", "version": __version__, "scenario": cfg.scenario_name, "seed": cfg.seed}
    atomic_write(folder / META_FILE, lambda p: p.write_text(json.dumps(status, indent=2) + "\n"))


def check_resumable(folder: Path, cfg: SimConfig) -> None:
    """Refuse to resume into a folder made by another config or another version of sim."""
    if not (folder / CONFIG_FILE).exists():
        raise ConfigError("resume", str(folder), "a result folder of an earlier run (it holds no config.yaml)")
    meta = json.loads((folder / META_FILE).read_text()) if (folder / META_FILE).exists() else {}
    if meta.get("version") != __version__:
        raise ConfigError(
            "resume",
            str(folder),
            f"a folder written by sim {__version__} (this one was written by sim {meta.get('version', 'unknown')})",
        )
    stored = comparable(yaml.safe_load((folder / CONFIG_FILE).read_text()) or {})
    current = comparable(yaml.safe_load(config_yaml(cfg)))
    diff = first_difference(stored, current)
    if diff is not None:
        key, there, here = diff
        raise ConfigError(
            "resume",
            str(folder),
            f"the same config as the interrupted run; {key} differs ({there!r} there, {here!r} here)",
        )
