"""Field constructors that attach the allowed range, the source, the unit and the role to a schema field.

The range lives next to the default so that one generic validator can name the key, the value and what
is allowed, and so that the schema reads as documentation of the model's parameters. The metadata of a
field holds:

- ``lo``, ``hi``, ``open_lo`` (numbers) or ``choices`` (names): what `sim.config.check` accepts;
- ``source``: where a model number comes from, as data: a public source ("partial mobilization decree of
  21 Sept 2022 (Shoigu: 300,000)"), a text that starts with the word ``assumption`` (optionally followed by
  ": reason" or "(reason)"), or ``data: <file>`` for the shapes whose values come from the data files
  `configs/theatre/*.yaml` and `configs/forces/*.yaml`;
- ``unit`` (km, days, soldiers, share, ...) where one is clear, and ``doc``: what the field means;
- ``role``, one of `ROLES`:

  ``model``
      a parameter of the simulated world; it carries a source. `horizon_days` is one.
  ``design``
      the experiment's design: which replications are drawn and how (`seed`, `replications`, `precision`,
      `stochastic`). It changes the results but is no fact about the war, so it has no source.
  ``label``
      names or describes the run (`scenario_name`, `description`, `scenario_error`): no number depends on
      it, but it is part of what a run is (a resumed run must bring the same).
  ``control``
      how a run is carried out (`executor`, `progress`, `resume`, `replay`, `record_trace`): it never changes
      a replication's numbers, so the resume check and the comparison of runs ignore it.

A nested section (`section`) carries the role of all its fields. `sim.config.provenance` reads the marks
(`keys_with_role`, `rows`).
"""

from __future__ import annotations

from dataclasses import field
from typing import Any

MODEL, DESIGN, LABEL, CONTROL = "model", "design", "label", "control"
ROLES = (MODEL, DESIGN, LABEL, CONTROL)


def _meta(role: str, source: str, unit: str, doc: str, **checks: Any) -> dict[str, Any]:
    if role not in ROLES:
        raise ValueError(f"role={role!r}: one of {', '.join(ROLES)}")
    return {**checks, "role": role, "source": source, "unit": unit, "doc": doc}


def number(
    default: float,
    lo: float | None = None,
    hi: float | None = None,
    *,
    open_lo: bool = False,
    source: str = "",
    unit: str = "",
    doc: str = "",
    role: str = MODEL,
) -> Any:
    """A finite number in [lo, hi] (or (lo, hi] with ``open_lo``)."""
    return field(default=default, metadata=_meta(role, source, unit, doc, lo=lo, hi=hi, open_lo=open_lo))


def probability(default: float, *, source: str = "", unit: str = "", doc: str = "", role: str = MODEL) -> Any:
    """A probability or share in [0, 1]."""
    return number(default, 0.0, 1.0, source=source, unit=unit, doc=doc, role=role)


def non_negative(default: float, *, source: str = "", unit: str = "", doc: str = "", role: str = MODEL) -> Any:
    return number(default, 0.0, source=source, unit=unit, doc=doc, role=role)


def positive(default: float, *, source: str = "", unit: str = "", doc: str = "", role: str = MODEL) -> Any:
    return number(default, 0.0, open_lo=True, source=source, unit=unit, doc=doc, role=role)


MIN_DAYS = 0.01  # a quarter of an hour: a shorter period or duration would only make an endless run of events
MIN_SHAPE = 0.1  # a gamma shape below this draws durations of almost exactly zero over and over


def duration(default: float, *, source: str = "", unit: str = "days", doc: str = "", role: str = MODEL) -> Any:
    """A period or duration in days, at least `MIN_DAYS` (the engagement cycle, a review interval, ...)."""
    return number(default, MIN_DAYS, source=source, unit=unit, doc=doc, role=role)


def shape(default: float, *, source: str = "", doc: str = "", role: str = MODEL) -> Any:
    """The shape of a gamma distribution of durations, at least `MIN_SHAPE`."""
    return number(default, MIN_SHAPE, source=source, doc=doc, role=role)


MAX_SIGMA = 3.0  # a lognormal factor's sigma: at 3 one draw in a hundred is 1/1000 of the median or less
MIN_KM_DAY = 0.01  # a speed a division can take: slower is no movement, and a draw of it stays above zero


def sigma(default: float, *, source: str = "", unit: str = "lognormal sigma", doc: str = "", role: str = MODEL) -> Any:
    """The sigma of a lognormal factor, in [0, `MAX_SIGMA`]."""
    return number(default, 0.0, MAX_SIGMA, source=source, unit=unit, doc=doc, role=role)


def speed(default: float, *, source: str = "", unit: str = "km per day", doc: str = "", role: str = MODEL) -> Any:
    """A speed the model divides by, at least `MIN_KM_DAY`."""
    return number(default, MIN_KM_DAY, source=source, unit=unit, doc=doc, role=role)


def choice(default: str, options: tuple[str, ...], *, source: str = "", doc: str = "", role: str = MODEL) -> Any:
    """One of a closed set of names."""
    return field(default=default, metadata=_meta(role, source, "", doc, choices=options))


def flag(default: bool, *, source: str = "", doc: str = "", role: str = MODEL) -> Any:
    """A switch of the model (true / false)."""
    return field(default=default, metadata=_meta(role, source, "", doc))


def value(default: Any, *, source: str = "", unit: str = "", doc: str = "", role: str = MODEL) -> Any:
    """A text, integer or optional value with no range of its own (validation's rules check it, if at all)."""
    return field(default=default, metadata=_meta(role, source, unit, doc))


def items(factory: Any, *, source: str = "", unit: str = "", doc: str = "", role: str = MODEL) -> Any:
    """A list or mapping default (dataclasses need a factory for mutable defaults)."""
    return field(default_factory=factory, metadata=_meta(role, source, unit, doc))


def section(factory: Any, *, role: str = MODEL, doc: str = "") -> Any:
    """A nested dataclass; its fields carry their own sources, and all of them have this role."""
    return field(default_factory=factory, metadata={**_meta(role, "", "", doc), "section": True})


def design(default: Any, *, unit: str = "", doc: str = "") -> Any:
    """A key of the experiment's design (seed, replications, ...)."""
    return value(default, unit=unit, doc=doc, role=DESIGN)


def label(default: Any, *, doc: str = "") -> Any:
    """A name or description of the run."""
    return value(default, doc=doc, role=LABEL)


def control(default: Any, *, unit: str = "", doc: str = "") -> Any:
    """A run-control key: how a run is carried out, never what a replication computes."""
    return value(default, unit=unit, doc=doc, role=CONTROL)
