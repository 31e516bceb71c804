"""Each mechanism of the three futures, switched off or pushed to an extreme, moves outcomes the right way.

Small runs with fixed seeds; the comparisons are wide enough to hold for any seed, not tuned to one.
"""

from __future__ import annotations

import pytest

import sim

pytestmark = [pytest.mark.slow, pytest.mark.untraced]  # numbers of many replications, read for a direction


def outcomes(scenario: str, *overrides: str, n: int = 24, horizon: int = 120):
    cfg = sim.compose(
        [
            f"+scenario={scenario}",
            f"replications={n}",
            f"horizon_days={horizon}",
            "progress=false",
            "executor=serial",
            "seed=11",
            *overrides,
        ]
    )
    return sim.run(cfg).outcomes


def test_strikes_need_isr():
    with_isr = outcomes("unprepared_conscripts")
    blind = outcomes("unprepared_conscripts", "isr.enabled=false")
    assert with_isr["cas_ru_strike"].sum() > 0
    assert (blind["cas_ru_strike"] == 0).all()
    assert (blind[["cas_ru_strike_billet", "cas_ru_strike_convoy", "cas_ru_strike_front"]] == 0).all().all()


def test_no_launchers_no_strikes():
    out = outcomes("unprepared_conscripts", "strikes.launchers=0")
    assert (out["cas_ru_strike"] == 0).all() and (out["strike_missions"] == 0).all()


def test_strike_casualties_split_by_place():
    out = outcomes("unprepared_conscripts")
    places = out["cas_ru_strike_billet"] + out["cas_ru_strike_convoy"] + out["cas_ru_strike_front"]
    assert places.to_numpy() == pytest.approx(out["cas_ru_strike"].to_numpy())
    assert out["cas_ru_strike_billet"].sum() > 0 and out["cas_ru_strike_convoy"].sum() > 0


def mobilized_loss_rate(training_days: int) -> float:
    out = outcomes(
        "unprepared_conscripts",
        "mobilization.policy=commit",
        f"mobilization.training_days={training_days}",
        f"mobilization.commit_training_days={training_days}",
        "isr.enabled=false",
        horizon=150,
    )
    assert out["mobilized_committed"].sum() > 0
    return out["cas_ru_mobilized"].sum() / out["mobilized_committed"].sum()


def test_untrained_mobilized_lose_more_than_trained():
    assert mobilized_loss_rate(0) > 1.2 * mobilized_loss_rate(60)


def test_no_credibility_no_deterrence_halt():
    credible = outcomes("dissuasion")
    empty_threat = outcomes("dissuasion", "decisions.credibility=0")
    assert (credible["halt_cause"] == "deterrence").any()
    assert not (empty_threat["halt_cause"] == "deterrence").any()
    assert (empty_threat["outcome"] == "freeze").mean() < (credible["outcome"] == "freeze").mean()


def test_no_sorties_no_aircraft_lost():
    flying = outcomes("advance")
    grounded = outcomes("advance", "air.sorties_per_day=0")
    assert flying["aircraft_lost"].sum() > 0
    assert (grounded["aircraft_lost"] == 0).all()


def test_fluid_front_costs_more_aircraft():
    stable = outcomes("advance", "air.fluid_multiplier=1")
    fluid = outcomes("advance", "air.fluid_multiplier=20")
    assert fluid["aircraft_lost"].sum() > stable["aircraft_lost"].sum()


def test_garrison_policy_keeps_the_mobilized_out_of_combat():
    out = outcomes("dissuasion", "decisions.credibility=0")
    assert (out["mobilized_committed"] == 0).all() and out["commit_day"].isna().all()
    assert (out["cas_ru_mobilized_combat"] == 0).all()  # struck in billets and convoys, never in combat
    committed = outcomes("unprepared_conscripts")
    assert (committed["mobilized_committed"] > 0).mean() > 0.8
    assert (committed["commit_day"].notna() == (committed["mobilized_committed"] > 0)).all()


def test_bridgehead_holds_without_strikes_on_crossings():
    cut = outcomes("advance", horizon=180)
    intact = outcomes("advance", "strikes.launchers=0", horizon=180)
    lost = lambda out: (out["bridgehead"] != "held").mean()  # noqa: E731
    assert lost(cut) > lost(intact)
    assert set(cut["bridgehead"]) <= {"held", "withdrawn", "trapped"}
    assert cut.loc[cut["bridgehead"] == "held", "bridgehead_day"].isna().all()
    assert cut.loc[cut["bridgehead"] != "held", "bridgehead_day"].notna().all()
