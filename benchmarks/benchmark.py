"""Performance figures of sim, printed as a Markdown table (and optionally saved as JSON).

    python benchmarks/benchmark.py                      # full run: several minutes (10,000 replications)
    python benchmarks/benchmark.py --quick              # small sizes, well under a minute (CI smoke test)
    python benchmarks/benchmark.py --sizes 1000 --json figures.json
    python benchmarks/benchmark.py --sections events,scenarios

What it measures, all in the same run, so that the ratios compare like with like on a loaded machine:

1. events: the cost of one SimPy event in the model (`Campaign(cfg, seed).run()` of `advance`) against a bare
   SimPy loop of timeouts (100 processes each yielding `env.timeout(1)`), in µs per event, and their ratio.
   Processed events are counted without touching the model: every scheduled event takes one id from
   `env._eid`, and every scheduled event has been processed except those still queued at the horizon. A
   separate pass with a `Environment.step`-counting subclass (patched in this process only) checks the count.
2. scenarios: replications per second and ms per replication of each scenario, serial: the model alone
   (`Campaign(...).run()`) and end to end (`sim.run` with `executor=serial`, which adds storage and bands).
3. speedup: wall time of `sim.run` of `advance` with `executor=processes` and 1 then 2 workers, alternated
   and repeated (best of each), beside the machine's own ceiling: two processes spinning a pure-Python
   loop at once against one alone.
4. memory: peak memory of a whole `sim.run` at each of `--sizes` replications, each in a fresh
   subprocess: its own `ru_maxrss`, its largest worker's (`RUSAGE_CHILDREN`), and the peak of the sum of
   RSS and of PSS over the process tree, sampled with psutil (PSS shares copy-on-write pages fairly
   between forked workers; RSS counts them in every process).
5. startup: wall time of a tiny job (2 replications, `horizon_days=1`) on each executor minus the same on
   serial, and the time to create and tear down a bare process pool and a Dask LocalCluster.
6. commands: what a user waits for, each in a fresh interpreter after one untimed warm-up (warm caches):
   `import sim.api`; `python -m sim +scenario=advance replications=2` (figures drawn, the default of a single
   run, and with `plots=false`) beside Hydra's own share (`import hydra` and a minimal `@hydra.main` app);
   `sim.run`'s overhead beyond the simulation time its results' meta reports, at 1 and 100 replications; a
   5-job sweep × 20 replications, its wall time against the sum of its jobs' simulation times; one whole
   `advance` replication against a fixed bare SimPy loop of 4,000 timeouts, alternated in this process;
   and a whole 600-replication command with 2 workers against 1.

Nothing here asserts a timing: the script only measures and prints. The machine's load average is
printed with the figures, since other work on the machine slows everything down.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SECTIONS = ("events", "scenarios", "speedup", "memory", "startup", "commands")
QUIET = ["progress=false"]


@dataclass
class Sizes:
    bare_processes: int = 100
    bare_timeouts: int = 2000
    bare_repeats: int = 5
    event_reps: int = 40
    scenario_reps: int = 30
    e2e_reps: int = 100
    speedup_reps: int = 400
    memory_sizes: list[int] = field(default_factory=lambda: [1000, 10000])
    startup_repeats: int = 3
    bare_cluster: bool = True  # also time a bare LocalCluster (about 2 s more)
    spin: int = 20_000_000  # steps of the machine-ceiling loop (about 2 s)
    speedup_repeats: int = 3
    # 6. commands: what a user waits for, whole commands in fresh interpreters
    command_repeats: int = 5
    command_extra: list[str] = field(default_factory=list)  # added to the single command (quick: a short one)
    overhead_reps: tuple[int, int] = (1, 100)
    overhead_repeats: int = 5
    sweep_jobs: int = 5
    sweep_reps: int = 20
    sweep_extra: list[str] = field(default_factory=list)
    replication_repeats: int = 30  # whole `advance` replications against the fixed bare loop, alternated
    workers_reps: int = 600
    workers_extra: list[str] = field(default_factory=list)
    workers_repeats: int = 2


QUICK = Sizes(
    bare_processes=100,
    bare_timeouts=200,
    bare_repeats=3,
    event_reps=2,
    scenario_reps=1,
    e2e_reps=2,
    speedup_reps=8,
    memory_sizes=[10, 30],
    startup_repeats=1,
    bare_cluster=False,
    spin=200_000,
    speedup_repeats=1,
    command_repeats=1,
    command_extra=["horizon_days=5", "plots=false"],
    overhead_reps=(1, 5),
    overhead_repeats=1,
    sweep_jobs=2,
    sweep_reps=2,
    sweep_extra=["horizon_days=5", "plots=false"],
    replication_repeats=2,
    workers_reps=2,
    workers_extra=["horizon_days=5", "plots=false"],
    workers_repeats=1,
)


# ------------------------------------------------------------------------------------------ helpers
def _import_sim() -> None:
    """Measure this checkout's `sim`, whatever is installed."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


def scenarios() -> list[str]:
    """Every registered scenario (`scenarios/*.yaml`, then $SIM_SCENARIOS), none left out: a new future, or the
    `kharkiv_2022` backtest, is measured without editing this file."""
    from sim.config.registry import scenario_names

    return scenario_names()


def typed(overrides: list[str]) -> Any:
    import sim
    from sim.config.check import to_typed

    return to_typed(sim.compose([*QUIET, *overrides]))


def processed_events(env: Any) -> int:
    """Events the environment has processed: ids handed out minus events still queued (ids are taken by
    `next`, which spends one more; it is not counted)."""
    return next(env._eid) - len(env._queue)


@contextlib.contextmanager
def counting_environment() -> Iterator[list[int]]:
    """Replace `simpy.Environment` in this process by a subclass that counts `step` calls (the model
    calls `simpy.Environment()` through the module, so the patch reaches it); restored on exit."""
    import simpy

    counter = [0]
    original = simpy.Environment

    class CountingEnvironment(original):  # type: ignore[misc, valid-type]
        def step(self) -> None:
            counter[0] += 1
            super().step()

    simpy.Environment = CountingEnvironment  # type: ignore[misc]
    try:
        yield counter
    finally:
        simpy.Environment = original  # type: ignore[misc]


def load() -> float:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


def cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def maxrss_mb(who: int) -> float:
    """`ru_maxrss` in MB (kilobytes on Linux, bytes on macOS)."""
    value = resource.getrusage(who).ru_maxrss
    return value / (1024 * 1024) if sys.platform == "darwin" else value / 1024


def fmt(x: float, digits: int = 3) -> str:
    """`x` to `digits` significant figures (integers in full), with thousands separators."""
    if not math.isfinite(x):
        return "n/a"
    magnitude = math.floor(math.log10(abs(x))) if x else 0
    return f"{x:,.{max(0, digits - 1 - magnitude)}f}"


class Report:
    """Figures by key (for JSON) and rows of the Markdown table, in the order measured."""

    def __init__(self) -> None:
        self.figures: dict[str, Any] = {}
        self.rows: list[tuple[str, str, str]] = []
        self.loads: list[tuple[str, float]] = [("start", load())]
        self.seconds: dict[str, float] = {}
        self._since = time.perf_counter()

    def add(self, measure: str, value: str, how: str = "", **figures: Any) -> None:
        self.rows.append((measure, value, how))
        self.figures.update(figures)
        print(f"  {measure}: {value}" + (f"  ({how})" if how else ""), flush=True)

    def mark(self, section: str) -> None:
        """End of a section: the load average now and the section's wall time."""
        self.loads.append((section, load()))
        now = time.perf_counter()
        self.seconds[section], self._since = now - self._since, now


# --------------------------------------------------------------------------------------- 1. events
def bare_loop(n_processes: int, n_timeouts: int) -> tuple[int, float, float]:
    """`n_processes` processes each yielding `env.timeout(1)` `n_timeouts` times: (events, wall s, CPU s)."""
    import simpy

    env = simpy.Environment()

    def tick(env: simpy.Environment) -> Iterator[simpy.Event]:
        for _ in range(n_timeouts):
            yield env.timeout(1)

    for _ in range(n_processes):
        env.process(tick(env))
    wall, cpu = time.perf_counter(), time.process_time()
    env.run()
    return processed_events(env), time.perf_counter() - wall, time.process_time() - cpu


@dataclass
class ModelTiming:
    """Sums over `reps` replications: processed events, and wall and CPU seconds of building the world
    (`Campaign(cfg, seed)`) and of running it (`.run()`)."""

    reps: int
    events: int = 0
    build_s: float = 0.0
    run_s: float = 0.0
    build_cpu_s: float = 0.0
    run_cpu_s: float = 0.0

    @property
    def us_per_event(self) -> float:
        return 1e6 * self.run_s / self.events

    @property
    def cpu_us_per_event(self) -> float:
        return 1e6 * self.run_cpu_s / self.events

    @property
    def us_per_event_total(self) -> float:
        return 1e6 * (self.build_s + self.run_s) / self.events

    @property
    def cpu_us_per_event_total(self) -> float:
        return 1e6 * (self.build_cpu_s + self.run_cpu_s) / self.events

    @property
    def ms_per_rep(self) -> float:
        return 1e3 * (self.build_s + self.run_s) / self.reps

    @property
    def cpu_ms_per_rep(self) -> float:
        return 1e3 * (self.build_cpu_s + self.run_cpu_s) / self.reps


def time_model(cfg: Any, reps: int, first: int = 0) -> ModelTiming:
    """Replications `first..first+reps-1` of `cfg` (their seeds as in a run), one untimed warm-up first."""
    from sim.experiment.seeds import replication_seed
    from sim.world.campaign import Campaign

    Campaign(cfg, replication_seed(cfg.seed, first)).run()
    t = ModelTiming(reps)
    clock, cpu = time.perf_counter, time.process_time
    for i in range(first, first + reps):
        seed = replication_seed(cfg.seed, i)
        w0, c0 = clock(), cpu()
        campaign = Campaign(cfg, seed)
        w1, c1 = clock(), cpu()
        campaign.run()
        w2, c2 = clock(), cpu()
        t.build_s, t.run_s = t.build_s + w1 - w0, t.run_s + w2 - w1
        t.build_cpu_s, t.run_cpu_s = t.build_cpu_s + c1 - c0, t.run_cpu_s + c2 - c1
        t.events += processed_events(campaign.kernel.env)
    return t


def count_with_step(cfg: Any, seed: int) -> tuple[int, int]:
    """(events counted by the patched `step`, events counted from `_eid`) for one replication."""
    from sim.world.campaign import Campaign

    with counting_environment() as counter:
        campaign = Campaign(cfg, seed)
        campaign.run()
    return counter[0], processed_events(campaign.kernel.env)


def bench_events(sizes: Sizes, report: Report) -> None:
    from sim.experiment.seeds import replication_seed

    print("events: bare SimPy loop vs the model", flush=True)
    runs = [bare_loop(sizes.bare_processes, sizes.bare_timeouts) for _ in range(sizes.bare_repeats)]
    n_bare = runs[0][0]
    wall = statistics.median(1e6 * w / n for n, w, _ in runs)
    cpu = statistics.median(1e6 * c / n for n, _, c in runs)
    best = min(1e6 * w / n for n, w, _ in runs)
    report.add(
        "bare SimPy loop",
        f"{fmt(wall)} µs/event wall, {fmt(cpu)} CPU ({fmt(1e6 / wall)} events/s)",
        f"{sizes.bare_processes} processes × {sizes.bare_timeouts:,} `env.timeout(1)` = {n_bare:,} events; "
        f"median of {sizes.bare_repeats} (best wall {fmt(best)})",
        bare_us_per_event=wall,
        bare_cpu_us_per_event=cpu,
        bare_us_per_event_best=best,
        bare_events=n_bare,
    )

    cfg = typed(["+scenario=advance", "executor=serial"])
    stepped, from_eid = count_with_step(cfg, replication_seed(cfg.seed, 0))
    m = time_model(cfg, sizes.event_reps)
    events_per_rep = m.events / m.reps
    report.add(
        "model (`advance`), `run()` only",
        f"{fmt(m.us_per_event)} µs/event wall, {fmt(m.cpu_us_per_event)} CPU ({fmt(1e6 / m.us_per_event)} events/s)",
        f"{fmt(events_per_rep, 4)} processed events/replication, {m.reps} replications",
        model_us_per_event=m.us_per_event,
        model_cpu_us_per_event=m.cpu_us_per_event,
        model_events_per_s=1e6 / m.us_per_event,
        model_events_per_rep=events_per_rep,
        model_reps=m.reps,
        model_events_check={"patched_step": stepped, "eid_minus_queue": from_eid},
    )
    report.add(
        "model (`advance`), whole replication",
        f"{fmt(m.us_per_event_total)} µs/event wall, {fmt(m.cpu_us_per_event_total)} CPU",
        f"`Campaign(cfg, seed)` {fmt(1e3 * m.build_s / m.reps)} ms + `run()` "
        f"{fmt(1e3 * m.run_s / m.reps)} ms per replication (wall)",
        model_us_per_event_total=m.us_per_event_total,
        model_cpu_us_per_event_total=m.cpu_us_per_event_total,
        model_build_ms=1e3 * m.build_s / m.reps,
        model_run_ms=1e3 * m.run_s / m.reps,
    )
    report.add(
        "model / bare loop, per event",
        f"{fmt(m.us_per_event / bare_ratio_guard(wall))}× wall, {fmt(m.cpu_us_per_event / bare_ratio_guard(cpu))}× CPU",
        f"`run()` only; whole replication {fmt(m.us_per_event_total / bare_ratio_guard(wall))}× wall",
        model_to_bare_ratio=m.us_per_event / bare_ratio_guard(wall),
        model_to_bare_ratio_cpu=m.cpu_us_per_event / bare_ratio_guard(cpu),
        model_total_to_bare_ratio=m.us_per_event_total / bare_ratio_guard(wall),
    )
    if stepped != from_eid:
        print(f"  warning: patched step counted {stepped} events, _eid - queue {from_eid}", flush=True)


def bare_ratio_guard(x: float) -> float:
    """A denominator that is never zero (a coarse CPU clock can read 0 for a short loop)."""
    return x if x > 0 else math.nan


# ------------------------------------------------------------------------------------ 2. scenarios
def bench_scenarios(sizes: Sizes, report: Report) -> None:
    import sim

    print("scenarios: serial throughput", flush=True)
    per: dict[str, Any] = {}
    for name in scenarios():
        cfg = typed([f"+scenario={name}", "executor=serial", f"replications={sizes.e2e_reps}"])
        # a fresh range of replications, after those the events section timed
        model = time_model(cfg, sizes.scenario_reps, first=1000)
        t0 = time.perf_counter()
        sim.run(cfg)
        e2e = time.perf_counter() - t0
        e2e_ms = 1e3 * e2e / sizes.e2e_reps
        per[name] = {
            "ms_per_rep": model.ms_per_rep,
            "cpu_ms_per_rep": model.cpu_ms_per_rep,
            "reps_per_s": 1e3 / model.ms_per_rep,
            "events_per_rep": model.events / model.reps,
            "us_per_event": model.us_per_event,
            "cpu_us_per_event": model.cpu_us_per_event,
            "e2e_ms_per_rep": e2e_ms,
            "e2e_reps_per_s": 1e3 / e2e_ms,
        }
        report.add(
            f"`{name}`, serial",
            f"{fmt(model.ms_per_rep)} ms/rep wall ({fmt(model.cpu_ms_per_rep)} CPU) "
            f"= {fmt(1e3 / model.ms_per_rep)} rep/s",
            f"model alone (`Campaign(...).run()`, {model.reps} replications): "
            f"{fmt(model.events / model.reps, 4)} events/rep, {fmt(model.us_per_event)} µs/event wall; "
            f"`sim.run` serial end to end: {fmt(e2e_ms)} ms/rep ({sizes.e2e_reps} reps)",
        )
    report.figures["scenarios"] = per


# -------------------------------------------------------------------------------------- 3. speedup
def cpu_seconds() -> float:
    """User + system CPU of this process and of its finished (waited-for) children, e.g. pool workers."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _spin(n: int) -> int:
    """Pure-Python arithmetic touching no memory to speak of: what the machine's cores give in parallel."""
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def machine_ceiling(n: int, repeats: int) -> float:
    """Throughput of two processes spinning at once over one spinning alone, best of `repeats` each: the
    most any 2-worker run can gain here (virtual CPUs that share a physical core, or a busy host, give
    less than 2)."""
    from concurrent.futures import ProcessPoolExecutor

    from sim.experiment.executors import process_context

    alone, both = [], []
    with ProcessPoolExecutor(max_workers=2, mp_context=process_context()) as pool:
        list(pool.map(_spin, [1, 1]))  # workers up before timing
        for _ in range(repeats):
            t0 = time.perf_counter()
            pool.submit(_spin, n).result()
            alone.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            list(pool.map(_spin, [n, n]))
            both.append(time.perf_counter() - t0)
    return 2 * min(alone) / min(both)


def bench_speedup(sizes: Sizes, report: Report) -> None:
    import sim

    print("speedup: processes, 1 vs 2 workers", flush=True)
    ceiling = machine_ceiling(sizes.spin, sizes.speedup_repeats)
    report.add(
        "machine ceiling, 2 processes vs 1",
        f"{fmt(ceiling)}×",
        f"pure-Python loop of {sizes.spin:,} steps in 2 processes at once vs 1 alone, best of "
        f"{sizes.speedup_repeats}: the most any 2-worker run can gain on this machine",
        machine_ceiling=ceiling,
    )
    walls: dict[int, list[float]] = {1: [], 2: []}
    cpus: dict[int, list[float]] = {1: [], 2: []}
    before = load()
    for _ in range(sizes.speedup_repeats):  # alternate, so that a slow spell of the host hits both
        for workers in (1, 2):
            cfg = typed(
                [
                    "+scenario=advance",
                    "executor=processes",
                    f"executor.n_workers={workers}",
                    f"replications={sizes.speedup_reps}",
                ]
            )
            c0, t0 = cpu_seconds(), time.perf_counter()
            sim.run(cfg)
            walls[workers].append(time.perf_counter() - t0)
            cpus[workers].append(cpu_seconds() - c0)
    best = {w: min(range(len(walls[w])), key=walls[w].__getitem__) for w in walls}
    wall = {w: walls[w][best[w]] for w in walls}
    cpu = {w: cpus[w][best[w]] for w in walls}
    ratio = wall[1] / wall[2]
    # CPUs in use on average (CPU seconds / wall seconds): below the worker count when the machine is shared
    busy = {w: cpu[w] / wall[w] for w in wall}
    runs = "; ".join(
        f"{w} worker{'s' if w > 1 else ''} " + ", ".join(f"{t:.1f}" for t in walls[w]) + " s" for w in walls
    )
    report.add(
        "2 workers vs 1 (`executor=processes`)",
        f"{fmt(ratio)}× ({fmt(wall[1])} s → {fmt(wall[2])} s)",
        f"{sizes.speedup_reps} replications of `advance`, best of {sizes.speedup_repeats} ({runs}); CPUs "
        f"busy on average {fmt(busy[1])} → {fmt(busy[2])}, CPU time {fmt(cpu[1])} s → {fmt(cpu[2])} s; "
        f"{os.cpu_count()} CPUs, load average {before:.1f} before, {load():.1f} after",
        speedup_wall_1_s=wall[1],
        speedup_wall_2_s=wall[2],
        speedup=ratio,
        speedup_reps=sizes.speedup_reps,
        speedup_cpu_1_s=cpu[1],
        speedup_cpu_2_s=cpu[2],
        speedup_busy_cpus_1=busy[1],
        speedup_busy_cpus_2=busy[2],
        speedup_walls=walls,
    )


# --------------------------------------------------------------------------------------- 4. memory
def memory_child(replications: int, executor: str) -> None:
    """Body of the fresh subprocess: one whole run, then its peak memory as JSON on the last line."""
    import sim

    cfg = sim.compose(["+scenario=advance", f"executor={executor}", f"replications={replications}", *QUIET])
    t0 = time.perf_counter()
    sim.run(cfg)
    elapsed = time.perf_counter() - t0
    print(
        json.dumps(
            {
                "elapsed_s": elapsed,
                "self_mb": maxrss_mb(resource.RUSAGE_SELF),
                "children_mb": maxrss_mb(resource.RUSAGE_CHILDREN),
            }
        )
    )


def tree_memory(pid: int) -> tuple[float, float]:
    """(sum of RSS, sum of PSS) in MB over `pid` and its descendants; PSS falls back to RSS."""
    import psutil

    rss = pss = 0
    with contextlib.suppress(psutil.Error):
        root = psutil.Process(pid)
        for proc in [root, *root.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):
                try:
                    info = proc.memory_full_info()
                    rss, pss = rss + info.rss, pss + getattr(info, "pss", info.rss)
                except psutil.AccessDenied:
                    r = proc.memory_info().rss
                    rss, pss = rss + r, pss + r
    return rss / 2**20, pss / 2**20


def measure_memory(replications: int, executor: str, timeout: float | None) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--memory-child",
        str(replications),
        "--memory-executor",
        executor,
    ]
    peak = [0.0, 0.0]
    with tempfile.TemporaryDirectory(prefix="sim-bench-") as cwd:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        stop = threading.Event()

        def sample() -> None:
            while not stop.is_set():
                rss, pss = tree_memory(proc.pid)
                peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
                stop.wait(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            out, err = proc.communicate(timeout=timeout)
        finally:
            stop.set()
            sampler.join()
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    if proc.returncode != 0:
        raise RuntimeError(f"memory run of {replications} replications failed:\n{err[-2000:]}")
    result = json.loads(out.strip().splitlines()[-1])
    return {**result, "tree_rss_mb": peak[0], "tree_pss_mb": peak[1]}


def bench_memory(sizes: Sizes, report: Report, executor: str, timeout: float | None) -> None:
    print(f"memory: whole runs of `advance` in fresh subprocesses, executor={executor}", flush=True)
    results = {}
    for n in sizes.memory_sizes:
        m = measure_memory(n, executor, timeout)
        results[n] = m
        report.add(
            f"peak memory, {n:,} replications",
            f"{fmt(m['tree_pss_mb'])} MB PSS ({fmt(m['tree_rss_mb'])} MB RSS) over the process tree",
            f"`executor={executor}`; ru_maxrss: main {fmt(m['self_mb'])} MB, largest worker "
            f"{fmt(m['children_mb'])} MB; run took {fmt(m['elapsed_s'])} s",
        )
    report.figures["memory"] = {str(n): m for n, m in results.items()}
    if len(sizes.memory_sizes) >= 2:
        small, big = sizes.memory_sizes[0], sizes.memory_sizes[-1]
        a, b = results[small], results[big]
        report.add(
            f"peak memory {big:,} / {small:,} replications",
            f"{fmt(b['tree_pss_mb'] / a['tree_pss_mb'])}× PSS, main process {fmt(b['self_mb'] / a['self_mb'])}×",
            f"{big // small if big % small == 0 else fmt(big / small)}× the replications",
            memory_ratio_pss=b["tree_pss_mb"] / a["tree_pss_mb"],
            memory_ratio_main=b["self_mb"] / a["self_mb"],
        )


# -------------------------------------------------------------------------------------- 5. startup
def _noop(x: int) -> int:
    return x


def pool_roundtrip(workers: int) -> float:
    from concurrent.futures import ProcessPoolExecutor

    from sim.experiment.executors import process_context

    t0 = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers, mp_context=process_context()) as pool:
        list(pool.map(_noop, range(workers)))
    return time.perf_counter() - t0


def cluster_roundtrip(workers: int) -> float:
    from dask.distributed import Client, LocalCluster

    t0 = time.perf_counter()
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        client.gather(client.map(_noop, range(workers)))
    return time.perf_counter() - t0


def bench_startup(sizes: Sizes, report: Report) -> None:
    import logging

    import sim

    print("startup: tiny job (2 replications, horizon_days=1) per executor", flush=True)
    logging.getLogger("distributed").setLevel(logging.ERROR)
    t0 = time.perf_counter()
    import dask.distributed  # noqa: F401 - timed: the first dask run pays for it

    dask_import = time.perf_counter() - t0
    tiny = ["+scenario=advance", "replications=2", "horizon_days=1"]
    setups = {
        "serial": ["executor=serial"],
        "processes": ["executor=processes", "executor.n_workers=2"],
        "dask": ["executor=dask", "executor.n_workers=2"],
    }
    cfgs = {name: typed(tiny + extra) for name, extra in setups.items()}
    sim.run(cfgs["serial"])  # warm-up: first-call costs (imports, caches) are not the executor's
    walls: dict[str, list[float]] = {name: [] for name in cfgs}
    for _ in range(sizes.startup_repeats):
        for name, cfg in cfgs.items():
            t0 = time.perf_counter()
            sim.run(cfg)
            walls[name].append(time.perf_counter() - t0)
    med = {name: statistics.median(times) for name, times in walls.items()}
    pool = statistics.median(pool_roundtrip(2) for _ in range(sizes.startup_repeats))
    cluster = (
        statistics.median(cluster_roundtrip(2) for _ in range(sizes.startup_repeats))
        if sizes.bare_cluster
        else math.nan
    )
    how = f"median of {sizes.startup_repeats}" if sizes.startup_repeats > 1 else "one run"
    report.add(
        "start-up, serial",
        f"{fmt(1e3 * med['serial'])} ms tiny job",
        f"2 replications of `advance`, `horizon_days=1`, `sim.run` wall time; {how}",
    )
    report.add(
        "start-up, processes (2 workers)",
        f"+{fmt(1e3 * (med['processes'] - med['serial']))} ms over serial",
        f"tiny job {fmt(1e3 * med['processes'])} ms; bare pool create + 2 tasks + shutdown {fmt(1e3 * pool)} ms",
    )
    report.add(
        "start-up, dask LocalCluster (2 workers)",
        f"+{fmt(med['dask'] - med['serial'])} s over serial",
        f"tiny job {fmt(med['dask'])} s; "
        + (f"bare cluster + client create, 2 tasks, close {fmt(cluster)} s; " if sizes.bare_cluster else "")
        + f"`import dask.distributed` {fmt(dask_import)} s (paid once)",
    )
    report.figures["startup"] = {
        "tiny_job_s": med,
        "overhead_s": {k: med[k] - med["serial"] for k in med},
        "pool_roundtrip_s": pool,
        "cluster_roundtrip_s": cluster,
        "dask_import_s": dask_import,
        "repeats": sizes.startup_repeats,
    }


# -------------------------------------------------------------------------------------- 6. commands
BARE_PROCESSES, BARE_TIMEOUTS = 1, 4000  # the fixed bare loop: one process, 4,000 timeouts
REPLICATION_BLOCK = 10  # replications timed as one chunk, alternated with as many bare loops
MINIMAL_APP = """
import hydra


@hydra.main(version_base="1.3", config_path=None, config_name=None)
def main(cfg):
    pass


main()
"""


def _sim_env() -> dict[str, str]:
    """The environment of a timed command: this checkout's sim, and Python's bytecode cache on as a user has it
    (with PYTHONDONTWRITEBYTECODE set, as on some CI images, every command would compile sim's modules again,
    about 0.35 s, and no warm-up could cache them)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    env.pop("HYDRA_FULL_ERROR", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def sweep_phases(sweep: Path, began: float) -> dict[str, float]:
    """Where a sweep's wall time went, from its files' times: start-up until Hydra writes `multirun.yaml`,
    each job from the end of the one before to its `run.json` (minus the simulation its meta reports), and
    the comparison until `comparison.html`."""
    jobs = sorted(sweep.glob("job*/"), key=lambda job: int(job.name[3:].split("_")[0]))
    ends = [(job / "run.json").stat().st_mtime for job in jobs]
    simulated = [float(json.loads((job / "run.json").read_text())["elapsed_s"]) for job in jobs]
    start = (sweep / "multirun.yaml").stat().st_mtime
    overheads = [end - before - sim for end, before, sim in zip(ends, [start, *ends[:-1]], simulated)]
    return {
        "simulation_s": sum(simulated),
        "startup_s": start - began,
        "first_job_overhead_s": overheads[0],
        "later_job_overhead_s": statistics.median(overheads[1:]) if len(overheads) > 1 else math.nan,
        "comparison_s": (sweep / "comparison.html").stat().st_mtime - ends[-1],
    }


def timed_command(cmd: list[str], cwd: Path) -> float:
    """Wall seconds of one command (its output discarded); a failing command stops the benchmark."""
    t0 = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=_sim_env(), capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stderr[-2000:]}")
    return wall


def median_command(cmd: list[str], cwd: Path, repeats: int) -> tuple[float, list[float]]:
    """Median wall of `repeats` runs, after one untimed warm-up (file cache, bytecode) when `repeats` > 1."""
    if repeats > 1:
        timed_command(cmd, cwd)
    walls = [timed_command(cmd, cwd) for _ in range(repeats)]
    return statistics.median(walls), walls


def sim_command(args: list[str]) -> list[str]:
    return [sys.executable, "-m", "sim", *args]


def _walls(walls: list[float]) -> str:
    return ", ".join(f"{w:.2f}" for w in walls) + " s"


def bare_fixed() -> float:
    """Wall seconds of the fixed bare loop: one process yielding `env.timeout(1)` 4,000 times."""
    return bare_loop(BARE_PROCESSES, BARE_TIMEOUTS)[1]


def bench_commands(sizes: Sizes, report: Report) -> None:
    import sim
    from sim.experiment.replicate import run_chunk
    from sim.experiment.seeds import replication_seed

    print("commands: whole commands, sim.run overhead, a sweep, the replication against 4,000 timeouts", flush=True)
    n = sizes.command_repeats
    how = f"median of {n} after a warm-up" if n > 1 else "one run"
    with tempfile.TemporaryDirectory(prefix="sim-bench-") as tmp:
        cwd = Path(tmp)
        figures: dict[str, Any] = {}
        nothing = median_command([sys.executable, "-c", "pass"], cwd, n)[0]
        api, api_walls = median_command([sys.executable, "-c", "import sim.api"], cwd, n)
        report.add(
            "`import sim.api`",
            f"{fmt(api)} s wall",
            f"fresh interpreter, {how} ({_walls(api_walls)}); `python -c pass` {fmt(nothing)} s",
        )
        figures["import_sim_api_s"] = api
        args = ["+scenario=advance", "replications=2", *sizes.command_extra]
        whole, whole_walls = median_command(sim_command(args), cwd, n)
        if "plots=false" in args:
            no_plots, no_plots_walls = whole, whole_walls
        else:
            no_plots, no_plots_walls = median_command(sim_command([*args, "plots=false"]), cwd, n)
        hydra_import = median_command([sys.executable, "-c", "import hydra"], cwd, n)[0]
        app = cwd / "minimal_app.py"
        app.write_text(MINIMAL_APP)
        minimal = median_command([sys.executable, str(app), f"hydra.run.dir={cwd / 'minimal'}"], cwd, n)[0]
        report.add(
            f"`python -m sim {' '.join(args)}`",
            f"{fmt(whole)} s wall; `plots=false` {fmt(no_plots)} s",
            f"{how} ({_walls(whole_walls)}; `plots=false` {_walls(no_plots_walls)}); Hydra's own share: "
            f"`import hydra` {fmt(hydra_import)} s, a minimal `@hydra.main` app (no config) {fmt(minimal)} s",
        )
        figures.update(command_s=whole, command_no_plots_s=no_plots, hydra_import_s=hydra_import, hydra_app_s=minimal)

        overhead: dict[str, Any] = {}
        for reps in sizes.overhead_reps:
            overrides = ["+scenario=advance", f"replications={reps}", "executor=serial", "plots=false", *QUIET]
            sim.run(sim.compose(overrides))  # warm-up
            rows = []
            for _ in range(sizes.overhead_repeats):
                cfg = sim.compose(overrides)  # as a notebook passes it: the check (to_typed) is sim.run's
                t0 = time.perf_counter()
                meta = sim.run(cfg).meta
                rows.append((time.perf_counter() - t0, float(meta["elapsed_s"])))
            over = statistics.median(w - e for w, e in rows)
            simulated = statistics.median(e for _, e in rows)
            overhead[str(reps)] = {"overhead_s": over, "simulation_s": simulated, "share": over / simulated}
            report.add(
                f"`sim.run` overhead, {reps} replication{'s' if reps > 1 else ''}",
                f"{fmt(1e3 * over)} ms ({fmt(100 * over / simulated)}% of the simulation)",
                f"wall of `sim.run(sim.compose(...))` (serial) minus the `elapsed_s` its meta reports "
                f"({fmt(simulated)} s); median of {sizes.overhead_repeats}",
            )
        figures["sim_run_overhead"] = overhead

        sweep = cwd / "sweep"
        seeds = ",".join(str(i + 1) for i in range(sizes.sweep_jobs))
        sweep_args = ["-m", "+scenario=advance", f"seed={seeds}", f"replications={sizes.sweep_reps}"]
        began = time.time()
        sweep_wall = timed_command(sim_command([*sweep_args, *sizes.sweep_extra, f"hydra.sweep.dir={sweep}"]), cwd)
        phases = sweep_phases(sweep, began)
        simulated = phases["simulation_s"]
        per_job = (sweep_wall - simulated) / sizes.sweep_jobs
        report.add(
            f"sweep, {sizes.sweep_jobs} jobs × {sizes.sweep_reps} replications",
            f"{fmt(sweep_wall)} s wall = {fmt(sweep_wall / simulated)}× the jobs' simulation ({fmt(simulated)} s); "
            f"overhead {fmt(100 * (sweep_wall - simulated) / sweep_wall)}% of the wall",
            f"`python -m sim {' '.join([*sweep_args, *sizes.sweep_extra])}`, one run, comparison and combined "
            f"table included; {fmt(per_job)} s per job beyond its simulation, all costs spread over the jobs; "
            f"by phase (file times): start-up {fmt(phases['startup_s'])} s, the first job "
            f"{fmt(phases['first_job_overhead_s'])} s beyond its simulation (the experiment layer's imports), "
            f"each later job {fmt(phases['later_job_overhead_s'])} s (median), comparison "
            f"{fmt(phases['comparison_s'])} s",
        )
        figures["sweep"] = {
            "wall_s": sweep_wall,
            "ratio": sweep_wall / simulated,
            "per_job_overhead_s": per_job,
            "jobs": sizes.sweep_jobs,
            **phases,
        }

        cfg = typed(["+scenario=advance", "executor=serial"])
        bare_fixed()
        run_chunk(cfg, [(0, replication_seed(cfg.seed, 0))])
        reps, bares, block = [], [], REPLICATION_BLOCK
        for start in range(0, sizes.replication_repeats, block):  # alternated, so that a slow spell hits both
            end = min(start + block, sizes.replication_repeats)
            tasks = [(i, replication_seed(cfg.seed, i)) for i in range(start, end)]
            t0 = time.perf_counter()
            run_chunk(cfg, tasks)
            reps.extend([(time.perf_counter() - t0) / len(tasks)] * len(tasks))
            bares.extend(bare_fixed() for _ in tasks)
        rep, bare = statistics.mean(reps), statistics.median(bares)
        report.add(
            "one `advance` replication / fixed bare loop",
            f"{fmt(rep / bare)}× ({fmt(1e3 * rep)} ms vs {fmt(1e3 * bare)} ms)",
            f"whole replications as a worker runs them (`run_chunk` of {block}: `Campaign(cfg, seed).run()` and "
            f"its daily array), mean over replications 0..{sizes.replication_repeats - 1}; "
            f"bare loop of {BARE_PROCESSES} processes × {BARE_TIMEOUTS} `env.timeout(1)` = "
            f"{BARE_PROCESSES * BARE_TIMEOUTS:,} timeouts, median of {len(bares)}, alternated with them",
        )
        figures["replication_vs_bare"] = {"replication_ms": 1e3 * rep, "bare_ms": 1e3 * bare, "ratio": rep / bare}

        walls: dict[int, list[float]] = {1: [], 2: []}
        base = ["+scenario=advance", f"replications={sizes.workers_reps}", "executor=processes", *sizes.workers_extra]
        if sizes.workers_repeats > 1:
            timed_command(sim_command([*base, "executor.n_workers=2"]), cwd)  # warm-up
        for _ in range(sizes.workers_repeats):
            for workers in (1, 2):
                walls[workers].append(timed_command(sim_command([*base, f"executor.n_workers={workers}"]), cwd))
        one, two = statistics.median(walls[1]), statistics.median(walls[2])
        ceiling = machine_ceiling(sizes.spin, sizes.speedup_repeats)  # measured again, beside these runs
        report.add(
            f"2 workers vs 1, whole command ({sizes.workers_reps} replications)",
            f"{fmt(one / two)}× ({fmt(one)} s → {fmt(two)} s); the machine's ceiling now {fmt(ceiling)}×",
            f"`python -m sim {' '.join(base)} executor.n_workers=1|2`, alternated, median of "
            f"{sizes.workers_repeats} (1 worker {_walls(walls[1])}; 2 workers {_walls(walls[2])}); the ceiling as "
            f"in the speedup section (2 processes spinning at once vs 1, best of {sizes.speedup_repeats}); "
            f"load average {load():.1f} after",
        )
        figures["workers_whole_command"] = {
            "wall_1_s": one,
            "wall_2_s": two,
            "ratio": one / two,
            "walls": walls,
            "machine_ceiling": ceiling,
        }
        report.figures["commands"] = figures


# ------------------------------------------------------------------------------------------- main
def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for pkg in ("sim", "numpy", "simpy", "pandas", "dask", "distributed"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = "n/a"
    return out


def render(report: Report, mode: str, elapsed: float) -> str:
    v = report.figures["versions"]
    loads = [x for _, x in report.loads]
    lines = [
        f"## sim benchmark ({mode})",
        "",
        f"Machine: {os.cpu_count()} CPUs ({cpu_model()}), {platform.system()} {platform.release()}; "
        f"Python {v['python']}, numpy {v['numpy']}, simpy {v['simpy']}, pandas {v['pandas']}, "
        f"dask {v['dask']}, sim {v['sim']}.",
        f"Load average (1 min): {loads[0]:.2f} at start, {loads[-1]:.2f} at end, max {max(loads):.2f} "
        f"between sections; benchmark took {elapsed:.0f} s ("
        + ", ".join(f"{name} {secs:.0f} s" for name, secs in report.seconds.items())
        + ").",
        "",
        "| measure | value | how |",
        "|---|---|---|",
    ]
    lines += [f"| {m} | {val} | {how} |" for m, val, how in report.rows]
    return "\n".join(lines)


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument(
        "--quick",
        action="store_true",
        help="small sizes for CI (memory at 10 and 30 replications); figures not worth quoting",
    )
    p.add_argument("--sizes", type=int, nargs="+", help="replication counts for peak memory (default 1000 10000)")
    p.add_argument("--sections", default=",".join(SECTIONS), help=f"comma-separated subset of {','.join(SECTIONS)}")
    p.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    p.add_argument(
        "--memory-executor",
        default="processes",
        choices=["serial", "processes"],
        help="executor of the memory runs (default processes, all cores, as the CLI)",
    )
    p.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    unknown = set(args.sections.split(",")) - set(SECTIONS)
    if unknown:
        p.error(f"unknown sections {sorted(unknown)}; choose from {','.join(SECTIONS)}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    _import_sim()
    if args.memory_child is not None:
        memory_child(args.memory_child, args.memory_executor)
        return 0
    sizes = QUICK if args.quick else Sizes()
    if args.sizes:
        sizes.memory_sizes = sorted(args.sizes)
    sections = args.sections.split(",")
    report = Report()
    report.figures["versions"] = versions()
    report.figures["cpus"] = os.cpu_count()
    started = time.perf_counter()
    steps: dict[str, Callable[[], None]] = {
        "events": lambda: bench_events(sizes, report),
        "scenarios": lambda: bench_scenarios(sizes, report),
        "speedup": lambda: bench_speedup(sizes, report),
        "memory": lambda: bench_memory(sizes, report, args.memory_executor, 600 if args.quick else None),
        "startup": lambda: bench_startup(sizes, report),
        "commands": lambda: bench_commands(sizes, report),
    }
    for name in SECTIONS:
        if name in sections:
            steps[name]()
            report.mark(name)
    elapsed = time.perf_counter() - started
    report.figures["load_average"] = dict(report.loads)
    report.figures["elapsed_s"] = elapsed
    report.figures["section_s"] = report.seconds
    report.figures["mode"] = "quick" if args.quick else "full"
    print()
    print(render(report, "quick: sizes too small to quote" if args.quick else "full", elapsed))
    if args.json:
        args.json.write_text(json.dumps(report.figures, indent=2, default=str) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
