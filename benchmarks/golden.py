"""Golden hash of the model's numbers: outcome rows, daily series and event traces of every scenario.

    python benchmarks/golden.py                 # print one hash per scenario and a total
    python benchmarks/golden.py --check         # compare with benchmarks/golden.json; exit 1 if any differs
    python benchmarks/golden.py --write         # record the current hashes in benchmarks/golden.json

A refactoring must leave every hash as it was; a change meant to move the numbers says why in its commit
and re-records the file. Each scenario runs `replications` replications (seed fixed) through the same
function the executors call, once without and once with the event trace; floats are hashed by their exact
bits (`float.hex`), columns by name (their order is the schema's business, not the numbers').
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
GOLDEN = Path(__file__).with_name("golden.json")
SEED = 2022
REPLICATIONS = 25


def _canon(value: Any) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float) or hasattr(value, "dtype"):
        number = float(value)
        return "nan" if math.isnan(number) else number.hex()
    if isinstance(value, dict):
        return {str(k): _canon(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple)):
        return [_canon(v) for v in value]
    return repr(value)


def scenario_hash(name: str, replications: int = REPLICATIONS, seed: int = SEED) -> str:
    from sim.api import compose
    from sim.config.check import to_typed
    from sim.experiment.seeds import replication_seed
    from sim.world.campaign import simulate

    digest = hashlib.sha256()
    for trace in (False, True):
        cfg = to_typed(compose([f"+scenario={name}", f"seed={seed}", f"record_trace={str(trace).lower()}"]))
        for i in range(replications):
            result = simulate(cfg, replication_seed(cfg.seed, i))
            record = {"row": result.row, "daily": result.daily, "trace": result.trace if trace else []}
            digest.update(json.dumps(_canon(record), sort_keys=True).encode())
    return digest.hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with benchmarks/golden.json")
    parser.add_argument("--write", action="store_true", help="record the hashes in benchmarks/golden.json")
    parser.add_argument("--replications", type=int, default=REPLICATIONS)
    args = parser.parse_args(argv)
    from sim.config.registry import scenario_names

    hashes = {name: scenario_hash(name, args.replications) for name in scenario_names()}
    hashes["total"] = hashlib.sha256("".join(hashes.values()).encode()).hexdigest()
    for name, value in hashes.items():
        print(f"{name:<24} {value}")
    if args.write:
        GOLDEN.write_text(
            json.dumps({"replications": args.replications, "seed": SEED, "hashes": hashes}, indent=2) + "\n"
        )
        print(f"recorded in {GOLDEN}")
    if args.check:
        stored = json.loads(GOLDEN.read_text())["hashes"]
        differ = [k for k in sorted(set(stored) | set(hashes)) if stored.get(k) != hashes.get(k)]
        print("golden: identical" if not differ else "golden: DIFFERENT in " + ", ".join(differ))
        return 1 if differ else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
