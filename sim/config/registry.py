"""Registers the schema, the executor options and the scenario files with Hydra's ConfigStore.

Scenario files live in the top-level `scenarios/` folder (data for analysts, not code) and are stored in
the `scenario` group with `package="_global_"`, so `+scenario=NAME` works while `scenario` stays out of
the defaults list. A file that is not valid YAML is still registered, as a `scenario_error` that validation
turns into a clear error, so that one broken file does not stop every other scenario from running.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from hydra.core.config_store import ConfigStore
from omegaconf import OmegaConf

from sim.config.schema import EXECUTORS, ExecutorConfig, SimConfig

PACKAGE = Path(__file__).resolve().parents[1]  # sim/configs and sim/scenarios: links in a checkout, files in a wheel
CONFIG_DIR = PACKAGE / "configs"
SCENARIO_DIR = PACKAGE / "scenarios"

_registered = False


def scenario_files() -> list[Path]:
    """`scenarios/*.yaml`, then those in the folders of $SIM_SCENARIOS (os.pathsep-separated), which may
    add scenarios of an analyst's own; the first file of a name wins."""
    folders = [SCENARIO_DIR] + [Path(p) for p in os.environ.get("SIM_SCENARIOS", "").split(os.pathsep) if p]
    found: dict[str, Path] = {}
    for folder in folders:
        for path in sorted(folder.glob("*.yaml")):
            found.setdefault(path.stem, path)
    return [found[name] for name in sorted(found)]


def scenario_names() -> list[str]:
    return [p.stem for p in scenario_files()]


def register() -> None:
    """Idempotent: the CLI and `sim.compose` both call it."""
    global _registered
    if _registered:
        return
    store = ConfigStore.instance()
    store.store(name="sim_schema", node=SimConfig)
    for name in EXECUTORS:
        store.store(group="executor", name=name, node=ExecutorConfig(name=name))
    for path in scenario_files():
        store.store(group="scenario", name=path.stem, node=_load_scenario(path), package="_global_")
    _registered = True


def _load_scenario(path: Path) -> object:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("the file must hold a mapping of config keys")
        return OmegaConf.create(data)
    except Exception as err:
        reason = " ".join(str(err).split())
        return {"scenario_name": path.stem, "scenario_error": f"{path.name} is not a valid scenario file: {reason}"}
