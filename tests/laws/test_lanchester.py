"""Tests of the Lanchester attrition laws: closed forms against scipy, draws against their means, duels against the
exact Markov chain (sim.validation.ctmc), and argument checking."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from sim.laws import lanchester
from sim.laws.lanchester import LAWS, deterministic, duel, engagement_losses, expected_losses, loss_rates
from sim.validation import ctmc

# (x0, y0, a, b, days): slow attrition, one side annihilated mid-interval, lopsided, near parity.
CASES = [
    (100.0, 80.0, 0.01, 0.02, 5.0),
    (100.0, 80.0, 0.1, 0.02, 30.0),
    (50.0, 80.0, 0.001, 0.0005, 10.0),
    (1000.0, 10.0, 0.01, 0.3, 3.0),
    (300.0, 300.0, 0.02, 0.021, 20.0),
]
LAW_SETTINGS = [
    ("square", 0.5),
    ("linear", 0.5),
    ("helmbold", 0.5),
    ("helmbold", 0.2),
    ("helmbold", 0.0),
    ("helmbold", 1.0),
]


def ode_losses(x0: float, y0: float, a: float, b: float, days: float, law: str, w: float) -> tuple[float, float]:
    path = deterministic(x0, y0, a=a, b=b, law=law, days=days, dt=days / 4, helmbold_weight=w)
    return x0 - float(path["x"].iloc[-1]), y0 - float(path["y"].iloc[-1])


# --------------------------------------------------------------------------- deterministic law
@pytest.mark.parametrize(("x0", "y0", "a", "b", "days"), CASES[:4])
def test_square_law_conserves_its_invariant(x0, y0, a, b, days):
    path = deterministic(x0, y0, a=a, b=b, law="square", days=days, dt=0.05)
    invariant = b * path["x"] ** 2 - a * path["y"] ** 2
    start = b * x0**2 - a * y0**2
    assert np.max(np.abs(invariant - start)) < 1e-3 * abs(start)


def test_square_law_survivor_is_held_once_the_enemy_is_gone():
    path = deterministic(100.0, 80.0, a=0.1, b=0.02, law="square", days=30.0, dt=1.0)
    assert path["x"].iloc[-1] == 0.0
    tail = path[path["x"] == 0.0]["y"]
    assert len(tail) > 5
    assert tail.max() == tail.min() == pytest.approx(math.sqrt(80.0**2 - 0.02 / 0.1 * 100.0**2))


def test_output_grid_includes_both_ends():
    path = deterministic(10.0, 10.0, a=0.01, b=0.01, days=1.05, dt=0.1)
    assert list(path.columns) == ["day", "x", "y"]
    assert path["day"].iloc[0] == 0.0
    assert path["day"].iloc[-1] == 1.05
    assert np.all(np.diff(path["day"]) > 0)


@pytest.mark.parametrize(("law", "w"), LAW_SETTINGS)
@pytest.mark.parametrize(("x0", "y0", "a", "b", "days"), CASES)
def test_closed_form_matches_the_ode(x0, y0, a, b, days, law, w):
    if law == "linear":
        a, b = a / 50.0, b / 50.0  # per person squared: keep the fight at a comparable pace
    exact = expected_losses(x0, y0, a=a, b=b, law=law, days=days, helmbold_weight=w)
    numeric = ode_losses(x0, y0, a, b, days, law, w)
    assert exact == pytest.approx(numeric, rel=1e-6, abs=1e-6 * max(x0, y0))


def test_helmbold_endpoints_are_the_square_and_logarithmic_laws():
    args = {"a": 0.01, "b": 0.02, "days": 7.0}
    square = expected_losses(100.0, 80.0, law="square", **args)
    assert expected_losses(100.0, 80.0, law="helmbold", helmbold_weight=1.0, **args) == pytest.approx(square)
    log_law = (100.0 * -math.expm1(-0.07), 80.0 * -math.expm1(-0.14))
    assert expected_losses(100.0, 80.0, law="helmbold", helmbold_weight=0.0, **args) == pytest.approx(log_law)


def test_reinforcements_jump_by_the_amount_added_on_their_day():
    base = deterministic(100.0, 80.0, a=0.05, b=0.02, days=12.0, dt=0.5)
    reinforced = deterministic(
        100.0, 80.0, a=0.05, b=0.02, days=12.0, dt=0.5, reinforce_x={4: 30.0}, reinforce_y={8: 25.0}
    )
    on = reinforced.set_index("day")
    before = base.set_index("day")
    assert on.loc[4.0, "x"] - before.loc[4.0, "x"] == pytest.approx(30.0, rel=1e-7)
    assert on.loc[4.0, "y"] == pytest.approx(before.loc[4.0, "y"], rel=1e-7)
    assert on.loc[:3.5].to_numpy() == pytest.approx(before.loc[:3.5].to_numpy(), rel=1e-8)
    pre_jump = deterministic(float(on.loc[4.0, "x"]), float(on.loc[4.0, "y"]), a=0.05, b=0.02, days=4.0, dt=0.5)
    assert on.loc[8.0, "y"] - pre_jump["y"].iloc[-1] == pytest.approx(25.0, rel=1e-6)


def test_reinforcement_revives_an_annihilated_side():
    path = deterministic(20.0, 100.0, a=0.1, b=0.01, days=10.0, dt=1.0, reinforce_x={6: 50.0}).set_index("day")
    assert path.loc[5.0, "x"] == 0.0
    assert path.loc[6.0, "x"] == pytest.approx(50.0)
    assert path.loc[7.0, "x"] < 50.0
    assert path.loc[7.0, "y"] < path.loc[6.0, "y"] == path.loc[5.0, "y"]


def test_loss_rates_follow_the_laws_and_stop_at_zero():
    assert loss_rates(10.0, 4.0, a=0.5, b=0.25) == (2.0, 2.5)
    assert loss_rates(10.0, 4.0, a=0.5, b=0.25, law="linear") == (20.0, 10.0)
    assert loss_rates(9.0, 4.0, a=1.0, b=1.0, law="helmbold") == pytest.approx((6.0, 6.0))
    for law in LAWS:
        assert loss_rates(0.0, 4.0, a=1.0, b=1.0, law=law, helmbold_weight=0.0) == (0.0, 0.0)
        assert loss_rates(4.0, 0.0, a=1.0, b=1.0, law=law, helmbold_weight=0.0) == (0.0, 0.0)


# --------------------------------------------------------------------------- one-step draw
@pytest.mark.parametrize(("law", "w"), [("square", 0.5), ("linear", 0.5), ("helmbold", 0.3)])
@pytest.mark.parametrize("dispersion", [1.0, 8.0])
def test_mean_of_draws_converges_to_the_ode(law, w, dispersion):
    x, y, a, b, days = 2000.0, 1500.0, 0.004, 0.006, 3.0
    if law == "linear":
        a, b = a / 1000.0, b / 1000.0
    rng = np.random.default_rng(20221001)
    draws = np.array(
        [
            engagement_losses(x, y, a=a, b=b, law=law, days=days, rng=rng, dispersion=dispersion, helmbold_weight=w)
            for _ in range(20_000)
        ]
    )
    expected = np.array(ode_losses(x, y, a, b, days, law, w))
    assert np.all(expected > 10.0)
    standard_error = draws.std(axis=0, ddof=1) / math.sqrt(len(draws))
    assert np.all(np.abs(draws.mean(axis=0) - expected) < 4.0 * standard_error)
    assert draws.var(axis=0, ddof=1) == pytest.approx(dispersion * expected, rel=0.1)


@pytest.mark.parametrize(("law", "w"), LAW_SETTINGS)
def test_zero_dispersion_gives_exactly_the_expected_losses(law, w):
    rng = np.random.default_rng(1)
    for x0, y0, a, b, days in CASES:
        mean = expected_losses(x0, y0, a=a, b=b, law=law, days=days, helmbold_weight=w)
        drawn = engagement_losses(x0, y0, a=a, b=b, law=law, days=days, rng=rng, dispersion=0.0, helmbold_weight=w)
        assert drawn == mean


@settings(max_examples=400, deadline=None, derandomize=True)
@given(
    x=st.floats(0.0, 1e7),
    y=st.floats(0.0, 1e7),
    a=st.floats(0.0, 10.0),
    b=st.floats(0.0, 10.0),
    days=st.floats(0.0, 365.0),
    law=st.sampled_from(LAWS),
    w=st.floats(0.0, 1.0),
    dispersion=st.floats(0.0, 50.0),
    seed=st.integers(0, 2**32 - 1),
)
def test_losses_stay_within_zero_and_strength(x, y, a, b, days, law, w, dispersion, seed):
    rng = np.random.default_rng(seed)
    for lost, strength in zip(
        expected_losses(x, y, a=a, b=b, law=law, days=days, helmbold_weight=w), (x, y), strict=True
    ):
        assert 0.0 <= lost <= strength
    drawn = engagement_losses(x, y, a=a, b=b, law=law, days=days, rng=rng, dispersion=dispersion, helmbold_weight=w)
    for lost, strength in zip(drawn, (x, y), strict=True):
        assert 0.0 <= lost <= strength


# --------------------------------------------------------------------------- exact chain and the stochastic duel
DUEL_PAIRS = [
    (m, n, (m / n) ** 2 * balance)
    for m in (10, 20, 30)
    for n, balance in zip((5, 10, 15, 20, 25, 30, 8, 12), (1.0, 1.5, 0.7, 1.2, 0.8, 1.0, 1.3, 0.6), strict=True)
]


def duel_sample(m: int, n: int, a: float, b: float, count: int, seed: int, law: str = "square"):
    rng = np.random.default_rng(seed)
    results = [duel(m, n, a=a, b=b, law=law, rng=rng) for _ in range(count)]
    wins = np.array([winner == "x" for winner, _ in results])
    times = np.array([t for _, t in results])
    return wins, times


def test_duel_win_frequencies_match_the_exact_chain():
    count, z_scores = 2000, []
    for seed, (m, n, ratio) in enumerate(DUEL_PAIRS):
        a, b = 0.05 * ratio, 0.05  # a/b set near the square-law balance (m/n)**2 so outcomes are uncertain
        exact = ctmc.win_probability(m, n, a=a, b=b)
        assert 0.02 < exact < 0.98
        wins, _ = duel_sample(m, n, a, b, count, seed)
        z = (wins.mean() - exact) / math.sqrt(exact * (1.0 - exact) / count)
        assert abs(z) < 3.0, (m, n, a, b, wins.mean(), exact)
        z_scores.append(z)
    assert len(z_scores) >= 20
    assert stats.chi2.sf(np.sum(np.square(z_scores)), df=len(z_scores)) > 0.001


@pytest.mark.parametrize(
    ("m", "n", "a", "b", "law"),
    [
        (10, 10, 0.05, 0.05, "square"),
        (20, 12, 0.08, 0.03, "square"),
        (30, 25, 0.07, 0.05, "square"),
        (12, 10, 0.01, 0.012, "linear"),
        (15, 20, 0.05, 0.04, "helmbold"),
    ],
)
def test_duel_duration_and_outcome_match_the_exact_chain(m, n, a, b, law):
    count = 2000
    wins, times = duel_sample(m, n, a, b, count, seed=m * 100 + n, law=law)
    exact_time = ctmc.expected_duration(m, n, a=a, b=b, law=law)
    assert abs(times.mean() - exact_time) < 3.0 * times.std(ddof=1) / math.sqrt(count)
    exact_win = ctmc.win_probability(m, n, a=a, b=b, law=law)
    assert abs(wins.mean() - exact_win) < 3.0 * math.sqrt(exact_win * (1.0 - exact_win) / count)


@pytest.mark.parametrize("law", LAWS)
def test_recursion_and_generator_solve_agree(law):
    for m, n in ((1, 1), (3, 7), (9, 6)):
        win = ctmc.win_probability(m, n, a=0.3, b=0.2, law=law, helmbold_weight=0.4)
        duration = ctmc.expected_duration(m, n, a=0.3, b=0.2, law=law, helmbold_weight=0.4)
        assert (win, duration) == pytest.approx(
            ctmc.generator_solution(m, n, a=0.3, b=0.2, law=law, helmbold_weight=0.4), rel=1e-10
        )


def test_chain_rates_are_the_laws_rates():
    for law in LAWS:
        r_x, r_y = ctmc.rate_grid(6, 5, a=0.3, b=0.7, law=law, helmbold_weight=0.3)
        for i in range(7):
            for j in range(6):
                rates = loss_rates(float(i), float(j), a=0.3, b=0.7, law=law, helmbold_weight=0.3)
                assert (r_x[i, j], r_y[i, j]) == pytest.approx(rates, rel=1e-12)


def test_win_table_has_the_boundary_and_grows_with_x():
    table = ctmc.win_probability_table(8, 8, a=0.1, b=0.1)
    assert np.all(table[1:, 0] == 1.0)
    assert np.all(table[0, :] == 0.0)
    assert np.all(np.diff(table[1:, 1:], axis=0) > 0)
    assert table[8, 8] == pytest.approx(0.5)


def test_duel_edge_cases():
    rng = np.random.default_rng(0)
    assert duel(0, 5, a=1.0, b=1.0, rng=rng) == ("y", 0.0)
    assert duel(5, 0, a=1.0, b=1.0, rng=rng) == ("x", 0.0)
    assert duel(0, 0, a=1.0, b=1.0, rng=rng) == (None, 0.0)
    assert duel(30, 30, a=0.001, b=0.001, rng=rng, max_time=1.0) == (None, 1.0)
    assert duel(3, 3, a=0.0, b=0.0, rng=rng) == (None, math.inf)
    assert duel(3, 3, a=0.0, b=1.0, rng=rng)[0] == "x"


# --------------------------------------------------------------------------- arguments
RNG = np.random.default_rng(0)
BAD_CALLS = [
    ("law", lambda: loss_rates(1.0, 1.0, a=1.0, b=1.0, law="cubic")),
    ("x", lambda: loss_rates(-1.0, 1.0, a=1.0, b=1.0)),
    ("y", lambda: expected_losses(1.0, math.nan, a=1.0, b=1.0, days=1.0)),
    ("a", lambda: expected_losses(1.0, 1.0, a=-0.1, b=1.0, days=1.0)),
    ("b", lambda: engagement_losses(1.0, 1.0, a=0.1, b=math.inf, days=1.0, rng=RNG)),
    ("days", lambda: engagement_losses(1.0, 1.0, a=0.1, b=0.1, days=-1.0, rng=RNG)),
    ("dispersion", lambda: engagement_losses(1.0, 1.0, a=0.1, b=0.1, days=1.0, rng=RNG, dispersion=-1.0)),
    ("helmbold_weight", lambda: loss_rates(1.0, 1.0, a=1.0, b=1.0, law="helmbold", helmbold_weight=1.5)),
    ("dt", lambda: deterministic(1.0, 1.0, a=1.0, b=1.0, days=1.0, dt=0.0)),
    ("reinforce_x", lambda: deterministic(1.0, 1.0, a=1.0, b=1.0, days=1.0, reinforce_x={1: -5.0})),
    ("m", lambda: duel(-1, 3, a=1.0, b=1.0, rng=RNG)),
    ("n", lambda: duel(3, 2.5, a=1.0, b=1.0, rng=RNG)),
    ("max_time", lambda: duel(3, 3, a=1.0, b=1.0, rng=RNG, max_time=-1.0)),
    ("law", lambda: ctmc.win_probability(3, 3, a=1.0, b=1.0, law="square-ish")),
    ("a", lambda: ctmc.expected_duration(3, 3, a=-1.0, b=1.0)),
]


@pytest.mark.parametrize(("name", "call"), BAD_CALLS, ids=[f"{name}-{k}" for k, (name, _) in enumerate(BAD_CALLS)])
def test_bad_arguments_raise_value_error_naming_them(name, call):
    with pytest.raises(ValueError, match=name):
        call()


def test_facade_exports_the_laws():
    assert set(lanchester.__all__) == {
        "LAWS",
        "deterministic",
        "duel",
        "engagement_losses",
        "expected_losses",
        "loss_rates",
    }
    assert lanchester.engagement_losses is engagement_losses
