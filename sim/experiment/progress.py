"""A run's progress where its user looks, so that no long run is silent: a live bar on a terminal or in
Jupyter (`tqdm.auto` picks the notebook's widget there), and lines in the log otherwise (a run whose
output goes to a file, the `sim.log` of a CLI run): a line at the start, one every `LOG_EVERY_S` seconds
and one at the end. `announce` says what happens between bars, e.g. the writing of figures after one.
`progress=false` silences both.
"""

from __future__ import annotations

import logging
import sys
import time
from types import TracebackType

from tqdm.auto import tqdm

log = logging.getLogger("sim.progress")
LOG_EVERY_S = 10.0


def _notebook() -> bool:
    """A Jupyter kernel runs this: tqdm.auto chose its widget, or (without ipywidgets) its text bar still
    shows in the cell, whose stderr is no terminal."""
    return any(c.__module__ == "tqdm.notebook" for c in tqdm.__mro__) or "ipykernel" in sys.modules


def live() -> bool:
    """Whether a live bar can be seen: in Jupyter, or where stderr is a terminal (not a file or a pipe)."""
    if _notebook():
        return True
    try:
        return bool(sys.stderr is not None and sys.stderr.isatty())
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


class Progress:
    """Finished replications of one batch: a bar when `live()`, else log lines."""

    def __init__(self, total: int, desc: str, enabled: bool) -> None:
        self.total, self.desc, self.done = total, desc, 0
        self.bar = tqdm(total=total, desc=desc, unit="rep", leave=False) if enabled and live() else None
        self.logging = enabled and self.bar is None
        self.started = self.last = time.monotonic()
        if self.logging:
            log.info("%s: %d replications to run", desc, total)

    def update(self, n: int) -> None:
        self.done += n
        if self.bar is not None:
            self.bar.update(n)
            return
        now = time.monotonic()
        if self.logging and (now - self.last >= LOG_EVERY_S or self.done >= self.total):
            self.last = now
            share = 100 * self.done / max(self.total, 1)
            log.info(
                "%s: %d/%d replications (%.0f%%), %.1f s", self.desc, self.done, self.total, share, now - self.started
            )

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None) -> None:
        if self.bar is not None:
            self.bar.close()


def announce(message: str, enabled: bool) -> None:
    """One line on what happens now: on stderr where a bar would show, in the log otherwise."""
    if not enabled:
        return
    if live():
        print(message, file=sys.stderr, flush=True)
    else:
        log.info(message)
