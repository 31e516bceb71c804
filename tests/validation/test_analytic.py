"""Small versions of the analytic checks (sim.validation.analytic), and proof that each can fail.

The stochastic laws must converge to the Lanchester ODE as forces grow, and the stochastic square-law duel must
match the exact continuous-time Markov chain; a check fed the wrong rates, or losses far lumpier than the
forces, must say FAIL.
"""

from __future__ import annotations

import math

import pytest

from sim.validation import analytic, ctmc


def test_convergence_to_the_ode_passes_and_the_error_shrinks_with_force_size():
    check = analytic.convergence(scales=(10, 1_000, 100_000), chains=120, duel_scales=(10, 80, 640), duels=200, seed=11)
    assert check.passed, check.summary
    for law in ("square", "linear", "helmbold"):
        small, large = check.figures[f"max_rel_error_{law}_N10"], check.figures[f"max_rel_error_{law}_N100000"]
        assert large < 0.01 < small
        assert check.figures[f"slope_{law}"] < -0.3
    duels = check.extra["duels"]
    assert duels["rel_error_ctmc_vs_ode"].iloc[-1] < duels["rel_error_ctmc_vs_ode"].iloc[0]
    assert set(check.extra["paths"]) == {
        (law, n) for law in ("square", "linear", "helmbold") for n in (10, 1_000, 100_000)
    }


def test_convergence_fails_when_losses_are_too_lumpy_for_the_forces():
    """With a dispersion (variance/mean of losses) far above the force sizes, the clipped draws bias the mean
    at every scale: the deviation does not shrink below 1% and the check must say so."""
    check = analytic.convergence(scales=(10, 1_000), chains=60, dispersion=1e6, duel_scales=(10, 40), duels=50, seed=3)
    assert not check.passed
    assert not any(check.extra["law_ok"].values())


def test_ode_annihilation_time_matches_the_closed_form():
    # Square law with a = b: y is annihilated at atanh(y0 / x0) / a.
    assert analytic.ode_annihilation_time(10.0, 7.0, a=0.05, b=0.05) == pytest.approx(math.atanh(0.7) / 0.05, rel=1e-8)
    assert analytic.ode_annihilation_time(7.0, 10.0, a=0.05, b=0.05) == math.inf  # x dies first


def test_pairs_cover_at_least_twenty_contested_duels_up_to_thirty():
    pairs = analytic.ctmc_pairs()
    assert len(pairs) >= 20 and len(set(pairs)) == len(pairs)
    table = ctmc.win_probability_table(30, 30, a=analytic.CTMC_A, b=analytic.CTMC_B)
    for m, n in pairs:
        assert 1 <= m <= 30 and 1 <= n <= 30
        assert 0.05 <= table[m, n] <= 0.95
    assert max(m for m, _ in pairs) == 30  # the whole range is used


@pytest.fixture(scope="module")
def duels():
    return analytic.simulate_duels(analytic.ctmc_pairs(), duels=1500, seed=5)


def test_win_probabilities_match_the_exact_ctmc_within_three_standard_errors(duels):
    check = analytic.win_probability_check(duels)
    assert check.passed, check.summary
    assert check.figures["pairs"] >= 20
    assert (check.data["z"].abs() <= 3).all()
    assert check.data["exact"].tolist() == pytest.approx(
        [ctmc.win_probability(m, n, a=analytic.CTMC_A, b=analytic.CTMC_B) for m, n in zip(duels["m"], duels["n"])]
    )


def test_expected_durations_match_the_exact_ctmc_within_three_standard_errors(duels):
    check = analytic.duration_check(duels)
    assert check.passed, check.summary
    assert (check.data["z"].abs() <= 3).all()


def test_ctmc_checks_fail_for_duels_fought_at_other_rates():
    """Duels drawn with x killing 40% faster than the exact chain assumes must be caught."""
    wrong = analytic.simulate_duels(analytic.ctmc_pairs(), b=1.4 * analytic.CTMC_B, duels=1500, seed=5)
    win = analytic.win_probability_check(wrong)
    duration = analytic.duration_check(wrong)
    assert not win.passed and not duration.passed
    assert win.figures["max_abs_z"] > 3 and duration.figures["max_abs_z"] > 3


def test_a_check_with_too_few_pairs_fails_even_if_all_agree(duels):
    check = analytic.win_probability_check(duels.head(5))
    assert not check.passed
    assert check.figures["within"] == 5
