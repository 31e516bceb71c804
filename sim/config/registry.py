"""Registers the schema, the executor options and the scenario files with Hydra's ConfigStore.

Scenario files live in the top-level `scenarios/` folder (data for analysts, not code) and are stored in
the `scenario` group with `package="_global_"`, so `+scenario=NAME` works while `scenario` stays out of
the defaults list. A file that is not valid YAML is still registered, as a marker that validation turns
into a clear error, so that one broken file does not stop every other scenario from running.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from hydra.core.config_store import ConfigStore
from omegaconf import OmegaConf

from sim.config.schema import EXECUTORS, ExecutorConfig, SimConfig
from sim.config.validate import INVALID_SCENARIO_KEY

ROOT = Path(__file__).resolve().parents[2]
CONFIG_DIR = ROOT / "configs"
SCENARIO_DIR = ROOT / "scenarios"

_registered = False


def scenario_names() -> list[str]:
    return sorted(p.stem for p in SCENARIO_DIR.glob("*.yaml"))


def register() -> None:
    """Idempotent: the CLI and `sim.compose` both call it."""
    global _registered
    if _registered:
        return
    store = ConfigStore.instance()
    store.store(name="sim_schema", node=SimConfig)
    for name in EXECUTORS:
        store.store(group="executor", name=name, node=ExecutorConfig(name=name))
    for path in sorted(SCENARIO_DIR.glob("*.yaml")):
        store.store(group="scenario", name=path.stem, node=_load_scenario(path), package="_global_")
    _registered = True


def _load_scenario(path: Path) -> object:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("the file must hold a mapping of config keys")
        return OmegaConf.create(data)
    except Exception as err:  # noqa: BLE001 - any parse failure becomes a validation message
        reason = " ".join(str(err).split())
        return {"scenario_name": path.stem, INVALID_SCENARIO_KEY: f"{path.name} is not a valid scenario file: {reason}"}
