"""A run's figures, or a sweep's comparison, drawn by a process forked as the command starts, so that its
imports overlap the run.

A run's figures take about a second on two cores, and before they could start the command imported
matplotlib and the figure modules (a quarter of a second), forked its figure workers, then computed the
summary beside them on the same two cores. `python -m sim` (`sim.cli.main.program`) forks the drawer before
Hydra composes the config, when its arguments ask for a single run with figures: the drawer imports what
drawing needs while the command composes, checks and runs, and waits. `write_run` then sends it the run's
tables and facts; it draws and saves the figures (with its own forked workers, `style.save_all`) and replies
with their files, while the command writes the summary.

For a sweep (`-m`) it imports the comparison's modules and scipy.stats instead (half a second), and the
sweep's callback (`CompareOnMultirunEnd`) has it write the comparison of the finished jobs.

The drawer only saves time, never a figure: if it is not there, died, or fails, the command draws the figures
itself, as it does without a drawer. It serves one run, then exits; it exits too when the command ends
without asking (a config error, `plots=false` set by a scenario, Ctrl-C), or when its parent is gone, and
SIGINT or SIGTERM end it at once and silently. It writes nothing to the terminal: its standard streams are
/dev/null, so a pipe reading the command's output closes when the command ends.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sim.experiment.results import Results
    from sim.reporting.runinfo import RunInfo

RUN, SWEEP = "run", "sweep"  # what a drawer serves: a run's figures, a sweep's comparison
MULTIRUN = ("-m", "--multirun")
# Arguments after which nothing is drawn (help and config printing, a replay: its own figures), and a
# single run's figures switched off on the command line (a sweep's comparison is drawn whatever `plots` says).
# `hydra/...` chooses another of Hydra's own groups (a launcher, a sweeper, the logging): commands the drawer
# was not built or tested for (a launcher's jobs run in other processes), so it stays out of them and the
# command draws what it draws itself, as without a drawer.
NOTHING = ("-h", "--help", "--hydra-help", "-c", "--cfg", "-i", "--info", "-sc")
NOTHING_KEYS = ("replay=", "+replay=", "hydra/")
OFF = ("false", "no", "off", "0")
WAIT_S = 600.0  # the longest a command waits for its figures before drawing them itself
CHECK_S = 0.5  # how often each side looks whether the other is still there


@dataclass
class Drawer:
    pid: int
    conn: Connection
    kind: str  # RUN or SWEEP


_DRAWER: Drawer | None = None


def wanted(argv: Sequence[str], subcommands: Sequence[str] = ()) -> str | None:
    """What the command these arguments make will draw, as far as they say: RUN (a run's figures), SWEEP (a
    sweep's comparison) or None."""
    if (argv and argv[0] in subcommands) or (os.cpu_count() or 1) < 2:
        return None
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    sweep = any(arg in MULTIRUN for arg in argv)
    for arg in argv:
        if arg in NOTHING or arg.startswith(NOTHING_KEYS):
            return None
        key, _, value = arg.lstrip("+~").partition("=")
        if key == "plots" and value.strip().lower() in OFF and not sweep:
            return None
    return SWEEP if sweep else RUN


def start(kind: str = RUN) -> Drawer | None:
    """Fork the drawer (once per process); None where there is no fork. Called before any thread starts."""
    global _DRAWER
    if _DRAWER is not None:
        return _DRAWER
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    here, there = multiprocessing.Pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the drawer
        here.close()
        _serve(there, parent, kind)  # never returns
    there.close()
    _DRAWER = Drawer(pid, here, kind)
    atexit.register(stop)
    return _DRAWER


def stop(kind: str | None = None) -> None:
    """End the drawer (of that kind) if it has not served: the command knows it draws nothing of it (a job of
    a sweep, `plots` off, a replay), or is ending. Its memory (about 120 MB) is given back at once."""
    global _DRAWER
    if _DRAWER is None or kind not in (None, _DRAWER.kind):
        return
    drawer, _DRAWER = _DRAWER, None
    drawer.conn.close()
    _end(drawer.pid)


def _end(pid: int) -> None:
    """SIGTERM, and collect it if it is already gone. It is not waited for (a process holding matplotlib takes
    a fifth of a second to exit): the command goes on, and init collects the drawer once the command has gone."""
    try:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, os.WNOHANG)
    except (ProcessLookupError, ChildProcessError):
        pass


def draw(results: Results, info: RunInfo, folder: Path, meanwhile: Callable[[], Any]) -> dict[str, Path] | None:
    """The run's figures drawn by the drawer into `folder`: {file name: PNG path}, `meanwhile` called here
    while it draws; None (with `meanwhile` not called) where there is no drawer or it could not draw them."""
    reply = _ask(RUN, (RUN, results, info, str(folder)), meanwhile)
    if reply is None or reply[0] != "drawn":
        return None
    return {name: Path(path) for name, path in reply[1].items()}


def compare(folders: Sequence[Path], out_dir: Path, *, pairs: str, n_resamples: int) -> Path | None:
    """`sim.reporting.compare.compare` done by the drawer: the path of `comparison.md`, or None where there
    is no drawer or it could not write the comparison (the caller then writes it)."""
    request = (SWEEP, [str(f) for f in folders], str(out_dir), pairs, n_resamples)
    reply = _ask(SWEEP, request, lambda: None)
    if reply is None or reply[0] != "compared":
        return None
    return Path(reply[1])


def _ask(kind: str, request: tuple[Any, ...], meanwhile: Callable[[], Any]) -> tuple[str, Any] | None:
    """Send the drawer of that kind its one request, call `meanwhile`, and read its reply; None without
    such a drawer (then `meanwhile` is not called) or without a reply."""
    global _DRAWER
    if _DRAWER is None or _DRAWER.kind != kind:
        return None
    drawer, _DRAWER = _DRAWER, None  # one request per drawer, whatever happens
    try:
        try:
            drawer.conn.send(request)
        except (OSError, ValueError):  # gone (EPIPE), or what it was sent could not be pickled
            return None
        meanwhile()
        return _reply(drawer)
    finally:
        drawer.conn.close()
        _end(drawer.pid)


def _reply(drawer: Drawer) -> tuple[str, Any] | None:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        try:
            if drawer.conn.poll(CHECK_S):
                reply = drawer.conn.recv()
                return reply if isinstance(reply, tuple) and len(reply) == 2 else None
        except (EOFError, OSError):
            return None
        try:
            done, _ = os.waitpid(drawer.pid, os.WNOHANG)
        except ChildProcessError:
            return None
        if done:  # died without a reply (its own workers may still hold the pipe open)
            return None
    return None


def _serve(conn: Connection, parent: int, kind: str) -> None:
    """The drawer's life: quiet streams and signals, the imports, one request, one reply, then exit."""
    code = 0
    try:
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, signal.SIG_DFL)
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        from sim.reporting import style

        if kind == SWEEP:
            from sim.reporting import compare, compare_plots  # noqa: F401 - the point
            from sim.stats import load_scipy_stats

            load_scipy_stats()
        else:
            from sim.reporting import geography, plots, run_report, timelines  # noqa: F401 - the point
        style._warm()
        while not conn.poll(CHECK_S):
            if os.getppid() != parent:
                return
        request = conn.recv()
        try:
            reply: tuple[str, Any] = _done(request)
        except Exception as err:  # the command does it itself
            reply = ("failed", f"{type(err).__name__}: {err}")
        conn.send(reply)
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _done(request: tuple[Any, ...]) -> tuple[str, Any]:
    if request[0] == SWEEP:
        from sim.reporting.compare import compare as write_comparison

        _, folders, out_dir, pairs, n_resamples = request
        path = write_comparison([Path(f) for f in folders], Path(out_dir), pairs=pairs, n_resamples=n_resamples)
        return "compared", str(path)
    from sim.reporting import run_report

    _, results, info, folder = request
    makers = run_report.figure_makers(results, info)
    paths = run_report.save_all({name: make for name, (_, make) in makers.items()}, Path(folder))
    return "drawn", {name: str(path) for name, path in paths.items()}
