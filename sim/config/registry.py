"""Registers the schema, the executor options and the scenario files with Hydra's ConfigStore.

Scenario files live in the top-level `scenarios/` folder (data for analysts, not code) and are stored in
the `scenario` group with `package="_global_"`, so `+scenario=NAME` works while `scenario` stays out of
the defaults list. Only the names are registered up front: a file is read (by `sim.config.scenario_file`,
with its bounds and refusals) when Hydra composes the scenario that names it, so a hostile or slow file in
$SIM_SCENARIOS stalls nothing but a run that asks for it. A file that sim will not load is still
registered, as a `scenario_error` that validation turns into one clear line, so that one broken file does
not stop every other scenario from running.

The resolvers sim's own `configs/config.yaml` uses in its `hydra:` block are registered here too:
`sim_run_id` (a short token unique to this process, so that runs started in the same second get folders
of their own) and `sim_folder` (a scenario name made safe as a folder name).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from hydra.core.config_store import ConfigNode, ConfigStore
from omegaconf import DictConfig, OmegaConf
from omegaconf.errors import OmegaConfBaseException

from sim.config.check import ConfigError, check_scenario_data, schema_node
from sim.config.scenario_file import ScenarioFileError, is_plain_name
from sim.config.scenario_file import load as load_scenario_file
from sim.config.schema import EXECUTORS, ExecutorConfig

PACKAGE = Path(__file__).resolve().parents[1]  # sim/configs and sim/scenarios: links in a checkout, files in a wheel
CONFIG_DIR = PACKAGE / "configs"
SCENARIO_DIR = PACKAGE / "scenarios"
SCENARIO_GROUP = "scenario"
RUN_ID = secrets.token_hex(3)  # six hex digits: two runs of one second share a folder once in 16 million

_registered = False
_LOADED: dict[str, DictConfig] = {}  # scenario files read in this process, by path: each is read once


def _folder_name(name: Any) -> str:
    """A scenario name as a folder name: itself when plain, else a fixed word (validation refuses the run)."""
    return str(name) if is_plain_name(str(name)) else "invalid-scenario-name"


def register_resolvers() -> None:
    """Idempotent; cached (use_cache), so a sweep's jobs see the same values as the sweep."""
    if not OmegaConf.has_resolver("sim_run_id"):
        OmegaConf.register_new_resolver("sim_run_id", lambda: RUN_ID, use_cache=True)
    if not OmegaConf.has_resolver("sim_folder"):
        OmegaConf.register_new_resolver("sim_folder", _folder_name)


register_resolvers()


def scenario_files() -> list[Path]:
    """`scenarios/*.yaml`, then those in the folders of $SIM_SCENARIOS (os.pathsep-separated), which may
    add scenarios of an analyst's own; the first file of a name wins. Only the names are looked at here:
    a name that is not plain (letters, digits, `_`, `-`) cannot be asked for and is left out."""
    folders = [SCENARIO_DIR] + [Path(p) for p in os.environ.get("SIM_SCENARIOS", "").split(os.pathsep) if p]
    found: dict[str, Path] = {}
    for folder in folders:
        try:
            paths = sorted(folder.glob("*.yaml"))
        except OSError:
            continue
        for path in paths:
            if is_plain_name(path.stem):
                found.setdefault(path.stem, path)
    return [found[name] for name in sorted(found)]


def scenario_names() -> list[str]:
    return [p.stem for p in scenario_files()]


def group_options() -> dict[str, list[str]]:
    """The config groups of the command line and their options."""
    files = {g: sorted(p.stem for p in (CONFIG_DIR / g).glob("*.yaml")) for g in ("theatre", "forces", "explore")}
    return {**files, "executor": list(EXECUTORS), "scenario": scenario_names()}


def check_groups(args: list[str]) -> None:
    """`theatre=null` and the like: Hydra would raise a bare ValueError; say what is allowed instead."""
    options = group_options()
    for arg in args:
        key, sep, value = arg.lstrip("+~").partition("=")
        if sep and key.strip() in options and value.strip().lower() in ("null", "~", "none", ""):
            raise ConfigError(key.strip(), value.strip(), "one of " + ", ".join(options[key.strip()]))


class _ScenarioNode(ConfigNode):
    """A ConfigStore entry whose config is read from its file only when Hydra loads it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._node: DictConfig | None = None
        super().__init__(
            name=f"{path.stem}.yaml",
            node=None,  # type: ignore[arg-type]
            group=SCENARIO_GROUP,
            package="_global_",
            provider="sim",
        )

    @property
    def node(self) -> DictConfig:
        if self._node is None:
            key = str(self.path)
            if key not in _LOADED:  # Hydra copies (and deep-copies) store entries: the cache is the module's
                _LOADED[key] = scenario_config(self.path)
            self._node = _LOADED[key]
        return self._node

    @node.setter
    def node(self, value: DictConfig | None) -> None:
        self._node = value


def register() -> None:
    """Idempotent: the CLI and `sim.compose` both call it."""
    global _registered
    if _registered:
        return
    register_resolvers()
    store = ConfigStore.instance()
    store.store(name="sim_schema", node=schema_node())
    for name in EXECUTORS:
        store.store(group="executor", name=name, node=ExecutorConfig(name=name))
    group = store.repo.setdefault(SCENARIO_GROUP, {})
    for path in scenario_files():
        group[f"{path.stem}.yaml"] = _ScenarioNode(path)
    _registered = True


def scenario_config(path: Path) -> DictConfig:
    """The scenario file's keys, or a `scenario_error` naming the file and why it is refused."""
    try:
        data = load_scenario_file(path)
        check_scenario_data(data)
        return OmegaConf.create(data)
    except (ScenarioFileError, OmegaConfBaseException, ValueError) as err:  # ConfigError is a ValueError
        reason = " ".join(str(err).split())
        error = f"{path.name} is not a valid scenario file: {reason}"
        return OmegaConf.create({"scenario_name": path.stem, "scenario_error": error})
