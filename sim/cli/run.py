"""Running a scenario: `sim [+scenario=NAME] [key=value ...] [-m sweeps]`, driven by Hydra.

Hydra is asked to raise instead of printing its own traces (HYDRA_FULL_ERROR), so that every bad input
ends in one line naming the key, the value and what is allowed, exit status 2, and no result folder.

Hydra writes its provenance (`config.yaml`, `overrides.yaml`, `hydra.yaml`) before the job runs; sim has it
written into a folder of this attempt's own (`hydra.output_subdir: .hydra-<run id>` in configs/config.yaml)
and moves it to `.hydra/` only once the run has claimed its folder. A refused run, a resume and a run that
fails before saving anything leave no folder behind and never touch another run's `.hydra/`.

Signals: the first Ctrl-C or SIGTERM stops the run, keeps what is saved and prints the command that
completes it (exit status 130); a second one exits at once.
"""

from __future__ import annotations

import math
import os
import re
import shlex
import shutil
import signal
import sys
from pathlib import Path
from typing import Any, NoReturn

import hydra
from hydra.core.hydra_config import HydraConfig
from hydra.errors import HydraException, MissingConfigException, OverrideParseException
from hydra.types import RunMode
from omegaconf import DictConfig
from omegaconf.errors import OmegaConfBaseException

from sim.cli.args import EXIT_INTERRUPTED, EXIT_IO, EXIT_USAGE, one_line
from sim.cli.help import register as register_help
from sim.cli.hydra_shortcuts import compose_once_per_job, skip_mode_composition
from sim.config.check import ConfigError, check_overrides, from_omegaconf, to_typed
from sim.config.registry import CONFIG_DIR, RUN_ID, check_groups, group_options, register
from sim.experiment import stop
from sim.experiment.executors import ExecutorError
from sim.reporting import drawer

EXIT_CONFIG = EXIT_USAGE
EXIT_BUG = 1
ATTEMPT_DIR = f".hydra-{RUN_ID}"


@hydra.main(version_base="1.3", config_path=str(CONFIG_DIR), config_name="config")
def _job(cfg: DictConfig) -> None:
    hydra_cfg = HydraConfig.get()
    out = Path(hydra_cfg.runtime.output_dir)
    subdir = hydra_cfg.output_subdir
    attempt = out / subdir if subdir is not None and Path(str(subdir)).name == ATTEMPT_DIR else None
    state = {"claimed": False, "kept": False}

    def adopt(folder: Path) -> None:
        state["claimed"] = True
        _adopt_provenance(folder, attempt)

    try:
        try:
            check_overrides([str(o) for o in hydra_cfg.overrides.task])
            typed = to_typed(cfg)
        except ConfigError as err:
            _fail(err)  # exit here: an exception would make Hydra log a second, multi-line report
        if typed.plots is None:  # a sweep's jobs leave their figures to the sweep's comparison
            typed.plots = hydra_cfg.mode != RunMode.MULTIRUN
        if not typed.plots or typed.replay is not None:
            drawer.stop(drawer.RUN)  # forked at start-up for a run's figures (sim.cli.main): none will be drawn
        from sim import api

        if typed.replay is not None:
            from sim.experiment.folder import CLAIM_FILE

            replay = api.replay(typed, typed.replay, out_dir=out)
            state["kept"] = True
            if not (out / CLAIM_FILE).exists():  # a folder of its own, not a run's
                adopt(out)
            story = out / f"replay-{replay.replication}.md"
            print(f"{typed.scenario_name}: replication {typed.replay} replayed -> {story}")
            return
        target = Path(typed.resume) if typed.resume and typed.resume != api.AUTO else out
        try:
            results = api.run(typed, out_dir=out, on_claim=adopt)
        except KeyboardInterrupt:
            if not (typed.resume or state["claimed"]):
                print("sim: interrupted before the run started; nothing was saved", file=sys.stderr)
                sys.exit(EXIT_INTERRUPTED)
            state["kept"] = True
            _interrupted(target)
        except BrokenPipeError:
            raise  # stdout or stderr read by a process that left (`| head`): sim.cli.main ends quietly
        except OSError as err:
            state["kept"] = True
            print(
                f"sim: cannot write results to {target}: {one_line(err.strerror or str(err))}; "
                "replications already saved there are kept",
                file=sys.stderr,
            )
            sys.exit(EXIT_IO)
        except (ConfigError, ExecutorError) as err:
            _fail(err)
        state["kept"] = True
        meta = results.meta
        if typed.resume == api.AUTO and meta.get("computed_now") == 0:
            print(f"{typed.scenario_name}: {meta['replications']} replications, already complete -> {target}")
            return
        print(
            f"{typed.scenario_name}: {meta['replications']} replications ({meta['computed_now']} computed now) in "
            f"{meta['elapsed_s']} s ({meta['ms_per_replication']} ms each){precision_note(meta)} -> {target}"
        )
    except BrokenPipeError:
        raise
    except Exception as err:  # raised to Hydra, it would print a line of its own first
        _bug(err)
    finally:
        if not state["claimed"]:
            _discard(out, attempt)
        elif not state["kept"]:
            _discard_if_empty_run(out)


def precision_note(meta: dict[str, Any]) -> str:
    """For `replications=auto`: whether the precision was met, and by how much, or where it stopped."""
    precision = meta.get("precision")
    if not precision:
        return ""
    widths = precision.get("relative_halfwidth", {})
    key = max(widths, key=lambda k: math.inf if widths[k] is None else widths[k]) if widths else "?"
    width = widths.get(key)
    shown = "no finite mean" if width is None else f"±{width:.1%}"
    target = f"target ±{precision['target']:.1%}"
    if precision.get("met"):
        return f"; precision met: every 95% CI within {target} of its mean (widest {key}: {shown})"
    return (
        f"; precision not met: stopped at the cap of {precision['cap']} with {key} at {shown} of its mean, {target} "
        "(raise precision.max_replications for more)"
    )


def _adopt_provenance(folder: Path, attempt: Path | None) -> None:
    """Move this attempt's Hydra provenance to `folder/.hydra`, now that the folder is this run's."""
    if attempt is None or not attempt.is_dir():
        return
    final = folder / ".hydra"
    if final.is_dir():
        shutil.rmtree(final)  # left by a run that was refused or replayed here: the folder is ours now
    os.replace(attempt, final)


def _interrupted(folder: Path) -> NoReturn:
    from sim.explore.store import saved_runs

    try:
        saved = saved_runs(folder) if folder.is_dir() else 0
    except Exception:  # a damaged part: the resume repairs it
        saved = 0
    hydra_cfg = HydraConfig.get()
    if hydra_cfg.mode == RunMode.MULTIRUN:  # the whole sweep again: finished jobs are read, the others completed
        given = [a for a in sys.argv[1:] if not a.startswith(("resume=", "hydra.sweep.dir="))]
        args, what = [*given, f"hydra.sweep.dir={hydra_cfg.sweep.dir}", "resume=auto"], "sweep"
    else:
        overrides = list(hydra_cfg.overrides.task)
        resumed = any(o.startswith("resume=") for o in overrides)
        args, what = (overrides if resumed else [*overrides, f"resume={folder}"]), "run"
    command = shlex.join(args)  # to paste into a shell: a folder or a value with a space stays one argument
    print(
        f"sim: interrupted; {saved} finished replications are saved in {folder}. To complete the {what}:\n"
        f"  python -m sim {command}",
        file=sys.stderr,
    )
    sys.exit(EXIT_INTERRUPTED)


def _discard(folder: Path, attempt: Path | None) -> None:
    """Remove this attempt's Hydra bookkeeping, and the folder if nothing else is left in it (a log file
    aside); a folder that holds anything of another run is left as it is."""
    if attempt is not None:
        shutil.rmtree(attempt, ignore_errors=True)
    try:
        left = list(folder.iterdir()) if folder.is_dir() else None
    except OSError:
        return
    if left is None or any(p.suffix != ".log" for p in left):
        return
    for log in left:
        log.unlink(missing_ok=True)
    _remove_empty(folder)


def _discard_if_empty_run(folder: Path) -> None:
    """A run that claimed `folder` and failed before saving a replication: remove what it wrote there, and
    the folder if that leaves it empty."""
    from sim.experiment.folder import CLAIM_FILE
    from sim.experiment.results import CONFIG_FILE, META_FILE
    from sim.experiment.store import PARTS

    parts = folder / PARTS
    if parts.is_dir() and any(parts.glob("outcomes-*.parquet")):
        return
    shutil.rmtree(parts, ignore_errors=True)
    shutil.rmtree(folder / ".hydra", ignore_errors=True)
    for name in (CONFIG_FILE, META_FILE, CLAIM_FILE):
        (folder / name).unlink(missing_ok=True)
    for log in folder.glob("*.log"):
        log.unlink(missing_ok=True)
    _remove_empty(folder)


def _remove_empty(folder: Path) -> None:
    """Remove `folder` if it is empty, then its empty parents inside the working directory."""
    try:
        folder.rmdir()
    except OSError:  # not empty (another run is there), or already gone
        return
    stop = Path.cwd().resolve()
    here = folder.resolve().parent
    while here != stop and stop in here.parents:
        try:
            here.rmdir()
        except OSError:
            return
        here = here.parent


ADDED_WHOLE = re.compile(r"is not a subclass of (FormationConfig|SectorConfig)")


def _composition(err: BaseException) -> str | None:
    """One line for an override that Hydra could not merge, naming the override."""
    text = str(err)
    first = text.splitlines()[0] if text else ""
    if first.startswith("Could not append to config"):
        return f"config error: {first} Set it without the + prefix."
    merging = re.match(r"Error merging override (.+)", first)
    if not merging:
        return None
    override = merging.group(1).strip()
    key, _, value = override.lstrip("+~").partition("=")
    cause = err.__cause__ or err.__context__
    if cause is not None and ADDED_WHOLE.search(str(cause)):
        what = "formation" if "Formation" in str(cause) else "sector"
        return (
            f"config error: {key}={value!r} is not allowed: a key of an existing {what} (a new {what} is added "
            f"in a scenario file, whole, with all its keys)"
        )
    reason = str(getattr(cause, "msg", cause) or "").splitlines()[0] if cause is not None else ""
    return f"config error: {key}={value!r} is not allowed: {reason or 'Hydra could not merge it'}"


def explain(err: BaseException) -> str:
    """One line for the user from whatever composition or validation raised."""
    if isinstance(err, ConfigError):
        return f"config error: {err}"
    if isinstance(err, ExecutorError):
        return f"executor error: {err}"
    wanted = re.search(r"'(scenario|theatre|forces|executor|explore)/([^']*)'", str(err))
    if isinstance(err, MissingConfigException) and wanted:
        group, name = wanted.groups()
        return f"config error: {group}={name!r} is not allowed: one of " + ", ".join(group_options()[group])
    if isinstance(err, OverrideParseException):
        first = str(err).splitlines()[0] if str(err) else "not Hydra's override grammar"
        return f"config error: {err.override!r} is not allowed: an override key=value ({first})"
    merged = _composition(err) if isinstance(err, HydraException) else None
    if merged:
        return merged
    cause: BaseException | None = err
    while cause is not None and not isinstance(cause, OmegaConfBaseException):
        cause = cause.__cause__ or cause.__context__
    if isinstance(cause, OmegaConfBaseException):
        return f"config error: {from_omegaconf(cause)}"
    return "error: " + str(err)


def _fail(err: BaseException) -> NoReturn:
    print(f"sim: {one_line(explain(err))}", file=sys.stderr)
    sys.exit(EXIT_CONFIG)


def _interrupt(signum: int, frame: Any) -> None:
    """The first Ctrl-C or SIGTERM: stop the run like Ctrl-C (finished replications stay, resumable);
    from now on, the next one exits at once. The stop is also recorded, in case the KeyboardInterrupt lands
    where Python swallows it (`sim.experiment.stop`)."""
    signal.signal(signal.SIGINT, _exit_now)
    signal.signal(signal.SIGTERM, _exit_now)
    stop.request()
    raise KeyboardInterrupt


def _exit_now(signum: int, frame: Any) -> None:
    os.write(2, b"sim: interrupted again: exiting now; the replications saved so far are kept\n")
    os._exit(EXIT_INTERRUPTED)


def main() -> None:
    os.environ["HYDRA_FULL_ERROR"] = "1"
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)
    stop.install()
    register()
    register_help()
    skip_mode_composition()
    compose_once_per_job()
    try:
        check_groups(sys.argv[1:])
        check_overrides([a for a in sys.argv[1:] if not a.startswith("-")])
        _job()
    except (ConfigError, ExecutorError, HydraException, OmegaConfBaseException) as err:
        _fail(err)
    except KeyboardInterrupt:
        print("sim: interrupted", file=sys.stderr)
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        raise
    except OSError as err:  # e.g. the output folder cannot be created
        print(f"sim: cannot write results: {one_line(str(err))}", file=sys.stderr)
        sys.exit(EXIT_IO)
    except Exception as err:
        _bug(err)


def _bug(err: Exception) -> NoReturn:
    """Anything unexpected: one line and exit status 1 (SIM_DEBUG=1 raises it, with its traceback)."""
    if os.environ.get("SIM_DEBUG"):
        raise err
    print(
        f"sim: internal error: {type(err).__name__}: {one_line(str(err))[:300]} (a bug in sim: please report "
        "it with the command line; SIM_DEBUG=1 shows the traceback)",
        file=sys.stderr,
    )
    sys.exit(EXIT_BUG)


if __name__ == "__main__":
    main()
