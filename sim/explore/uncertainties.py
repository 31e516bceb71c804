"""Uncertain parameters as data: the dotted keys of an explore set, resolved and checked against the schema.

An explore set (`configs/explore/*.yaml`, `+explore=NAME`) names parameters by their dotted keys
(`decisions.credibility`, `forces.ua_lyman.personnel`, `theatre.sectors.lyman.rivers[0].crossing_days`)
with a uniform, log-uniform or levels distribution. Each is checked here against the field's range in the
schema's metadata, on the scenario's typed config, so a misspelt key or a bound outside what the model
accepts is one `ConfigError` before anything runs. A design point is a unit-cube coordinate per parameter;
`Uncertain.value` maps it to the parameter's value and `apply` sets the values on a typed config by
copying only the dataclasses on each key's path (no Hydra composition per point).
"""

from __future__ import annotations

import dataclasses
import math
import re
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sim.config.check import ConfigError
from sim.config.fields import MODEL
from sim.config.provenance import leaves
from sim.config.schema import SimConfig

_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


@dataclass(frozen=True)
class Uncertain:
    """One uncertain parameter: `value(u)` maps a unit coordinate u in [0, 1] to its value."""

    key: str
    dist: str
    low: float = 0.0
    high: float = 1.0
    levels: tuple[Any, ...] = ()
    integer: bool = False

    def value(self, u: float) -> Any:
        if self.dist == "levels":
            return self.levels[min(int(u * len(self.levels)), len(self.levels) - 1)]
        if self.dist == "log-uniform":
            x = math.exp(math.log(self.low) + u * (math.log(self.high) - math.log(self.low)))
        else:
            x = self.low + u * (self.high - self.low)
        x = min(max(x, self.low), self.high)
        return round(x) if self.integer else x


def tokens(key: str) -> list[str | int]:
    """`a.b[2].c` as ["a", "b", 2, "c"]; [] for a text that is no dotted key."""
    found = _TOKEN.findall(key)
    text = ""
    for name, index in found:
        text += f"[{index}]" if index else (f".{name}" if text else name)
    return [name if name else int(index) for name, index in found] if found and text == key else []


def field_of(cfg: SimConfig, key: str) -> tuple[Any, Mapping[str, Any], Any] | None:
    """(current value, field metadata, type) of a dotted key on the typed config, or None if there is none."""
    node: Any = cfg
    meta: Mapping[str, Any] = {}
    hint: Any = None
    parts = tokens(key)
    if not parts:
        return None
    for token in parts:
        if dataclasses.is_dataclass(node) and isinstance(token, str):
            f = next((f for f in dataclasses.fields(node) if f.name == token), None)
            if f is None:
                return None
            meta, hint, node = f.metadata, typing.get_type_hints(type(node))[token], getattr(node, token)
        elif _has(node, token):
            node = node[token]
        else:
            return None
    return node, meta, hint


def _has(node: Any, token: str | int) -> bool:
    if isinstance(node, dict):
        return isinstance(token, str) and token in node
    return isinstance(node, list) and isinstance(token, int) and token < len(node)


def apply(cfg: SimConfig, values: Mapping[str, Any]) -> SimConfig:
    """A copy of `cfg` with each dotted key set to its value; only the objects on the keys' paths are copied."""
    for key, value in values.items():
        cfg = _set(cfg, tokens(key), value)
    return cfg


def _set(node: Any, path: list[str | int], value: Any) -> Any:
    head, rest = path[0], path[1:]
    if isinstance(node, dict):
        return {**node, head: _set(node[head], rest, value) if rest else value}
    if isinstance(node, list):
        copy = list(node)
        copy[int(head)] = _set(node[int(head)], rest, value) if rest else value
        return copy
    new = _set(getattr(node, str(head)), rest, value) if rest else value
    return dataclasses.replace(node, **{str(head): new})


def _bounds_text(meta: Mapping[str, Any]) -> str:
    lo, hi = meta.get("lo"), meta.get("hi")
    left = "(" if meta.get("open_lo") else "["
    return f"{left}{'-inf' if lo is None else f'{lo:g}'}, {'inf)' if hi is None else f'{hi:g}]'}"


def _inside(x: float, meta: Mapping[str, Any]) -> bool:
    lo, hi = meta.get("lo"), meta.get("hi")
    if lo is not None and (x < lo or (meta.get("open_lo") and x == lo)):
        return False
    return hi is None or x <= hi


def declared(cfg: SimConfig, index: int, spec: Any) -> Uncertain:
    """One parameter of `explore.parameters`, checked against the schema: a model parameter, bounds within
    its range, a log-uniform one above zero, levels of its own kind."""
    where = f"explore.parameters[{index}]"
    found = field_of(cfg, spec.key)
    if found is None:
        raise ConfigError(f"{where}.key", spec.key, "a dotted key of the schema (e.g. decisions.credibility)")
    _, meta, hint = found
    if meta.get("role") != MODEL or not (hint in (int, float, bool) or "choices" in meta):
        raise ConfigError(f"{where}.key", spec.key, "a model parameter: a number, a switch or a choice")
    if spec.dist == "levels":
        if not spec.levels:
            raise ConfigError(f"{where}.levels", [], "at least one level")
        for i, level in enumerate(spec.levels):
            _check_level(f"{where}.levels[{i}]", level, meta, hint)
        return Uncertain(spec.key, "levels", levels=tuple(spec.levels))
    if "lo" not in meta:
        raise ConfigError(f"{where}.dist", spec.dist, f"levels (the key {spec.key} is not a number)")
    if spec.low is None or spec.high is None or not spec.low < spec.high:
        raise ConfigError(f"{where}.low", spec.low, f"a number below high ({spec.high}): give both bounds")
    for name in ("low", "high"):
        bound = float(getattr(spec, name))
        if not math.isfinite(bound) or not _inside(bound, meta):
            raise ConfigError(f"{where}.{name}", bound, f"a bound within {spec.key}'s range {_bounds_text(meta)}")
    if spec.dist == "log-uniform" and spec.low <= 0:
        raise ConfigError(f"{where}.low", spec.low, "a number > 0 for a log-uniform distribution")
    return Uncertain(spec.key, spec.dist, float(spec.low), float(spec.high), integer=hint is int)


def _check_level(where: str, level: Any, meta: Mapping[str, Any], hint: Any) -> None:
    if "choices" in meta:
        if level not in meta["choices"]:
            raise ConfigError(where, level, "one of " + ", ".join(meta["choices"]))
    elif hint is bool:
        if not isinstance(level, bool):
            raise ConfigError(where, level, "true or false")
    elif isinstance(level, bool) or not isinstance(level, int | float) or not _inside(float(level), meta):
        raise ConfigError(where, level, f"a number in {_bounds_text(meta)}")


def every_model_parameter(cfg: SimConfig, share: float, exclude: set[str]) -> list[Uncertain]:
    """Every numeric model parameter of the schema's sections (the theatre's and forces' data aside) in
    [v(1 - share), v(1 + share)] around the scenario's value v, clipped to its range; a parameter at 0 takes
    its whole range where that is bounded and is left out where it is not."""
    found = []
    for key, f, hint in leaves():
        meta = f.metadata
        if meta.get("role") != MODEL or hint not in (int, float) or "lo" not in meta or key in exclude:
            continue
        found_here = field_of(cfg, key)
        if found_here is None:
            continue
        value = float(found_here[0])
        lo, hi = meta.get("lo"), meta.get("hi")
        if value == 0.0:
            if lo is None or hi is None:
                continue
            low, high = float(lo), float(hi)
        else:
            low, high = sorted((value * (1 - share), value * (1 + share)))
            low = low if lo is None else max(low, float(lo))
            high = high if hi is None else min(high, float(hi))
        if meta.get("open_lo") and lo is not None and low <= lo:
            low = float(lo) + 1e-9 * max(1.0, abs(high))
        if (hint is int and round(low) == round(high)) or not low < high:
            continue
        found.append(Uncertain(key, "uniform", low, high, integer=hint is int))
    return found


def resolve(cfg: SimConfig) -> list[Uncertain]:
    """The explore set of `cfg` as checked parameters, declared ones first, each key once."""
    e = cfg.explore
    if e.every_model_parameter is not None and not 0.0 < e.every_model_parameter < 1.0:
        raise ConfigError("explore.every_model_parameter", e.every_model_parameter, "a share in (0, 1)")
    params = [declared(cfg, i, spec) for i, spec in enumerate(e.parameters)]
    for i, key in enumerate(e.exclude):
        if field_of(cfg, key) is None:
            raise ConfigError(f"explore.exclude[{i}]", key, "a dotted key of the schema")
    if e.every_model_parameter is not None:
        named = {p.key for p in params}
        params += [p for p in every_model_parameter(cfg, e.every_model_parameter, set(e.exclude)) if p.key not in named]
    keys = [p.key for p in params]
    twice = next((k for k in keys if keys.count(k) > 1), None)
    if twice:
        raise ConfigError("explore.parameters", twice, "each key once")
    if not params:
        raise ConfigError(
            "explore", e.name or None, "a set of uncertain parameters (+explore=deterrence, depth or all)"
        )
    return params
