"""A typed config as YAML, the same text OmegaConf writes, without its round trip.

`OmegaConf.to_yaml(OmegaConf.structured(cfg))` builds a node per field of sim's large schema and checks each
(about 90 ms here, in every run and every job of a sweep). The dataclasses are already typed and checked,
so they are turned into plain containers the way OmegaConf would (field order, enums by name, an int in a
float field as a float) and dumped with OmegaConf's own YAML dumper: tests/config/test_dump.py checks
that the two texts are identical. A value of any other kind goes through OmegaConf itself.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import typing
from typing import Any

import yaml
from omegaconf import OmegaConf
from omegaconf._utils import get_omega_conf_dumper

SCALARS = (type(None), bool, int, float, str)


def to_yaml(cfg: Any) -> str:
    try:
        container = plain(cfg)
    except TypeError:  # a kind of value the schema does not use today: OmegaConf knows how to write it
        return OmegaConf.to_yaml(OmegaConf.structured(cfg))
    return yaml.dump(
        container, default_flow_style=False, allow_unicode=True, sort_keys=False, Dumper=get_omega_conf_dumper()
    )


def plain(value: Any, hint: Any = Any) -> Any:
    """`value` as the dicts, lists and scalars `OmegaConf.to_container(..., enum_to_str=True)` would give."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        hints = _hints(type(value))
        return {f.name: plain(getattr(value, f.name), hints.get(f.name, Any)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, (list, tuple)):
        return [plain(v, _argument(hint, 0)) for v in value]
    if isinstance(value, dict):
        return {(k.name if isinstance(k, enum.Enum) else k): plain(v, _argument(hint, 1)) for k, v in value.items()}
    if not isinstance(value, SCALARS):
        raise TypeError(f"{type(value).__name__} is not a config value sim writes itself")
    if isinstance(value, int) and not isinstance(value, bool) and _unwrapped(hint) is float:
        return float(value)  # OmegaConf's float node holds an int as a float: 30 is written 30.0
    return value


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _argument(hint: Any, index: int) -> Any:
    args = typing.get_args(hint)
    return args[index] if len(args) > index else Any


def _unwrapped(hint: Any) -> Any:
    """Optional[X] as X."""
    if typing.get_origin(hint) is typing.Union:
        rest = [a for a in typing.get_args(hint) if a is not type(None)]
        return rest[0] if len(rest) == 1 else Any
    return hint
