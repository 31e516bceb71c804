"""Second layer of config checks: types and unknown keys via the schema, then ranges and cross-field rules.

Hydra does not run dataclass `__post_init__` and lets `+key=value` add keys the schema does not know,
so the composed config is re-merged onto the schema here and every field is checked against the range
recorded in its metadata. Every failure is one `ConfigError` naming the dotted key, the value and what
is allowed.
"""

from __future__ import annotations

import datetime
import functools
import math
import os
import re
import typing
from dataclasses import fields, is_dataclass
from typing import Any

from omegaconf import DictConfig, OmegaConf
from omegaconf.errors import OmegaConfBaseException

from sim.config.scenario_file import has_code, is_plain_name, is_special_key
from sim.config.schema import SimConfig
from sim.outcomes import is_numeric_outcome, precision_defaults


class ConfigError(ValueError):
    """A configuration value that the model cannot run with."""

    def __init__(self, key: str, value: Any, allowed: str) -> None:
        self.key, self.value, self.allowed = key, value, allowed
        super().__init__(f"{key}={value!r} is not allowed: {allowed}")


MAX_REPLICATIONS = 1_000_000
# The daily series of every replication are read back, one series at a time, for the quantile bands:
# replications x days (float32) of one series must fit in memory, 0.8 GB at this bound.
MAX_REPLICATION_DAYS = 200_000_000
MAX_GROUPS = 100_000  # convoys or rail groups of the call-up: each is a SimPy process
WORKERS_PER_CORE = 4  # a local pool or cluster of more workers than this many per core only thrashes
ADDRESS = re.compile(r"(tcp|tls|ws|wss|ucx)://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
CONTAINERS = ("theatre.sectors", "forces")  # mappings that must not be emptied or replaced by {}


def _refuse_code(node: Any, key: str = "") -> None:
    """Config is data: no `_target_` to instantiate and no resolver calls (`${name:...}`) that could read
    the environment or run code; plain references to other keys (`${seed}`) are fine."""
    if isinstance(node, dict):
        for k, v in node.items():
            path = f"{key}.{k}" if key else str(k)
            if is_special_key(k) or str(k).startswith("_target_"):
                raise ConfigError(path, v, "nothing: sim never instantiates objects named in a config")
            _refuse_code(v, path)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            _refuse_code(v, f"{key}[{i}]")
    elif isinstance(node, str) and has_code(node):
        raise ConfigError(key, node, "a plain value or a reference to another key (no ${resolver:...} calls)")


def check_overrides(overrides: list[str]) -> None:
    """Refuse `theatre.sectors={}` and `forces={}`: Hydra merges an empty mapping, which changes nothing."""
    for text in overrides:
        key, sep, value = text.lstrip("+~").partition("=")
        if sep and key.strip() in CONTAINERS and value.strip() in ("{}", "null", "[]"):
            what = "sector" if key.strip() == "theatre.sectors" else "formation"
            raise ConfigError(key.strip(), value.strip(), f"at least one {what} (an empty value would change nothing)")


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _unknown_key(data: Any, cls: Any, prefix: str = "") -> str | None:
    """The full dotted path of the first key in `data` that the schema class `cls` does not have."""
    if not isinstance(data, dict):
        return None
    hints = _hints(cls)
    for key, value in data.items():
        path = f"{prefix}{key}"
        if key not in hints:
            return path
        hint = hints[key]
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        origin = typing.get_origin(hint)
        found: str | None = None
        if is_dataclass(hint):
            found = _unknown_key(value, hint, path + ".")
        elif origin is dict and args and is_dataclass(args[-1]) and isinstance(value, dict):
            for name, item in value.items():
                found = found or _unknown_key(item, args[-1], f"{path}.{name}.")
        elif origin is list and args and is_dataclass(args[0]) and isinstance(value, list):
            for i, item in enumerate(value):
                found = found or _unknown_key(item, args[0], f"{path}[{i}].")
        if found:
            return found
    return None


def to_typed(cfg: DictConfig | dict[str, Any]) -> SimConfig:
    """Merge a composed config onto the schema, returning the typed, validated object."""
    raw = OmegaConf.to_container(cfg, resolve=False) if isinstance(cfg, DictConfig) else dict(cfg)
    assert isinstance(raw, dict)
    raw.pop("hydra", None)
    _refuse_code(raw)
    try:
        data = OmegaConf.to_container(cfg if isinstance(cfg, DictConfig) else OmegaConf.create(raw), resolve=True)
    except OmegaConfBaseException as err:
        raise from_omegaconf(err) from None
    assert isinstance(data, dict)
    if data.get("scenario_error"):
        raise ConfigError("scenario", data.get("scenario_name"), str(data["scenario_error"]))
    for key in CONTAINERS:
        node: Any = data
        for part in key.split("."):
            node = node.get(part, {}) if isinstance(node, dict) else node
        if node is None:
            raise ConfigError(key, None, f"a mapping of at least one {'sector' if 'sectors' in key else 'formation'}")
    unknown = _unknown_key(data, SimConfig)
    if unknown:
        raise ConfigError(unknown, "<unknown key>", "the schema has no such key (check the spelling)")
    try:
        if isinstance(cfg, DictConfig) and OmegaConf.get_type(cfg) is SimConfig and "hydra" not in cfg:
            # composed onto the schema already (Hydra's defaults begin with it), so its types were checked
            # there: a second structured merge would cost more than the replication of a small run
            typed = OmegaConf.to_object(cfg)
        else:
            typed = OmegaConf.to_object(OmegaConf.merge(schema_node(), data))
    except OmegaConfBaseException as err:
        raise from_omegaconf(err, data) from None
    assert isinstance(typed, SimConfig)
    check(typed)
    return typed


@functools.cache
def schema_node() -> DictConfig:
    """The schema as an OmegaConf node, built once: `OmegaConf.structured(SimConfig)` reads every dataclass's
    fields and types (a tenth of a second each time); a merge copies its first config, and the config store
    copies what it stores, so the one node is never changed."""
    return OmegaConf.structured(SimConfig)


def check_scenario_data(data: dict[str, Any]) -> None:
    """The keys and types of a scenario file alone, against the schema (its values' ranges are checked once
    the run's config is composed): an unknown key or a wrong type is named by its full path. `defaults`
    is Hydra's (sim.config.scenario_file checks it)."""
    data = {k: v for k, v in data.items() if k != "defaults"}
    unknown = _unknown_key(data, SimConfig)
    if unknown:
        raise ConfigError(unknown, "<unknown key>", "the schema has no such key (check the spelling)")
    try:
        OmegaConf.merge(schema_node(), data)
    except OmegaConfBaseException as err:
        raise from_omegaconf(err, data) from None


def locate(data: Any, leaf: str, prefix: str = "") -> str | None:
    """The full path of the first key named `leaf` in `data` (OmegaConf names only the leaf inside lists)."""
    if isinstance(data, dict):
        for key, value in data.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            if str(key) == leaf:
                return path
            found = locate(value, leaf, path)
            if found:
                return found
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found = locate(value, leaf, f"{prefix}[{i}]")
            if found:
                return found
    return None


def from_omegaconf(err: OmegaConfBaseException, data: Any = None) -> ConfigError:
    message = str(getattr(err, "msg", err)).splitlines()[0]
    key = getattr(err, "full_key", None) or "config"
    if data is not None and "." not in key and "[" not in key:
        key = locate(data, key) or key
    if key.split(".")[-1].startswith("_target_"):
        return ConfigError(key, "<object to instantiate>", "nothing: sim never instantiates objects named in a config")
    if "not in" in message or ("Key" in message and "not" in message):
        return ConfigError(key, "<unknown key>", "the schema has no such key (check the spelling)")
    return ConfigError(key, getattr(err, "value", None), message)


def check(cfg: SimConfig) -> None:
    """Range checks on every field, then the rules that relate several fields."""
    _check_ranges(cfg, "")
    _check_rules(cfg)


def _check_ranges(node: Any, prefix: str) -> None:
    if is_dataclass(node):
        for f in fields(node):
            key = f"{prefix}{f.name}"
            value = getattr(node, f.name)
            _check_field(key, value, f.metadata)
            _check_ranges(value, key + ".")
    elif isinstance(node, dict):
        for k, v in node.items():
            _check_ranges(v, f"{prefix}{k}.")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            _check_ranges(v, f"{prefix[:-1]}[{i}].")


def _check_field(key: str, value: Any, meta: Any) -> None:
    if "choices" in meta and value not in meta["choices"]:
        raise ConfigError(key, value, "one of " + ", ".join(meta["choices"]))
    if "lo" not in meta:
        return
    if not math.isfinite(value):
        raise ConfigError(key, value, "a finite number")
    lo, hi = meta["lo"], meta["hi"]
    if lo is not None and (value < lo or (meta["open_lo"] and value == lo)):
        raise ConfigError(key, value, _range_text(lo, hi, meta["open_lo"]))
    if hi is not None and value > hi:
        raise ConfigError(key, value, _range_text(lo, hi, meta["open_lo"]))


def _range_text(lo: float | None, hi: float | None, open_lo: bool) -> str:
    left = "(" if open_lo else "["
    lo_text = "-inf" if lo is None else f"{lo:g}"
    hi_text = "inf)" if hi is None else f"{hi:g}]"
    return f"a number in {left}{lo_text}, {hi_text}"


def replication_count(value: Any) -> int | str:
    """An integer >= 1 or "auto"; numbers given as text on the command line are accepted."""
    if isinstance(value, str) and value.strip().lower() == "auto":
        return "auto"
    if isinstance(value, bool):
        raise ConfigError("replications", value, "an integer >= 1 or 'auto'")
    try:
        number = int(str(value).strip()) if isinstance(value, str) else int(value)
    except (TypeError, ValueError, OverflowError):
        raise ConfigError("replications", value, "an integer >= 1 or 'auto'") from None
    if (number != value and not isinstance(value, str)) or number < 1:
        raise ConfigError("replications", value, "an integer >= 1 or 'auto'")
    if number > MAX_REPLICATIONS:
        raise ConfigError("replications", value, f"an integer >= 1 and at most {MAX_REPLICATIONS} (or 'auto')")
    return number


def _check_rules(cfg: SimConfig) -> None:
    if not is_plain_name(cfg.scenario_name):
        raise ConfigError(
            "scenario_name", cfg.scenario_name, "a plain name: letters, digits, _ and - (it names a folder)"
        )
    if isinstance(cfg.seed, bool) or not isinstance(cfg.seed, int) or cfg.seed < 0:
        raise ConfigError("seed", cfg.seed, "an integer >= 0")
    cfg.replications = replication_count(cfg.replications)
    _check_date("theatre.start_date", cfg.theatre.start_date)
    _check_executor(cfg)
    p = cfg.precision
    most = p.max_replications if cfg.replications == "auto" else int(cfg.replications)
    days = math.ceil(cfg.horizon_days) + 1
    if most * days > MAX_REPLICATION_DAYS:
        key = "precision.max_replications" if cfg.replications == "auto" else "replications"
        raise ConfigError(
            key,
            most,
            f"at most {MAX_REPLICATION_DAYS // days} with horizon_days={cfg.horizon_days:g} "
            f"(replications x days <= {MAX_REPLICATION_DAYS:,}, the daily series kept for the bands)",
        )
    if p.min_replications > p.max_replications:
        raise ConfigError(
            "precision.min_replications",
            p.min_replications,
            f"at most precision.max_replications ({p.max_replications})",
        )
    for i, name in enumerate(p.outcomes):
        if not is_numeric_outcome(name):
            example = ", ".join(precision_defaults())
            raise ConfigError(f"precision.outcomes[{i}]", name, f"a numeric outcome column, e.g. {example}")
    if cfg.replay is not None and cfg.replay < 0:
        raise ConfigError("replay", cfg.replay, "a replication index >= 0")
    sectors = cfg.theatre.sectors
    if not sectors:
        raise ConfigError("theatre.sectors", {}, "at least one sector")
    for name, sector in sectors.items():
        key = f"theatre.sectors.{name}"
        for neighbour in sector.neighbours:
            if neighbour not in sectors:
                raise ConfigError(f"{key}.neighbours", neighbour, "a sector of the theatre: " + ", ".join(sectors))
        if not sector.min_km < 0.0 < sector.max_km:
            raise ConfigError(f"{key}.min_km", sector.min_km, f"min_km < 0 < max_km (max_km={sector.max_km})")
    if not cfg.forces:
        raise ConfigError("forces", {}, "at least one formation (forces=oct2022, or a forces file of your own)")
    _check_mobilization(cfg)
    for name, formation in cfg.forces.items():
        if formation.sector != "theatre" and formation.sector not in sectors:
            allowed = "'theatre' (a theatre reserve) or a sector: " + ", ".join(sectors)
            raise ConfigError(f"forces.{name}.sector", formation.sector, allowed)


def _check_date(key: str, value: Any) -> None:
    try:
        if not (isinstance(value, str) and ISO_DATE.fullmatch(value)):
            raise ValueError(value)
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise ConfigError(key, value, "a date written YYYY-MM-DD") from None
    if not 1900 <= day.year <= 2200:
        raise ConfigError(key, value, "a date YYYY-MM-DD between 1900 and 2200")


def _check_executor(cfg: SimConfig) -> None:
    ex = cfg.executor
    if ex.n_workers < 0:
        raise ConfigError("executor.n_workers", ex.n_workers, "0 (all cores) or a positive integer")
    if ex.chunk_size < 0:
        raise ConfigError("executor.chunk_size", ex.chunk_size, "0 (automatic) or a positive integer")
    cores = os.cpu_count() or 1
    local = ex.name == "processes" or (ex.name == "dask" and not ex.address)
    if local and ex.n_workers > WORKERS_PER_CORE * cores:
        where = "a local process pool" if ex.name == "processes" else "a local Dask cluster"
        raise ConfigError(
            "executor.n_workers",
            ex.n_workers,
            f"at most {WORKERS_PER_CORE * cores} for {where} ({WORKERS_PER_CORE} x the {cores} cores here; "
            "for more, start a Dask cluster and give executor.address)",
        )
    if ex.address is not None:
        match = ADDRESS.fullmatch(str(ex.address))
        if not match or not 1 <= int(match.group(3)) <= 65535:
            raise ConfigError(
                "executor.address", ex.address, "a Dask scheduler address tcp://HOST:PORT (or tls://HOST:PORT)"
            )


def _check_mobilization(cfg: SimConfig) -> None:
    """The call-up moves in groups, each a SimPy process: their number is bounded, so no run is endless."""
    m = cfg.mobilization
    if not m.enabled or m.called_up <= 0:
        return
    if m.waves > MAX_GROUPS:
        raise ConfigError("mobilization.waves", m.waves, f"an integer in [1, {MAX_GROUPS}]")
    key, size = ("convoy_size", m.convoy_size) if m.transport == "trucks" else ("rail_group_size", m.rail_group_size)
    groups = m.waves * max(1, math.ceil(m.called_up / m.waves / size))
    if groups > MAX_GROUPS:
        raise ConfigError(
            f"mobilization.{key}",
            size,
            f"at least {m.called_up / MAX_GROUPS:g} soldiers with called_up={m.called_up:g} and waves={m.waves} "
            f"(at most {MAX_GROUPS:,} groups on the move)",
        )
