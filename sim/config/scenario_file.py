"""A scenario file as data: read with bounds, parsed strictly, and refused if it asks Hydra or OmegaConf to act.

A scenario file is a mapping of model keys and nothing else. Before anything of it reaches Hydra (which would
apply a `hydra:` block, run a `defaults:` list and instantiate callbacks), it is read here:

- only a regular file (a FIFO, a device or a folder named `x.yaml` is never opened for reading), at most
  `MAX_BYTES`;
- YAML with no duplicate keys, no anchors or aliases (no "billion laughs"), no tags beyond the plain ones,
  and dates kept as text (`start_date: 2022-10-01` stays the string the schema expects);
- no top-level `hydra` key; a `defaults` list only of `_self_` and `override /theatre: NAME` or
  `override /forces: NAME` (the data files, as `scenarios/kharkiv_2022.yaml` chooses those of Sept 2022);
  no `_target_` (or any `_name_` key Hydra reads) anywhere, no resolver call `${name:...}` anywhere (only
  plain references such as `${seed}`), and a `scenario_name` that is a plain name.

Any failure is a `ScenarioFileError` with one line saying what is wrong; the registry turns it into a
`scenario_error` that validation reports.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml

MAX_BYTES = 1_000_000
PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")
REFUSED_TOP = ("hydra",)
DATA_GROUPS = ("theatre", "forces")  # the only config groups a scenario's defaults list may choose
# A `${...}` that is a plain reference to another key: `${seed}`, `${theatre.start_date}`, `${..x}`.
PLAIN_REFERENCE = re.compile(r"\$\{\s*[A-Za-z0-9_.\-\[\]]+\s*\}")
MAX_DEPTH = 32
MAX_VALUES = 10_000


class ScenarioFileError(ValueError):
    """A scenario file that sim will not load; the message is one line."""


def is_plain_name(text: object) -> bool:
    return isinstance(text, str) and PLAIN_NAME.fullmatch(text) is not None


def short(value: object, width: int = 80) -> str:
    """`repr(value)`, cut to `width` characters: a message stays one readable line."""
    text = repr(value)
    return text if len(text) <= width else text[: width - 3] + "..."


def has_code(text: str) -> bool:
    """True if `text` holds an interpolation other than a plain reference (a resolver call, a nested
    interpolation, anything OmegaConf would evaluate as more than a key lookup)."""
    return "${" in PLAIN_REFERENCE.sub("", text)


def is_special_key(key: object) -> bool:
    """Keys Hydra's instantiate reads (`_target_`, `_args_`, `_partial_`, ...)."""
    return isinstance(key, str) and len(key) > 2 and key.startswith("_") and key.endswith("_")


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader without aliases, duplicate keys or implicit timestamps."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "YAML aliases (*name) are not allowed in a scenario file", event.start_mark
            )
        event = self.peek_event()
        if getattr(event, "anchor", None) is not None:
            raise yaml.composer.ComposerError(
                None, None, "YAML anchors (&name) are not allowed in a scenario file", event.start_mark
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        if isinstance(node, yaml.MappingNode):
            seen: set[Any] = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                try:
                    duplicate = key in seen
                except TypeError:  # an unhashable key: the base class says so
                    break
                if duplicate:
                    raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


# Dates stay text: drop the implicit timestamp resolver (a copy of the table, so SafeLoader is untouched).
_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_text(path: Path, limit: int = MAX_BYTES) -> str:
    """The text of a regular file of at most `limit` bytes; never blocks on a FIFO, never reads a device."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as err:
        raise ScenarioFileError(f"it cannot be opened ({err.strerror or err})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ScenarioFileError("not a regular file")
        if info.st_size > limit:
            raise ScenarioFileError(f"larger than {limit:,} bytes")
        data = os.read(fd, limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise ScenarioFileError(f"larger than {limit:,} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ScenarioFileError("not UTF-8 text") from None


def parse(text: str) -> dict[str, Any]:
    """The mapping a scenario file holds, checked as described in the module docstring."""
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        raise ScenarioFileError(f"{err.problem or err.context or 'invalid YAML'}{where}") from None
    except yaml.YAMLError as err:
        raise ScenarioFileError(" ".join(str(err).split())) from None
    except RecursionError:
        raise ScenarioFileError(f"nested more than {MAX_DEPTH} levels deep") from None
    if not isinstance(data, dict):
        raise ScenarioFileError("the file must hold a mapping of config keys")
    for key in REFUSED_TOP:
        if key in data:
            raise ScenarioFileError(f"sets {key!r}: a scenario file is data and may set only the model's keys")
    if "defaults" in data:
        _check_defaults(data["defaults"])
    if "scenario_name" in data and not is_plain_name(data["scenario_name"]):
        raise ScenarioFileError(
            f"scenario_name={data['scenario_name']!r}: a plain name (letters, digits, _ and -) is needed"
        )
    if _refuse_code(data, "", 0) > MAX_VALUES:
        raise ScenarioFileError(f"more than {MAX_VALUES:,} values")
    return data


def _check_defaults(entries: Any) -> None:
    allowed = "a list of _self_ and override /theatre: NAME or override /forces: NAME"
    if not isinstance(entries, list):
        raise ScenarioFileError(f"defaults: {allowed}")
    for entry in entries:
        if entry == "_self_":
            continue
        if isinstance(entry, dict) and len(entry) == 1:
            ((key, value),) = entry.items()
            group = str(key).removeprefix("override").strip().lstrip("/")
            if str(key).startswith("override ") and group in DATA_GROUPS and is_plain_name(value):
                continue
        raise ScenarioFileError(f"defaults entry {short(entry)}: {allowed} (a scenario file is data)")


def _refuse_code(node: Any, key: str, depth: int) -> int:
    """Refuse what is not data; return the number of values in `node`."""
    if depth > MAX_DEPTH:
        raise ScenarioFileError(f"nested more than {MAX_DEPTH} levels deep")
    count = 1
    if isinstance(node, dict):
        for k, v in node.items():
            path = f"{key}.{k}" if key else str(k)
            if not isinstance(k, (str, int)) or isinstance(k, bool):
                raise ScenarioFileError(f"{path}: keys must be names")
            if is_special_key(k):
                raise ScenarioFileError(f"{path}: sim never instantiates objects named in a config")
            count += _refuse_code(v, path, depth + 1)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            count += _refuse_code(v, f"{key}[{i}]", depth + 1)
    elif isinstance(node, str) and has_code(node):
        raise ScenarioFileError(
            f"{key}={short(node)}: a plain value or a reference to another key (no ${{resolver:...}})"
        )
    elif not (node is None or isinstance(node, (str, int, float, bool))):
        raise ScenarioFileError(f"{key}: a number, text, true/false, a list or a mapping")
    return count


def load(path: Path) -> dict[str, Any]:
    """Read and parse one scenario file; a `ScenarioFileError` says why it is refused."""
    return parse(read_text(path))
