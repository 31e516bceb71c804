"""A stop that a signal asked for, kept until the experiment reaches a point where it can stop.

Ctrl-C (or the CLI's SIGTERM handler) raises KeyboardInterrupt wherever the main thread happens to be. If
that is inside a finalizer, such as a SimPy process's generator collected mid-replication, Python prints
"Exception ignored in ..." and goes on, and the run would finish as if no signal had come. So the CLI's
handler also calls `request()`, a swallowed KeyboardInterrupt requests the stop too (`install()` sets the
hook that Python calls for it), and `check()`, called between replications and between chunks, raises
KeyboardInterrupt there.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

_requested = False


def request() -> None:
    global _requested
    _requested = True


def reset() -> None:
    """Forget a stop asked for before: a command starts with none."""
    global _requested
    _requested = False


def check() -> None:
    """Raise KeyboardInterrupt if a stop was asked for and not yet acted on (once)."""
    global _requested
    if _requested:
        _requested = False
        raise KeyboardInterrupt


_previous: Callable[[Any], object] = sys.__unraisablehook__


def _unraisable(info: Any) -> None:
    if info.exc_type is not None and issubclass(info.exc_type, KeyboardInterrupt):
        request()  # acted on at the next check, without the traceback Python would print
        return
    _previous(info)  # anything else goes where it went before (Python's report, or pytest's)


def install() -> None:
    """Swallowed KeyboardInterrupts request a stop instead of being printed and lost."""
    global _previous
    reset()
    if sys.unraisablehook is not _unraisable:
        _previous = sys.unraisablehook
        sys.unraisablehook = _unraisable
