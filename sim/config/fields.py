"""Field constructors that attach the allowed range to a schema field.

The range lives next to the default so that one generic validator can name the key, the value and what
is allowed, and so that the schema reads as documentation of the model's parameters.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any


def number(default: float, lo: float | None = None, hi: float | None = None, *, open_lo: bool = False) -> Any:
    """A finite number in [lo, hi] (or (lo, hi] with ``open_lo``)."""
    return field(default=default, metadata={"lo": lo, "hi": hi, "open_lo": open_lo})


def probability(default: float) -> Any:
    """A probability or share in [0, 1]."""
    return number(default, 0.0, 1.0)


def non_negative(default: float) -> Any:
    return number(default, 0.0)


def positive(default: float) -> Any:
    return number(default, 0.0, open_lo=True)


def choice(default: str, options: tuple[str, ...]) -> Any:
    """One of a closed set of names."""
    return field(default=default, metadata={"choices": options})


def items(factory: Any) -> Any:
    """A list or mapping default (dataclasses need a factory for mutable defaults)."""
    return field(default_factory=factory)
