"""sim: a discrete-event campaign scenario simulator for the futures argued in autumn 2022.

Public API: `compose(overrides) -> DictConfig`, `run(cfg) -> Results`, `load(path) -> Results`,
`replay(cfg, i) -> Replay`; `sim.api` is the module that holds them, there after a bare `import sim`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sim.version import __version__

__all__ = ["Results", "__version__", "api", "compose", "load", "replay", "run"]

if TYPE_CHECKING:
    from sim import api
    from sim.api import compose, load, replay, run
    from sim.experiment.results import Results


def __getattr__(name: str) -> Any:
    """Import the API lazily so that `import sim.laws.lanchester` stays light."""
    if name == "api":
        import sim.api

        return sim.api
    if name in ("compose", "run", "load", "replay"):
        from sim import api

        return getattr(api, name)
    if name == "Results":
        from sim.experiment.results import Results

        return Results
    raise AttributeError(f"module 'sim' has no attribute {name!r}")
