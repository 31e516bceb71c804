"""What a design costs beyond its runs: its wall time against the same number of plain replications in one run.

    python benchmarks/explore.py                     # deterrence on dissuasion, Morris n=8 (64 points) x 10
    python benchmarks/explore.py --n 4 --replications 5 --repeats 1   # a quick look

Both go through `sim.run` in memory on the same executor (`processes`, all cores): the design's runs (each
point's config made from the typed config, no Hydra per point) against `replications = points x R` of the
scenario alone. The two alternate, `--repeats` times each, and the best of each is compared (the host is
shared: the best is the least disturbed). Different parameter values make different amounts of model work
(a campaign that freezes early has fewer events), so `--null` also times the same design with every parameter
held at the scenario's own value (one level each): the same model work as the plain run, so the difference is
the design's own overhead. Prints one table; nothing is asserted.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sim  # noqa: E402
from sim.config.check import to_typed  # noqa: E402
from sim.config.schema import SimConfig, UncertainConfig  # noqa: E402
from sim.explore.run import plan  # noqa: E402
from sim.explore.uncertainties import field_of  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="dissuasion")
    parser.add_argument("--explore", default="deterrence")
    parser.add_argument("--method", default="morris")
    parser.add_argument("--n", type=int, default=8)
    parser.add_argument("--replications", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--null", action="store_true", help="also the design held at the scenario's values")
    args = parser.parse_args(argv)
    common = [f"+scenario={args.scenario}", "progress=false", "executor=processes"]
    design_cfg = to_typed(
        sim.compose(
            [
                *common,
                f"+explore={args.explore}",
                f"explore.method={args.method}",
                f"explore.n={args.n}",
                f"replications={args.replications}",
            ]
        )
    )
    points = len(plan(design_cfg).unit)
    runs = points * args.replications
    plain_cfg = to_typed(sim.compose([*common, f"replications={runs}"]))
    configs = {"design": design_cfg, "plain": plain_cfg}
    if args.null:
        configs["null design"] = held(design_cfg)
    times: dict[str, list[float]] = {name: [] for name in configs}
    for _ in range(args.repeats):
        for name, cfg in configs.items():
            started = time.perf_counter()
            sim.run(cfg)
            times[name].append(time.perf_counter() - started)
    best = {k: min(v) for k, v in times.items()}
    print("| measure | value |\n|---|---|")
    what = f"{args.explore} on {args.scenario}, {args.method} n={args.n}"
    print(f"| design | {what}: {points} points x {args.replications} = {runs} runs |")
    for name in configs:
        spread = ", ".join(f"{t:.2f}" for t in times[name])
        print(f"| {name} run, wall | best {best[name]:.2f} s ({spread}); {1000 * best[name] / runs:.1f} ms per run |")
    print(f"| design / plain | {best['design'] / best['plain']:.3f}x (acceptance: at most 1.15x) |")
    if args.null:
        print(f"| null design / plain | {best['null design'] / best['plain']:.3f}x (the same model work) |")
    return 0


def held(cfg: SimConfig) -> SimConfig:
    """The design with each parameter at one level, the scenario's own value: a design of identical points."""
    params = []
    for p in plan(cfg).params:
        found = field_of(cfg, p.key)
        assert found is not None
        params.append(UncertainConfig(key=p.key, dist="levels", levels=[found[0]]))
    return dataclasses.replace(cfg, explore=dataclasses.replace(cfg.explore, parameters=params))


if __name__ == "__main__":
    sys.exit(main())
