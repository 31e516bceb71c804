"""Formations and the personnel ledger.

Every soldier who enters the theatre is an arrival and every one who leaves it is a loss by cause, so
the ledger proves conservation: initial + arrivals = present + losses.
"""

from __future__ import annotations

import math
from collections import defaultdict
from functools import partial
from typing import TYPE_CHECKING, Any

from sim.laws.manoeuvre import lognormal_factor

if TYPE_CHECKING:
    from sim.world.kernel import Kernel
    from sim.world.recorder import Recorder

LOSS_CAUSES = ("combat", "strike", "captured")
SIDES = ("ua", "ru")


class Formation:
    """A formation; changing its sector or posture tells its owner to re-index (moves are rare, lookups many)."""

    __slots__ = (
        "_posture",
        "_sector",
        "cohesion",
        "equipment",
        "heavy",
        "kind",
        "name",
        "owner",
        "personnel",
        "side",
        "supply",
        "training",
    )

    def __init__(
        self,
        name: str,
        side: str,
        sector: str | None,
        kind: str,
        personnel: float,
        equipment: float,
        training: float,
        cohesion: float,
        supply: float,
        posture: str,
        heavy: float = 1.0,
    ) -> None:
        self.owner: Forces | None = None
        self.name, self.side, self._sector, self.kind = name, side, sector, kind
        self.personnel, self.equipment, self.training = personnel, equipment, training
        self.cohesion, self.supply, self._posture = cohesion, supply, posture
        self.heavy = heavy  # share of its heavy equipment (armour, artillery) relative to a regular formation

    @property
    def sector(self) -> str | None:
        return self._sector

    @sector.setter
    def sector(self, value: str | None) -> None:
        self._sector = value
        if self.owner is not None:
            self.owner.dirty = True

    @property
    def posture(self) -> str:
        return self._posture

    @posture.setter
    def posture(self, value: str) -> None:
        self._posture = value
        if self.owner is not None:
            self.owner.dirty = True

    def __repr__(self) -> str:
        return f"Formation({self.name}, {self.side}, {self.sector}, {self.personnel:.0f}, {self.posture})"


class Group:
    """A concentration in the open: a convoy or a billet of the mobilized (present, but in no formation).

    `parts` is how many alike concentrations it stands for (a convoy housed in several buildings): ISR finds
    and strikes them one by one, each holding size / parts soldiers."""

    __slots__ = ("active", "kind", "parts", "sector", "side", "size")

    def __init__(self, kind: str, size: float, side: str = "ru", sector: str | None = None, parts: int = 1) -> None:
        self.kind, self.size, self.side, self.sector, self.parts = kind, size, side, sector, parts
        self.active = True


class Ledger:
    """Personnel flows per side and category; losses also by cause and by place."""

    def __init__(self) -> None:
        self.initial: dict[str, float] = defaultdict(float)
        self.arrivals: dict[str, float] = defaultdict(float)
        self.losses: dict[tuple[str, str, str], float] = defaultdict(float)  # (side, kind, cause)
        self.losses_by_place: dict[str, float] = defaultdict(float)  # Russian strike losses: billet, convoy...

    def lost(self, side: str, kind: str | None = None, cause: str | None = None) -> float:
        return math.fsum(
            v
            for (s, k, c), v in self.losses.items()
            if s == side and (kind is None or k == kind) and (cause is None or c == cause)
        )


class Forces:
    """All formations of both sides and the ledger of who came and went (a mechanism: it reports both)."""

    name = "forces"

    def __init__(self) -> None:
        self.formations: list[Formation] = []
        self.by_name: dict[str, Formation] = {}  # the first formation of each name (deployments look units up)
        self.groups: list[Group] = []
        self.ledger = Ledger()
        self.dirty = True
        self._by_place: dict[tuple[str, str | None], list[Formation]] = {}

    def _track(self, formation: Formation) -> None:
        formation.owner = self
        self.formations.append(formation)
        self.by_name.setdefault(formation.name, formation)
        self.dirty = True

    def add(self, formation: Formation, *, arrival: bool) -> Formation:
        self._track(formation)
        bucket = self.ledger.arrivals if arrival else self.ledger.initial
        bucket[formation.side] += formation.personnel
        return formation

    def reinforce(self, formation: Formation, personnel: float) -> None:
        formation.personnel += personnel
        self.ledger.arrivals[formation.side] += personnel

    def at(self, side: str, sector: str | None) -> list[Formation]:
        """Every formation of `side` placed in `sector`, whatever its posture or strength (do not mutate)."""
        if self.dirty:
            self._by_place = {}
            for f in self.formations:
                self._by_place.setdefault((f.side, f._sector), []).append(f)
            self.dirty = False
        return self._by_place.get((side, sector), [])

    def in_sector(self, side: str, sector: str, postures: tuple[str, ...] = ("attack", "defend")) -> list[Formation]:
        return [f for f in self.at(side, sector) if f._posture in postures and f.personnel > 0.0]

    def inflict(
        self, formations: list[Formation], loss: float, cause: str, weights: list[float] | None = None
    ) -> float:
        """Spread `loss` soldiers over formations pro rata to personnel (times optional weights).

        Returns the loss actually taken (never more than the formations hold).
        """
        if loss <= 0.0 or not formations:
            return 0.0
        w = [f.personnel * (1.0 if weights is None else weights[i]) for i, f in enumerate(formations)]
        total_w = math.fsum(w)
        if total_w <= 0.0:
            return 0.0
        taken = 0.0
        for f, wi in zip(formations, w):
            share = min(f.personnel, loss * wi / total_w)
            f.personnel -= share
            taken += share
            self.ledger.losses[(f.side, f.kind, cause)] += share
        return taken

    def present(self, side: str) -> float:
        in_formations = math.fsum(f.personnel for f in self.formations if f.side == side)
        return in_formations + math.fsum(g.size for g in self.groups if g.side == side and g.active)

    def form_group(self, kind: str, size: float, side: str, sector: str | None = None) -> Group:
        """Soldiers entering the theatre as a concentration (an arrival)."""
        group = Group(kind, size, side, sector)
        self.groups.append(group)
        self.ledger.arrivals[side] += size
        return group

    def regroup(self, group: Group, kind: str, sector: str | None = None, parts: int = 1) -> Group:
        """The same soldiers in a new concentration (a convoy arriving at its billet, housed in `parts` alike
        buildings): no new arrival."""
        group.active = False
        self.groups.remove(group)
        new = Group(kind, group.size, group.side, sector, parts)
        self.groups.append(new)
        return new

    def join(self, group: Group, formation: Formation) -> None:
        """A group absorbed into a formation (the caller merges qualities): the soldiers stay present."""
        group.active = False
        self.groups.remove(group)
        if formation.owner is None:
            self._track(formation)
        formation.personnel += group.size

    # ------------------------------------------------------------------------ what the campaign reports
    def register_probes(self, recorder: Recorder) -> None:
        for side in SIDES:
            recorder.probe(f"personnel_{side}", partial(self.present, side))
        for side in SIDES:  # casualties to date: the record's estimates are dated
            recorder.probe(f"cas_{side}", partial(self.ledger.lost, side))

    def outcomes(self, row: dict[str, Any]) -> None:
        ledger = self.ledger
        row["cas_ua"] = ledger.lost("ua")
        row["cas_ru"] = ledger.lost("ru")
        row["cas_ru_regular"] = ledger.lost("ru", kind="regular")
        row["cas_ru_mobilized"] = ledger.lost("ru", kind="mobilized")
        row["cas_ru_mobilized_combat"] = ledger.lost("ru", kind="mobilized", cause="combat")
        for cause in LOSS_CAUSES:
            row[f"cas_ru_{cause}"] = ledger.lost("ru", cause=cause)
        for side in SIDES:
            row[f"personnel_initial_{side}"] = ledger.initial[side]
            row[f"personnel_arrived_{side}"] = ledger.arrivals[side]
            row[f"personnel_present_{side}"] = self.present(side)


def order_of_battle(kernel: Kernel) -> Forces:
    """The formations of `cfg.forces`, each with its own draw of strength and cohesion around the data
    (public estimates of unit strengths in autumn 2022 differ by tens of percent)."""
    cfg, streams = kernel.cfg, kernel.streams
    forces, u = Forces(), cfg.uncertainty
    for name, fc in cfg.forces.items():
        z_personnel, z_cohesion = streams.get("forces", name).standard_normal(2)
        personnel = fc.personnel * lognormal_factor(u.personnel_spread, float(z_personnel))
        cohesion = min(1.0, max(u.cohesion_floor, fc.cohesion + u.cohesion_spread * float(z_cohesion)))
        formation = Formation(
            name, fc.side, fc.sector, fc.kind, personnel, fc.equipment, fc.training, cohesion, fc.supply, fc.posture
        )
        forces.add(formation, arrival=False)
    return forces
