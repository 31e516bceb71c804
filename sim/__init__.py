"""sim: a discrete-event campaign scenario simulator for the futures argued in autumn 2022.

Public API: `compose(overrides) -> DictConfig`, `run(cfg) -> Results`, `load(path) -> Results`,
`replay(cfg, i) -> Replay`, `evaluate(params, *, scenario, replications, seed) -> dict` (one point of a sampler
of your own); `sim.api` is the module that holds them, there after a bare `import sim`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sim.version import __version__

__all__ = ["Results", "__version__", "api", "compose", "evaluate", "load", "replay", "run"]

if TYPE_CHECKING:
    from sim import api
    from sim.api import compose, evaluate, load, replay, run
    from sim.experiment.results import Results


def __getattr__(name: str) -> Any:
    """Import the API lazily so that `import sim.laws.lanchester` stays light."""
    if name == "api":
        import sim.api

        return sim.api
    if name in ("compose", "run", "load", "replay", "evaluate"):
        from sim import api

        return getattr(api, name)
    if name == "Results":
        from sim.experiment.results import Results

        return Results
    raise AttributeError(f"module 'sim' has no attribute {name!r}")
