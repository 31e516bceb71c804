"""Running a scenario: `sim [+scenario=NAME] [key=value ...] [-m sweeps]`, driven by Hydra.

Hydra is asked to raise instead of printing its own traces (HYDRA_FULL_ERROR), so that every bad input
ends in one line naming the key, the value and what is allowed, exit status 2, and no result folder.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import sys
from pathlib import Path
from typing import NoReturn

import hydra
from hydra.core.hydra_config import HydraConfig
from hydra.errors import HydraException, MissingConfigException
from omegaconf import DictConfig
from omegaconf.errors import OmegaConfBaseException

from sim.config.check import ConfigError, from_omegaconf, to_typed
from sim.config.registry import CONFIG_DIR, register, scenario_names

EXIT_CONFIG = 2
EXIT_IO = 3
EXIT_INTERRUPTED = 130


@hydra.main(version_base="1.3", config_path=str(CONFIG_DIR), config_name="config")
def _job(cfg: DictConfig) -> None:
    out = Path(HydraConfig.get().runtime.output_dir)
    try:
        typed = to_typed(cfg)
    except ConfigError as err:
        _discard(out)
        _fail(err)  # exit here: an exception would make Hydra log a second, multi-line report
    from sim import api

    if typed.replay is not None:
        replay = api.replay(typed, typed.replay, out_dir=out)
        story = out / f"replay-{replay.replication}.md"
        print(f"{typed.scenario_name}: replication {typed.replay} replayed -> {story}")
        return
    target = Path(typed.resume) if typed.resume else out
    try:
        results = api.run(typed, out_dir=out)
    except ConfigError as err:
        _discard(out)
        _fail(err)
    except KeyboardInterrupt:
        _interrupted(target, typed.resume is None and out)
    except OSError as err:
        print(
            f"sim: cannot write results to {target}: {err.strerror or err}; replications already saved there are kept",
            file=sys.stderr,
        )
        sys.exit(EXIT_IO)
    if typed.resume:
        _discard(out)
    meta = results.meta
    print(
        f"{typed.scenario_name}: {meta['replications']} replications ({meta['computed_now']} computed now) in "
        f"{meta['elapsed_s']} s ({meta['ms_per_replication']} ms each) -> {target}"
    )


def _interrupted(folder: Path, fresh: Path | bool) -> NoReturn:
    from sim.experiment.store import PartStore

    saved = len(PartStore(folder).done()) if folder.is_dir() else 0
    overrides = " ".join(HydraConfig.get().overrides.task)
    resume = "" if "resume=" in overrides else f" resume={folder}"
    print(
        f"sim: interrupted; {saved} finished replications are saved in {folder}. To complete the run:\n"
        f"  python -m sim {overrides}{resume}",
        file=sys.stderr,
    )
    sys.exit(EXIT_INTERRUPTED)


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
    cause: BaseException | None = err
    while cause is not None and not isinstance(cause, OmegaConfBaseException):
        cause = cause.__cause__ or cause.__context__
    if isinstance(cause, OmegaConfBaseException):
        return f"config error: {from_omegaconf(cause)}"
    return "error: " + " ".join(str(err).split())


def _fail(err: BaseException) -> NoReturn:
    print(f"sim: {explain(err)}", file=sys.stderr)
    sys.exit(EXIT_CONFIG)


def _terminate(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # SIGTERM ends a run like Ctrl-C: finished replications stay, resumable


def main() -> None:
    os.environ["HYDRA_FULL_ERROR"] = "1"
    signal.signal(signal.SIGTERM, _terminate)
    register()
    try:
        _job()
    except (ConfigError, HydraException, OmegaConfBaseException) as err:
        _fail(err)
    except OSError as err:  # e.g. the output folder cannot be created
        print(f"sim: cannot write results: {err}", file=sys.stderr)
        sys.exit(EXIT_IO)


if __name__ == "__main__":
    main()
