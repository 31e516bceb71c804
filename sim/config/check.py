"""Second layer of config checks: types and unknown keys via the schema, then ranges and cross-field rules.

Hydra does not run dataclass `__post_init__` and lets `+key=value` add keys the schema does not know,
so the composed config is re-merged onto the schema here and every field is checked against the range
recorded in its metadata. Every failure is one `ConfigError` naming the dotted key, the value and what
is allowed.
"""

from __future__ import annotations

import math
import re
from dataclasses import fields, is_dataclass
from typing import Any

from omegaconf import DictConfig, OmegaConf
from omegaconf.errors import OmegaConfBaseException

from sim.config.schema import SimConfig
from sim.outcomes import is_numeric_outcome, precision_defaults


class ConfigError(ValueError):
    """A configuration value that the model cannot run with."""

    def __init__(self, key: str, value: Any, allowed: str) -> None:
        self.key, self.value, self.allowed = key, value, allowed
        super().__init__(f"{key}={value!r} is not allowed: {allowed}")


RESOLVER_CALL = re.compile(r"\$\{\s*[\w.]+\s*:")


def _refuse_code(node: Any, key: str = "") -> None:
    """Config is data: no `_target_` to instantiate and no resolver calls (`${name:...}`) that could read
    the environment or run code; plain references to other keys (`${seed}`) are fine."""
    if isinstance(node, dict):
        for k, v in node.items():
            path = f"{key}.{k}" if key else str(k)
            if str(k).startswith("_target_"):
                raise ConfigError(path, v, "nothing: sim never instantiates objects named in a config")
            _refuse_code(v, path)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            _refuse_code(v, f"{key}[{i}]")
    elif isinstance(node, str) and RESOLVER_CALL.search(node):
        raise ConfigError(key, node, "a plain value or a reference to another key (no ${resolver:...} calls)")


def to_typed(cfg: DictConfig | dict[str, Any]) -> SimConfig:
    """Merge a composed config onto the schema, returning the typed, validated object."""
    raw = OmegaConf.to_container(cfg, resolve=False) if isinstance(cfg, DictConfig) else dict(cfg)
    assert isinstance(raw, dict)
    raw.pop("hydra", None)
    _refuse_code(raw)
    try:
        data = OmegaConf.to_container(OmegaConf.create(raw), resolve=True)
    except OmegaConfBaseException as err:
        raise from_omegaconf(err) from None
    assert isinstance(data, dict)
    if data.get("scenario_error"):
        raise ConfigError("scenario", data.get("scenario_name"), str(data["scenario_error"]))
    try:
        typed = OmegaConf.to_object(OmegaConf.merge(OmegaConf.structured(SimConfig), data))
    except OmegaConfBaseException as err:
        raise from_omegaconf(err) from None
    assert isinstance(typed, SimConfig)
    check(typed)
    return typed


def from_omegaconf(err: OmegaConfBaseException) -> ConfigError:
    message = str(getattr(err, "msg", err)).splitlines()[0]
    key = getattr(err, "full_key", None) or "config"
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
    except (TypeError, ValueError):
        raise ConfigError("replications", value, "an integer >= 1 or 'auto'") from None
    if (number != value and not isinstance(value, str)) or number < 1:
        raise ConfigError("replications", value, "an integer >= 1 or 'auto'")
    return number


def _check_rules(cfg: SimConfig) -> None:
    cfg.replications = replication_count(cfg.replications)
    p = cfg.precision
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
    if cfg.executor.n_workers < 0:
        raise ConfigError("executor.n_workers", cfg.executor.n_workers, "0 (all cores) or a positive integer")
    if cfg.executor.chunk_size < 0:
        raise ConfigError("executor.chunk_size", cfg.executor.chunk_size, "0 (automatic) or a positive integer")
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
    for name, formation in cfg.forces.items():
        if formation.sector != "theatre" and formation.sector not in sectors:
            allowed = "'theatre' (a theatre reserve) or a sector: " + ", ".join(sectors)
            raise ConfigError(f"forces.{name}.sector", formation.sector, allowed)
