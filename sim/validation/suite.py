"""The whole validation suite: analytic checks, extreme conditions, the historical backtest, in one call.

`run_suite(settings)` returns the list of `CheckResult`s; `sim.validation.report.write_report` writes them out;
`python -m sim validate` (sim/cli/validate.py) does both. `FULL` and `QUICK` are the two standard sizes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from sim.validation import analytic, backtest, extremes
from sim.validation.record import CheckResult

GROUPS = ("analytic", "extreme", "backtest")


@dataclass(frozen=True)
class Settings:
    """Sizes of every check. Seeds are fixed by `seed`, so a run is reproducible."""

    name: str = "full"
    seed: int = 2022
    executor: str = "processes"  # for the campaign runs of the extreme checks
    groups: tuple[str, ...] = GROUPS
    # analytic
    chains: int = 1000  # chains of engagement draws per law and force size
    scales: tuple[int, ...] = analytic.CONVERGENCE_SCALES
    convergence_duels: int = 1000
    duel_scales: tuple[int, ...] = analytic.DUEL_SCALES
    ctmc_duels: int = 10000  # duels per (m, n) pair
    # extreme conditions
    extreme_replications: int = 40
    controls: bool = True
    # backtest
    backtest_replications: int = 1000

    def with_(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]


FULL = Settings()
QUICK = Settings(
    name="quick",
    executor="serial",
    chains=200,
    scales=(10, 1_000, 100_000),
    convergence_duels=200,
    duel_scales=(10, 40, 160, 640),
    ctmc_duels=2000,
    extreme_replications=6,
    backtest_replications=200,
)


def run_suite(settings: Settings = FULL, progress: Callable[[str], None] | None = None) -> list[CheckResult]:
    """Run the checks of the selected groups, in order; `progress` is told each check's name as it starts."""
    say = progress or (lambda _message: None)
    checks: list[CheckResult] = []
    s = settings
    if "analytic" in s.groups:
        say("analytic: convergence of the stochastic law to the ODE")
        checks.append(
            analytic.convergence(
                scales=s.scales, chains=s.chains, duel_scales=s.duel_scales, duels=s.convergence_duels, seed=s.seed
            )
        )
        say("analytic: duels against the exact CTMC")
        started = time.perf_counter()
        duels = analytic.simulate_duels(analytic.ctmc_pairs(), duels=s.ctmc_duels, seed=s.seed)
        simulated = time.perf_counter() - started
        for check in (analytic.win_probability_check(duels), analytic.duration_check(duels)):
            check.seconds += simulated / 2
            checks.append(check)
    if "extreme" in s.groups:
        runner = extremes.Runner(replications=s.extreme_replications, seed=s.seed, executor=s.executor)
        steps: list[tuple[str, Callable[[], CheckResult]]] = [
            ("zero attacker", lambda: extremes.zero_attacker(runner, control=s.controls)),
            ("overwhelming odds", lambda: extremes.overwhelming_odds(runner)),
            ("no randomness", lambda: extremes.no_randomness(runner, control=s.controls)),
            ("zero horizon", lambda: extremes.zero_horizon(runner)),
            ("doubled frontage", lambda: extremes.doubled_frontage(runner, control=s.controls)),
        ]
        for name, step in steps:
            say(f"extreme: {name}")
            checks.append(step())
    if "backtest" in s.groups:
        say("backtest: Kharkiv counter-offensive, 6 Sept 2022")
        checks.append(backtest.kharkiv_backtest(s.backtest_replications, s.seed))
    return checks
