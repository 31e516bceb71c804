"""Formations and the personnel ledger: losses are spread without creating or destroying soldiers, and over
any sequence of arrivals, losses and regroupings initial + arrivals = present + losses on each side."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.world.forces import LOSS_CAUSES, Forces, Formation

SIDES = ("ua", "ru")


def formation(name: str, personnel: float, side: str = "ru", kind: str = "regular") -> Formation:
    return Formation(name, side, "lyman", kind, personnel, 1.0, 0.8, 0.9, 1.0, "defend")


def rel(x: float) -> float:
    """A tolerance for sums of floats of size x."""
    return 1e-9 * max(1.0, abs(x))


# ------------------------------------------------------------------------------------------------ inflict
def test_inflict_spreads_losses_pro_rata_to_strength():
    """300 losses on brigades of 2,000 and 1,000 fall 200 and 100, and the ledger books them by cause."""
    forces = Forces()
    big, small = (forces.add(formation(n, p), arrival=False) for n, p in (("a", 2000.0), ("b", 1000.0)))
    taken = forces.inflict([big, small], 300.0, "combat")
    assert taken == pytest.approx(300.0)
    assert (big.personnel, small.personnel) == (pytest.approx(1800.0), pytest.approx(900.0))
    assert forces.ledger.lost("ru", cause="combat") == pytest.approx(300.0)
    assert forces.ledger.lost("ru", cause="strike") == 0.0


def test_weights_shift_losses_onto_the_vulnerable():
    """With vulnerability 2 against 1, two equal formations lose 2:1."""
    forces = Forces()
    raw, veteran = (forces.add(formation(n, 1000.0), arrival=False) for n in ("raw", "veteran"))
    forces.inflict([raw, veteran], 300.0, "combat", weights=[2.0, 1.0])
    assert (raw.personnel, veteran.personnel) == (pytest.approx(800.0), pytest.approx(900.0))


def test_inflict_takes_nothing_from_nobody():
    """No loss, no formations, or formations with no one left: nothing is taken and nothing booked."""
    forces = Forces()
    empty = forces.add(formation("empty", 0.0), arrival=False)
    assert forces.inflict([], 100.0, "combat") == 0.0
    assert forces.inflict([empty], 100.0, "combat") == 0.0
    assert forces.inflict([empty], 0.0, "combat") == 0.0
    assert forces.ledger.lost("ru") == 0.0


strengths = st.lists(st.floats(0.0, 1e5), min_size=1, max_size=6)


@settings(deadline=None, max_examples=150, derandomize=True)
@given(strengths, st.floats(0.0, 3e5), st.data())
def test_inflict_conserves_personnel_and_never_overdraws(personnel, loss, data):
    """Taken + remaining = before; no formation goes negative; never more taken than asked or than present."""
    weights = data.draw(st.none() | st.lists(st.floats(0.0, 3.0), min_size=len(personnel), max_size=len(personnel)))
    forces = Forces()
    units = [forces.add(formation(f"f{i}", p), arrival=False) for i, p in enumerate(personnel)]
    before = sum(personnel)
    taken = forces.inflict(units, loss, "strike", weights)
    after = sum(f.personnel for f in units)
    assert all(f.personnel >= 0.0 for f in units)
    assert taken + after == pytest.approx(before, rel=1e-12, abs=1e-9)
    assert taken <= loss + rel(loss)
    assert taken <= before + rel(before)
    assert forces.ledger.lost("ru", cause="strike") == pytest.approx(taken, rel=1e-12, abs=1e-9)
    if weights is None:  # plain pro rata: all that was asked, or everyone
        assert taken == pytest.approx(min(loss, before), rel=1e-9, abs=1e-9)


# ----------------------------------------------------------------------------------------------- ledger
def test_a_convoy_regrouped_into_a_billet_then_joined_is_one_arrival():
    """Mobilized soldiers arrive once, as a convoy; becoming a billet and then a formation adds no one."""
    forces = Forces()
    convoy = forces.form_group("convoy", 500.0, "ru")
    billet = forces.regroup(convoy, "billet", "lyman")
    assert not convoy.active and billet.active and billet.size == 500.0
    unit = formation("ru_mobilized", 0.0, kind="mobilized")
    forces.join(billet, unit)
    assert not billet.active and unit in forces.formations and unit.personnel == 500.0
    assert forces.ledger.arrivals["ru"] == 500.0 and forces.present("ru") == 500.0


# A random campaign of bookkeeping: each step names an operation and the numbers it needs; indexes pick among
# whatever formations or groups exist at that point (a step with nothing to act on is skipped).
step = st.one_of(
    st.tuples(st.just("add"), st.sampled_from(SIDES), st.floats(0, 2e4), st.booleans()),
    st.tuples(st.just("reinforce"), st.integers(0, 50), st.floats(0, 5e3)),
    st.tuples(
        st.just("inflict"),
        st.sampled_from(SIDES),
        st.floats(0, 3e4),
        st.sampled_from(LOSS_CAUSES),
        st.booleans(),
    ),
    st.tuples(st.just("form_group"), st.sampled_from(SIDES), st.floats(0, 5e3)),
    st.tuples(st.just("regroup"), st.integers(0, 50)),
    st.tuples(st.just("join"), st.integers(0, 50), st.integers(0, 50), st.booleans()),
)


def apply(forces: Forces, op: tuple) -> None:
    kind = op[0]
    formations, groups = forces.formations, forces.groups
    if kind == "add":
        _, side, personnel, arrival = op
        forces.add(formation(f"f{len(formations)}", personnel, side), arrival=arrival)
    elif kind == "reinforce" and formations:
        forces.reinforce(formations[op[1] % len(formations)], op[2])
    elif kind == "inflict":
        _, side, loss, cause, weighted = op
        targets = [f for f in formations if f.side == side]
        weights = [1.0 + (i % 3) for i in range(len(targets))] if weighted else None
        forces.inflict(targets, loss, cause, weights)
    elif kind == "form_group":
        forces.form_group("convoy", op[2], op[1])
    elif kind == "regroup" and groups:
        forces.regroup(groups[op[1] % len(groups)], "billet")
    elif kind == "join" and groups:
        group = groups[op[1] % len(groups)]
        same_side = [f for f in formations if f.side == group.side]
        if op[3] or not same_side:  # a new formation raised from the group, as mobilization does
            unit = formation(f"new{len(formations)}", 0.0, group.side, "mobilized")
        else:
            unit = same_side[op[2] % len(same_side)]
        forces.join(group, unit)


@settings(deadline=None, max_examples=100, derandomize=True)
@given(st.lists(step, max_size=40))
def test_ledger_balances_over_any_sequence(ops):
    """initial + arrivals = present + losses for each side, after every step of any sequence."""
    forces = Forces()
    for op in ops:
        apply(forces, op)
        ledger = forces.ledger
        for side in SIDES:
            came = ledger.initial[side] + ledger.arrivals[side]
            accounted = forces.present(side) + ledger.lost(side)
            assert came == pytest.approx(accounted, rel=1e-9, abs=1e-6)
        assert all(f.personnel >= 0.0 for f in forces.formations)
        assert all(g.active for g in forces.groups)  # groups absorbed or regrouped leave the list
    causes = sum(forces.ledger.lost(side, cause=c) for side in SIDES for c in LOSS_CAUSES)
    assert causes == pytest.approx(sum(forces.ledger.lost(side) for side in SIDES))


def test_index_follows_moves_and_posture_changes():
    """A formation moved to another sector or put in reserve is found there, no longer where it was."""
    forces = Forces()
    unit = forces.add(formation("a", 1000.0), arrival=False)
    assert forces.in_sector("ru", "lyman") == [unit]
    unit.posture = "reserve"
    assert forces.in_sector("ru", "lyman") == []
    assert forces.in_sector("ru", "lyman", postures=("reserve",)) == [unit]
    unit.sector = "kherson"
    assert forces.at("ru", "lyman") == [] and forces.at("ru", "kherson") == [unit]
