"""Where every number of the model comes from: the schema's source, unit and role marks as a table.

Each schema field records its source, unit and role in its metadata (`sim.config.fields`). `rows()` walks the
nested sections of `SimConfig` and gives one `Row` per leaf field; the theatre and the order of battle
(`theatre.sectors`, `forces`) are data with their own source comments, so each is one row that says which
files hold it. `keys_with_role` gives the top-level keys of one role: the resume check and the comparison of
runs ignore the `control` keys through it instead of keeping their own lists.

    python -m sim.config.provenance [--format md|csv] [--role model|design|label|control|all]
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import typing
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import MISSING, Field, dataclass, fields, is_dataclass
from typing import Any

from sim.config.fields import MODEL, ROLES
from sim.config.schema import SimConfig

ASSUMPTION, DATA, PUBLIC = "assumption", "data", "public"
COLUMNS = ("key", "default", "allowed", "unit", "role", "basis", "source", "doc")


@dataclass(frozen=True)
class Row:
    """One field of the schema: its dotted key, default, what validation allows, unit, role and source."""

    key: str
    default: Any
    allowed: str
    unit: str
    role: str
    source: str
    doc: str = ""

    @property
    def basis(self) -> str:
        """`assumption`, `data` (the data files), `public` (a public source), or "" (not a model field)."""
        return basis(self.source) if self.role == MODEL else ""

    def as_dict(self) -> dict[str, str]:
        return {
            "key": self.key,
            "default": _text(self.default),
            "allowed": self.allowed,
            "unit": self.unit,
            "role": self.role,
            "basis": self.basis,
            "source": self.source,
            "doc": self.doc,
        }


def basis(source: str) -> str:
    """What kind of source a `source=` text is: it starts with `assumption`, with `data:`, or names a source."""
    text = source.strip().lower()
    if text.startswith(ASSUMPTION):
        return ASSUMPTION
    if text.startswith(DATA + ":"):
        return DATA
    return PUBLIC if text else ""


# ------------------------------------------------------------------------------------------- the walk
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _element(hint: Any) -> Any:
    """The dataclass held by a list or dict field (`list[LineConfig]` -> LineConfig), else None."""
    args = typing.get_args(hint)
    if typing.get_origin(hint) in (list, dict) and args and is_dataclass(args[-1]):
        return args[-1]
    return None


def leaves(cls: type = SimConfig, prefix: str = "") -> Iterator[tuple[str, Field[Any], Any]]:
    """(dotted key, field, type) of every leaf field, descending into nested sections; a list or mapping of
    dataclasses (the theatre's sectors, the forces) is one leaf."""
    hints = _hints(cls)
    for f in fields(cls):
        hint = hints[f.name]
        if is_dataclass(hint):
            yield from leaves(hint, f"{prefix}{f.name}.")  # type: ignore[arg-type]
        else:
            yield f"{prefix}{f.name}", f, hint


def every_field(cls: type = SimConfig, prefix: str = "") -> Iterator[tuple[str, Field[Any]]]:
    """Every field of every dataclass of the schema, sections and the shapes of the data included, under keys
    such as `theatre.sectors.<sector>.lines[].at_km` and `forces.<formation>.personnel`."""
    hints = _hints(cls)
    for f in fields(cls):
        key, hint = f"{prefix}{f.name}", hints[f.name]
        yield key, f
        if is_dataclass(hint):
            yield from every_field(hint, key + ".")  # type: ignore[arg-type]
        elif (element := _element(hint)) is not None:
            if typing.get_origin(hint) is dict:
                name = "<formation>" if key == "forces" else f"<{key.rsplit('.', 1)[-1].removesuffix('s')}>"
                yield from every_field(element, f"{key}.{name}.")
            else:
                yield from every_field(element, f"{key}[].")


def role_of(f: Field[Any]) -> str:
    return str(f.metadata.get("role", ""))


def keys_with_role(role: str, cls: type = SimConfig) -> tuple[str, ...]:
    """The top-level keys of `cls` with this role, in schema order (a section has the role of all its fields)."""
    if role not in ROLES:
        raise ValueError(f"role={role!r}: one of {', '.join(ROLES)}")
    return tuple(f.name for f in fields(cls) if role_of(f) == role)


# ------------------------------------------------------------------------------------------- the rows
def rows(role: str = "all") -> list[Row]:
    """One row per leaf field of the schema (all roles, or only `role`)."""
    found = []
    for key, f, hint in leaves():
        meta = f.metadata
        found.append(
            Row(
                key=key,
                default=_default(f),
                allowed=_allowed(meta, hint),
                unit=str(meta.get("unit", "")),
                role=role_of(f),
                source=str(meta.get("source", "")),
                doc=str(meta.get("doc", "")),
            )
        )
    return found if role == "all" else [r for r in found if r.role == role]


def row(key: str) -> Row:
    """The row of one dotted key, e.g. `mobilization.called_up`."""
    for r in rows():
        if r.key == key:
            return r
    raise KeyError(key)


def _default(f: Field[Any]) -> Any:
    if f.default is not MISSING:
        return f.default
    if f.default_factory is not MISSING:
        return f.default_factory()
    return None


def _allowed(meta: Any, hint: Any) -> str:
    if "choices" in meta:
        return "one of " + ", ".join(meta["choices"])
    if "lo" in meta:
        lo, hi = meta["lo"], meta["hi"]
        if lo is None and hi is None:
            text = "any finite number"
        else:
            left = "(" if meta["open_lo"] else "["
            lo_text = "-inf" if lo is None else f"{lo:g}"
            hi_text = "inf)" if hi is None else f"{hi:g}]"
            text = f"{left}{lo_text}, {hi_text}"
        return f"integer in {text}" if hint is int else text
    if hint is bool:
        return "true or false"
    return ""


def _text(value: Any) -> str:
    """A default as a user would type it in an override."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return "[" + ", ".join(_text(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_text(v)}" for k, v in value.items()) + "}"
    if value == "":
        return '""'
    return str(value)


# ------------------------------------------------------------------------------------------ rendering
def _cell(text: str) -> str:
    return text.replace("|", r"\|").replace("<", "&lt;").replace("\n", " ")  # `<name>` is no HTML tag


def markdown(records: Sequence[Row] | None = None) -> str:
    """A Markdown table of `records` (default: every row), then how many model numbers rest on what."""
    records = rows() if records is None else list(records)
    lines = [
        "| key | default | allowed | unit | role | source | meaning |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in records:
        cells = [f"`{r.key}`", _text(r.default), r.allowed, r.unit, r.role, r.source or "–", r.doc]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    counts = Counter(r.basis for r in records if r.role == MODEL)
    if counts:
        lines += [
            "",
            f"{sum(counts.values())} model parameters: {counts[PUBLIC]} from a public source, "
            f"{counts[ASSUMPTION]} assumptions, {counts[DATA]} from the data files.",
        ]
    return "\n".join(lines) + "\n"


def to_csv(records: Sequence[Row] | None = None) -> str:
    records = rows() if records is None else list(records)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(r.as_dict() for r in records)
    return out.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sim provenance",
        description="Every parameter of the model with its default, allowed range, unit, role and source.",
    )
    parser.add_argument("--format", choices=("md", "csv"), default="md", help="Markdown table (default) or CSV")
    parser.add_argument(
        "--role",
        choices=(*ROLES, "all"),
        default=MODEL,
        help="only the model's parameters (default), another role, or every field",
    )
    args = parser.parse_args(argv)
    records = rows(args.role)
    sys.stdout.write(markdown(records) if args.format == "md" else to_csv(records))
    return 0


if __name__ == "__main__":
    sys.exit(main())
