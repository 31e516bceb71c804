"""The command line: `python -m sim [+scenario=NAME] [key=value ...] [-m sweeps]`, driven by Hydra.

Hydra is asked to raise instead of printing its own traces (HYDRA_FULL_ERROR), so that every bad input
ends in one line naming the key, the value and what is allowed, exit status 2, and no result folder.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path
from typing import NoReturn

import hydra
from hydra.core.hydra_config import HydraConfig
from hydra.errors import HydraException, MissingConfigException
from omegaconf import DictConfig
from omegaconf.errors import OmegaConfBaseException

from sim.config.registry import CONFIG_DIR, register, scenario_names
from sim.config.validate import ConfigError, from_omegaconf, to_typed

EXIT_CONFIG = 2


@hydra.main(version_base="1.3", config_path=str(CONFIG_DIR), config_name="config")
def _job(cfg: DictConfig) -> None:
    out = Path(HydraConfig.get().runtime.output_dir)
    try:
        typed = to_typed(cfg)
    except ConfigError as err:
        _discard(out)
        _fail(err)  # exit here: an exception would make Hydra log a second, multi-line report
    from sim.api import run

    results = run(typed, out_dir=out)
    meta = results.meta
    print(f"{typed.scenario_name}: {meta['replications']} replications in {meta['elapsed_s']} s "
          f"({meta['ms_per_replication']} ms each) -> {out}")


def _discard(folder: Path) -> None:
    """Remove a run folder that holds nothing but Hydra's own bookkeeping."""
    if folder.is_dir() and all(p.name == ".hydra" or p.suffix == ".log" for p in folder.iterdir()):
        shutil.rmtree(folder, ignore_errors=True)
        stop = Path.cwd().resolve()
        parent = folder.resolve().parent
        while parent != stop and stop in parent.parents and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent


def explain(err: BaseException) -> str:
    """One line for the user from whatever composition or validation raised."""
    if isinstance(err, ConfigError):
        return f"config error: {err}"
    wanted = re.search(r"'scenario/([^']*)'", str(err))
    if isinstance(err, MissingConfigException) and wanted:
        return f"config error: scenario={wanted.group(1)!r} is not allowed: one of " + ", ".join(scenario_names())
    cause = err.__cause__ if isinstance(err.__cause__, OmegaConfBaseException) else err
    if isinstance(cause, OmegaConfBaseException):
        return f"config error: {from_omegaconf(cause)}"
    return "error: " + " ".join(str(err).split())


def _fail(err: BaseException) -> NoReturn:
    print(f"sim: {explain(err)}", file=sys.stderr)
    sys.exit(EXIT_CONFIG)


def main() -> None:
    os.environ["HYDRA_FULL_ERROR"] = "1"
    register()
    try:
        _job()
    except (ConfigError, HydraException, OmegaConfBaseException) as err:
        _fail(err)


if __name__ == "__main__":
    main()
