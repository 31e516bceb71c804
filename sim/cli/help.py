"""`python -m sim --help`: sim's own page instead of Hydra's generic one (its config groups and a dump of
the whole config). It says what a user can type: the futures, the main keys with their current values (an
override given with `--help` shows), replay, resume, `replications=auto`, sweeps, the subcommands.

Hydra prints `hydra.help.template`; configs/config.yaml sets it to `${sim_help:}`, the resolver registered
here, which gets the composed config as `_root_`.
"""

from __future__ import annotations

import textwrap
from typing import Any

from omegaconf import OmegaConf

from sim.config.registry import group_options, scenario_config, scenario_files

RESOLVER = "sim_help"
WIDTH = 24
GIST = 74


def _gist(text: str) -> str:
    """A scenario's description up to its first `;`, on one line of the page."""
    return textwrap.shorten(text.split(";", 1)[0].rstrip("."), width=GIST, placeholder="…")


def _futures() -> list[str]:
    lines = []
    for path in scenario_files():
        data = scenario_config(path)  # bounded, refusing what is not data (sim.config.scenario_file)
        error = data.get("scenario_error")
        gist = "not a valid scenario file (running it says why)" if error else _gist(str(data.get("description", "")))
        lines.append(f"  {path.stem:<{WIDTH - 2}}{gist}")
    return lines


def _get(root: Any, key: str, default: Any = "?") -> Any:
    value = OmegaConf.select(root, key, default=default, throw_on_missing=False)
    return default if value is None else value


def page(_root_: Any = None) -> str:
    """The help page; `_root_` is the composed config (its values are shown as the current ones)."""
    root = _root_ if _root_ is not None else OmegaConf.create({})
    options = group_options()
    start, executor = _get(root, "theatre.start_date"), _get(root, "executor.name")
    keys = [
        ("replications=N", f"now {_get(root, 'replications')}"),
        ("replications=auto", "until the 95% CI of each precision.outcomes is within precision.target"),
        ("", f"(now {_get(root, 'precision.target')}) of its mean, in batches up to precision.max_replications"),
        ("seed=N", f"now {_get(root, 'seed')}; replication i draws from child i of SeedSequence(seed)"),
        ("horizon_days=D", f"now {_get(root, 'horizon_days')}, from theatre.start_date {start}"),
        ("executor=NAME", " | ".join(options["executor"]) + f" (now {executor}); executor.n_workers=N,"),
        ("", "executor.address=tcp://HOST:PORT (a Dask scheduler)"),
        ("theatre=, forces=", "the data of a date: " + " | ".join(options["theatre"])),
        ("progress=false", "no progress bar (a terminal or Jupyter) or progress lines (a log)"),
        ("plots=true|false", "draw the figures or not (default: a run does, a sweep's jobs do not)"),
    ]
    lines = [
        "sim: Monte Carlo futures of the Russia-Ukraine war from 1 October 2022 (SimPy, Hydra).",
        "",
        "usage: python -m sim [+scenario=NAME] [key=value ...]   (the `sim` command is the same)",
        "",
        "Futures, +scenario=NAME (the + is needed; none given: baseline):",
        *_futures(),
        "",
        "Main keys (any key of `--cfg job` can be set the same way):",
        *(f"  {key:<{WIDTH - 2}}{what}" for key, what in keys),
        "",
        "One replication, an interrupted run:",
        f"  {'replay=17':<{WIDTH - 2}}replication 17 alone, as a story: replay-17.md and its figures",
        f"  {'resume=FOLDER':<{WIDTH - 2}}complete a run (same overrides): only the missing replications run",
        f"  {'resume=auto':<{WIDTH - 2}}complete the run's own folder: a sweep run again into its hydra.sweep.dir",
        "",
        "Sweeps and comparisons:",
        "  python -m sim -m +scenario=dissuasion,advance,unprepared_conscripts   one folder per future,",
        "      and comparison.md beside them (each job against the first); any key sweeps the same way:",
        "      -m combat.law=square,linear",
        "  python -m sim compare RESULT_DIR... [--out DIR] [--all-pairs]   compare finished runs",
        "  python -m sim validate [--quick]                  the model validation suite",
        "  python -m sim calibrate +scenario=A,B +explore=record [record.until=2022-10-31]   weigh futures",
        "      against the public record of autumn 2022 (data/record/): calibration.md, posterior, predictive",
        "  python -m sim provenance [--format csv]           every parameter: default, range, unit, source",
        "  design runs over the uncertain parameters: the explore group, e.g. +explore=deterrence",
        "",
        "Results go to results/<scenario>/<timestamp>_<run id>/ (tables, figures, summary.md, report.html).",
        "--cfg job prints the composed config; --hydra-help is Hydra's own help; the README says the rest.",
    ]
    return "\n".join(lines) + "\n"


def register() -> None:
    """Idempotent: make `${sim_help:}` resolvable before Hydra composes the config."""
    if not OmegaConf.has_resolver(RESOLVER):
        OmegaConf.register_new_resolver(RESOLVER, page)


register()  # at import, as sim.config.registry does: a sweep's job processes import sim.cli.run, not main()
