"""A sector as a depth track: the front moves smoothly and stays on the track, area is width × advance, and
the lines and rivers ahead are found from the front in each side's direction."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.config.schema import LineConfig, RiverConfig, SectorConfig
from sim.world.theatre import Sector


def small_sector() -> Sector:
    """40 km wide, track from -30 to 60 km: Russian lines at 2, 15 and 40 km, a Ukrainian one at -5 km,
    the Oskil ahead of Ukraine at 30 km and a river behind it at -10 km."""
    cfg = SectorConfig(
        width_km=40.0,
        lines=[
            LineConfig(at_km=15.0, fortification=1.5, side="ru"),  # given out of order on purpose
            LineConfig(at_km=2.0, fortification=2.0, side="ru"),
            LineConfig(at_km=40.0, fortification=3.0, side="ru"),
            LineConfig(at_km=-5.0, fortification=1.8, side="ua"),
        ],
        rivers=[RiverConfig(at_km=30.0, crossing_days=4.0, name="Oskil"), RiverConfig(-10.0, 2.0, "Donets")],
        min_km=-30.0,
        max_km=60.0,
    )
    return Sector("oskil", cfg)


# ------------------------------------------------------------------------------------ position and motion
def test_the_front_starts_at_zero_and_stays_until_moved():
    """Before any movement the front is where the campaign started, at every time."""
    sector = small_sector()
    assert [sector.front_at(t) for t in (0.0, 5.0, 100.0)] == [0.0, 0.0, 0.0]
    assert sector.area_km2(50.0) == 0.0


def test_a_movement_is_interpolated_linearly_in_time():
    """A 10 km advance over 5 days is 5 km in after 2.5 days, and holds its end once done."""
    sector = small_sector()
    sector.move(now=10.0, target=10.0, duration=5.0)
    assert sector.front_at(9.0) == 0.0  # before it starts
    assert sector.front_at(10.0) == 0.0
    assert sector.front_at(12.5) == pytest.approx(5.0)
    assert sector.front_at(15.0) == 10.0
    assert sector.front_at(40.0) == 10.0


def test_a_new_movement_starts_where_the_front_is_now():
    """A retreat ordered half-way through an advance starts from the half-way point, not from the target."""
    sector = small_sector()
    sector.move(now=0.0, target=10.0, duration=4.0)
    sector.move(now=2.0, target=-4.0, duration=3.0)
    assert sector.front_at(2.0) == pytest.approx(5.0)
    assert sector.front_at(3.5) == pytest.approx(0.5)
    assert sector.front_at(5.0) == -4.0


@pytest.mark.parametrize("duration", [0.0, -3.0])
def test_an_instant_movement_jumps(duration):
    """A movement of no (or negative) duration puts the front at its target at once."""
    sector = small_sector()
    sector.move(now=7.0, target=12.0, duration=duration)
    assert sector.front_at(7.0) == 12.0
    assert sector.front_at(8.0) == 12.0


@pytest.mark.parametrize(("target", "end"), [(500.0, 60.0), (-500.0, -30.0), (25.0, 25.0)])
def test_move_clamps_the_target_to_the_track(target, end):
    """The front never leaves the track: a target past either end stops at that end."""
    sector = small_sector()
    sector.move(now=0.0, target=target, duration=2.0)
    assert sector.front_at(2.0) == end


@settings(deadline=None, max_examples=60, derandomize=True)
@given(
    st.lists(st.tuples(st.floats(-1000, 1000), st.floats(0, 30), st.floats(0, 30)), max_size=8),
    st.floats(0, 400),
)
def test_the_front_stays_on_the_track_through_any_movements(moves, probe):
    """Whatever movements are ordered, at any time the front lies in [min_km, max_km]."""
    sector = small_sector()
    now = 0.0
    for target, duration, wait in moves:
        sector.move(now, target, duration)
        now += wait
        assert -30.0 <= sector.front_at(now) <= 60.0
    assert -30.0 <= sector.front_at(probe) <= 60.0


def test_area_is_width_times_advance():
    """Ground changes hands as frontage × depth: 40 km wide × 7.5 km = 300 km², negative when lost."""
    sector = small_sector()
    sector.move(now=0.0, target=15.0, duration=10.0)
    assert sector.area_km2(5.0) == pytest.approx(40.0 * 7.5)
    sector.move(now=10.0, target=-2.0, duration=0.0)
    assert sector.area_km2(10.0) == pytest.approx(-80.0)


# ---------------------------------------------------------------------------------------- what lies ahead
def test_holding_line_is_the_line_just_ahead_of_the_attacker():
    """Ukraine at 0 km is up against the Russian line at 2 km (within 3 km), with its fortification."""
    at, fortification = small_sector().holding_line("ru", front=0.0, hold_km=3.0)
    assert (at, fortification) == (2.0, 2.0)


def test_a_line_just_overrun_still_holds_and_one_far_ahead_does_not():
    """A line the front has passed by less than 0.5 km still holds; one beyond reach (or well behind) does not."""
    sector = small_sector()
    at, _ = sector.holding_line("ru", front=2.3, hold_km=3.0)
    assert at == 2.0
    assert sector.holding_line("ru", front=3.0, hold_km=3.0) is None  # 2 km line 1 km behind, 15 km line 12 km ahead
    assert sector.holding_line("ru", front=10.0, hold_km=3.0) is None
    at, _ = sector.holding_line("ru", front=10.0, hold_km=6.0)
    assert at == 15.0


def test_ukraine_defends_in_the_other_direction():
    """Russia attacks towards negative km: from -3 km, Ukraine's line at -5 km is the one it holds."""
    sector = small_sector()
    at, fortification = sector.holding_line("ua", front=-3.0, hold_km=3.0)
    assert (at, fortification) == (-5.0, 1.8)
    assert sector.holding_line("ua", front=5.0, hold_km=3.0) is None


def test_next_line_is_the_nearest_strictly_beyond():
    """Behind a broken line the defender falls back to the next one more than 0.5 km further on."""
    sector = small_sector()
    at, fortification = sector.next_line("ru", beyond=2.0)
    assert (at, fortification) == (15.0, 1.5)
    at, _ = sector.next_line("ru", beyond=14.6)  # 15 km is only 0.4 km on: not beyond
    assert at == 40.0
    assert sector.next_line("ru", beyond=40.0) is None  # "one line, behind it a big gap"
    at, _ = sector.next_line("ua", beyond=0.0)
    assert at == -5.0
    assert sector.next_line("ua", beyond=-5.0) is None


def test_river_ahead_looks_in_the_attackers_direction():
    """Ukraine advancing meets the Oskil at 30 km; Russia advancing meets the river behind Ukraine at -10 km."""
    sector = small_sector()
    at, days, name = sector.river_ahead("ua", front=0.0)
    assert (at, days, name) == (30.0, 4.0, "Oskil")
    at, days, name = sector.river_ahead("ru", front=0.0)
    assert (at, days, name) == (-10.0, 2.0, "Donets")
    assert sector.river_ahead("ua", front=29.95).at_km == 30.0  # on the bank: still to be crossed
    assert sector.on_bank("ua", front=29.95).at_km == 30.0
    assert sector.on_bank("ua", front=20.0) is None  # ahead, but not reached
    assert sector.river_ahead("ua", front=31.0) is None  # beyond it (never happens uncrossed: the front stops)
    assert sector.river_ahead("ru", front=-12.0) is None


def test_a_crossed_river_is_no_longer_ahead():
    """Once forced, a river stops nothing: the next one ahead (here none) is what counts."""
    sector = small_sector()
    sector.cross_river(30.0)
    assert sector.river_ahead("ua", front=0.0) is None
    at, _, _ = sector.river_ahead("ru", front=0.0)
    assert at == -10.0


def test_overrun_lines_are_dropped_and_the_rest_kept():
    """After the front reaches 16 km the Russian lines at 2 and 15 km are gone; 40 km and Ukraine's stay."""
    sector = small_sector()
    sector.drop_lines_behind("ru", front=16.0)
    at, fortification = sector.next_line("ru", beyond=-100.0)  # the nearest Russian line left anywhere
    assert (at, fortification) == (40.0, 3.0)
    at, _ = sector.holding_line("ua", front=-3.0, hold_km=3.0)
    assert at == -5.0


def test_a_line_just_behind_the_front_survives_the_drop():
    """A line passed by less than 0.5 km is still fought over, so it is not dropped."""
    sector = small_sector()
    sector.drop_lines_behind("ru", front=15.3)
    at, _ = sector.next_line("ru", beyond=-100.0)
    assert at == 15.0
