"""Two compositions Hydra 1.3 makes twice, made once: sim's configs are large (the structured schema of every
force, law and theatre), so each composition costs a few tenths of a second, paid per job of a sweep.

Both patch Hydra internals (Hydra is pinned < 1.4 in pyproject.toml); each is applied once per process and
changes no config: a job gets the same composition it would have had.
"""

from __future__ import annotations

from typing import Any

VALIDATED_KEPT = 64  # a sweep's first jobs whose validated composition is kept for the launcher


def skip_mode_composition() -> None:
    """Hydra 1.3 composes the whole config once only to read `hydra.mode` (`Hydra.get_mode`), then composes it
    again to run or sweep: a third of a second for sim's config. sim's configs never set `hydra.mode` (and a
    scenario file may hold no `hydra:` block), so without an override naming it the answer is None, and
    Hydra goes by the `-m` flag, as it would after that composition; with one, Hydra's own `get_mode` runs."""
    from hydra._internal.hydra import Hydra

    original = Hydra.get_mode
    if getattr(original, "sim_skips", False):
        return

    def get_mode(self: Hydra, config_name: str | None, overrides: list[str]) -> Any:
        if any(o.lstrip("+~").strip().startswith("hydra.mode") for o in overrides):
            return original(self, config_name=config_name, overrides=overrides)
        return None

    get_mode.sim_skips = True  # type: ignore[attr-defined]
    Hydra.get_mode = get_mode  # type: ignore[method-assign]


def compose_once_per_job() -> None:
    """Hydra's sweeper composes every job of a batch to catch a bad override before any job runs
    (`Sweeper.validate_batch_is_legal`), throws the compositions away, and the launcher composes each job again.
    Here the compositions made while a batch is validated (its first `VALIDATED_KEPT` jobs) are kept, and the
    launcher's request for the same master config and the same overrides takes the kept one, once and in order:
    nothing else holds it, so the launcher may change it as it does its own (the job's id and number)."""
    from hydra._internal.config_loader_impl import ConfigLoaderImpl
    from hydra.plugins.sweeper import Sweeper

    original_validate = Sweeper.validate_batch_is_legal
    if getattr(original_validate, "sim_keeps", False):
        return
    original_load = ConfigLoaderImpl.load_sweep_config
    kept: dict[tuple[int, tuple[str, ...]], list[tuple[Any, Any]]] = {}
    validating = [False]

    def validate_batch_is_legal(self: Sweeper, batch: Any) -> None:
        kept.clear()  # what an earlier batch left unused is not this batch's
        validating[0] = True
        try:
            original_validate(self, batch)
        finally:
            validating[0] = False

    def load_sweep_config(self: ConfigLoaderImpl, master_config: Any, sweep_overrides: list[str]) -> Any:
        key = (id(master_config), tuple(sweep_overrides))
        if validating[0]:
            composed = original_load(self, master_config, sweep_overrides)
            if sum(map(len, kept.values())) < VALIDATED_KEPT:
                kept.setdefault(key, []).append((master_config, composed))
            return composed
        queue = kept.get(key)
        if queue:
            master, composed = queue.pop(0)
            if not queue:
                del kept[key]
            if master is master_config:  # the master is held with it, so its id cannot be a later config's
                return composed
        return original_load(self, master_config, sweep_overrides)

    validate_batch_is_legal.sim_keeps = True  # type: ignore[attr-defined]
    Sweeper.validate_batch_is_legal = validate_batch_is_legal  # type: ignore[method-assign]
    ConfigLoaderImpl.load_sweep_config = load_sweep_config  # type: ignore[method-assign]
