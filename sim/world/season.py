"""The season: autumn mud, frozen ground and short days change how fast fronts move and how often attacks come.

The calendar's effect comes from a monthly table in the config (`season.months`, each row with its source):
`advance` multiplies the ground gained in an engagement, the speed of exploitation, unopposed moves and
fall-backs, and the days a river crossing takes; `tempo` is the share of the dry-season rate of attacks an
attacker keeps: after each engagement it waits a drawn lull (mean engagement_days x (1/tempo - 1)) with
shelling and raids only. Both read as smooth daily curves between mid-month values (`sim.laws.season`), so
the rasputitsa sets in from mid-October and the lull of late November 2022 (mud, then freezing and the
shortest days) follows. Hooks: `advance_scale`, `movement_scale`, `tempo_scale`.
"""

from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache

from sim.laws.season import daily_factors
from sim.world.kernel import Kernel
from sim.world.theatre import Sector


class Season:
    name = "season"

    def __init__(self, kernel: Kernel) -> None:
        self.kernel = kernel
        cfg = kernel.cfg
        days = math.ceil(cfg.horizon_days) + 1
        if cfg.season.enabled and cfg.season.months:
            months = cfg.season.months
            start = cfg.theatre.start_date
            self.advance = _daily(start, days, tuple((m.month, m.advance) for m in months))
            self.tempo = _daily(start, days, tuple((m.month, m.tempo) for m in months))
        else:
            self.advance = self.tempo = [1.0] * (days + 1)
        self.last = days

    def today(self) -> int:
        return min(int(self.kernel.env.now), self.last)

    def advance_scale(self, side: str, sector: Sector) -> float:
        """Hook: mud slows the ground an attack takes, for either side."""
        return self.advance[self.today()]

    def movement_scale(self, side: str, sector: Sector) -> float:
        """Hook: and movement without a fight (exploitation, unopposed moves, fall-backs, crossings)."""
        return self.advance[self.today()]

    def tempo_scale(self, side: str, sector: Sector) -> float:
        """Hook: the share of the dry-season tempo of attacks an attacker keeps today."""
        return self.tempo[self.today()]


@lru_cache(maxsize=64)
def _daily(start: str, days: int, table: tuple[tuple[int, float], ...]) -> list[float]:
    """The daily curve of one column of the table, computed once per config rather than per replication
    (read-only: every replication of a run shares it)."""
    return daily_factors(dt.date.fromisoformat(start), days, dict(table))
