"""Lanchester attrition: how fast two fighting forces wear each other down.

Two sides, x and y, with strengths x, y >= 0 (people, or any additive unit of fighting value).
`a` is the rate at which y kills x and `b` the rate at which x kills y. Three laws are offered:

- ``square``   dx/dt = -a*y,                 dy/dt = -b*x                  (aimed fire: each shooter picks a target)
- ``linear``   dx/dt = -a*x*y,               dy/dt = -b*x*y                (area fire: losses grow with the density of
  targets too; here a and b are per person squared per day)
- ``helmbold`` dx/dt = -a*x**(1-w)*y**w,     dy/dt = -b*y**(1-w)*x**w      (Helmbold-type mixture with weight
  w = ``helmbold_weight`` in [0, 1]: w = 1 is the square law, w = 0 the logarithmic law dx/dt = -a*x)

A side's loss rate is zero once its strength is 0, and its fire stops then too (so in the logarithmic limit a side
facing an empty enemy loses nothing).

Closed forms used by `expected_losses` (cheap enough to be called thousands of times a second):

- square: the cosh/sinh solution; it conserves b*x**2 - a*y**2, so the weaker side in that sense reaches 0 at a
  finite time t* = atanh(...)/sqrt(a*b), after which the survivor stays at sqrt(its_0**2 - ...) forever.
- linear: b*x - a*y is conserved, so each side follows a logistic-type curve; neither reaches 0 in finite time.
- helmbold: with u = x**w and v = y**w the mixture becomes exactly the square law du/dt = -(a*w)*v,
  dv/dt = -(b*w)*u, so it reuses the square-law solution (w = 0 is the exponential logarithmic law).

The module also gives the numerical solution with reinforcements (`deterministic`, scipy), the exact stochastic
duel of integer forces (`duel`, Gillespie) and the campaign model's one-step draw of an engagement's losses
(`engagement_losses`): the expected losses, over-dispersed by a Gamma draw. Everything is a pure function of
numbers plus an explicit `numpy.random.Generator`.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Mapping

import numpy as np
import pandas as pd

LAWS: tuple[str, ...] = ("square", "linear", "helmbold")

__all__ = ["LAWS", "deterministic", "duel", "engagement_losses", "expected_losses", "loss_rates"]


# --------------------------------------------------------------------------- argument checks
def _check_law(law: str) -> None:
    if law not in LAWS:
        raise ValueError(f"law must be one of {LAWS}, got {law!r}")


def _check_non_negative(name: str, value: float) -> None:
    # The chained comparison also rejects NaN and infinity.
    if not 0.0 <= value < math.inf:
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")


def _check_weight(helmbold_weight: float) -> None:
    if not 0.0 <= helmbold_weight <= 1.0:
        raise ValueError(f"helmbold_weight must be in [0, 1], got {helmbold_weight!r}")


def _check_common(x: float, y: float, a: float, b: float, law: str, helmbold_weight: float) -> None:
    inf = math.inf
    if (
        0.0 <= x < inf
        and 0.0 <= y < inf
        and 0.0 <= a < inf
        and 0.0 <= b < inf
        and 0.0 <= helmbold_weight <= 1.0
        and law in LAWS
    ):
        return  # fast path: the campaign calls this thousands of times a second
    _check_law(law)
    _check_non_negative("x", x)
    _check_non_negative("y", y)
    _check_non_negative("a", a)
    _check_non_negative("b", b)
    _check_weight(helmbold_weight)


# --------------------------------------------------------------------------- loss rates
def _rates(x: float, y: float, a: float, b: float, law: str, w: float) -> tuple[float, float]:
    """Unchecked loss rates; negative strengths (solver overshoot) count as 0."""
    if x <= 0.0 or y <= 0.0:
        return 0.0, 0.0
    if law == "square":
        return a * y, b * x
    if law == "linear":
        return a * x * y, b * x * y
    return a * x ** (1.0 - w) * y**w, b * y ** (1.0 - w) * x**w


def loss_rates(
    x: float, y: float, *, a: float, b: float, law: str = "square", helmbold_weight: float = 0.5
) -> tuple[float, float]:
    """Instantaneous loss rates (-dx/dt, -dy/dt) >= 0: the right-hand side every other function integrates."""
    _check_common(x, y, a, b, law, helmbold_weight)
    return _rates(x, y, a, b, law, helmbold_weight)


# --------------------------------------------------------------------------- closed forms
def _square_losses(x0: float, y0: float, a: float, b: float, t: float) -> tuple[float, float]:
    """Square-law losses over [0, t], written as losses (not remaining strengths) to keep small losses precise."""
    if x0 <= 0.0 or y0 <= 0.0 or t <= 0.0:
        return 0.0, 0.0
    if a == 0.0 or b == 0.0:  # one side does not shoot: the other loses linearly until it is gone
        return min(x0, a * y0 * t), min(y0, b * x0 * t)
    root_a, root_b = math.sqrt(a), math.sqrt(b)  # separate roots: a / b or a * b could under/overflow
    k = root_a / root_b  # x-men worth one y-man: b*x**2 - a*y**2 is conserved
    gamma = root_a * root_b
    if x0 < k * y0:  # x is the weaker side and is annihilated at t*
        t_star = math.atanh(x0 / (k * y0)) / gamma
        if t >= t_star:
            gone = (x0 / k) ** 2
            return x0, min(y0, gone / (y0 + math.sqrt(max(y0 * y0 - gone, 0.0))))
    elif x0 > k * y0:
        t_star = math.atanh(k * y0 / x0) / gamma
        if t >= t_star:
            gone = (k * y0) ** 2
            return min(x0, gone / (x0 + math.sqrt(max(x0 * x0 - gone, 0.0)))), y0
    else:  # exact parity: both decay as exp(-gamma*t) and never reach 0
        decay = -math.expm1(-gamma * t)
        return x0 * decay, y0 * decay
    g = gamma * t
    s = math.sinh(g)
    h = 2.0 * math.sinh(0.5 * g) ** 2  # cosh(g) - 1 without cancellation
    loss_x = k * y0 * s - x0 * h
    loss_y = (x0 / k) * s - y0 * h
    return min(max(loss_x, 0.0), x0), min(max(loss_y, 0.0), y0)


def _logistic_fraction(c: float, t: float) -> tuple[float, float]:
    """(phi, e) with phi = (1 - exp(-c t))/c and e = exp(-c t), rescaled by exp(c t) when c < 0 to avoid overflow."""
    if c > 0.0:
        return -math.expm1(-c * t) / c, math.exp(-c * t)
    if c < 0.0:
        return math.expm1(c * t) / c, 1.0
    return t, 1.0


def _linear_losses(x0: float, y0: float, a: float, b: float, t: float) -> tuple[float, float]:
    """Linear-law losses: with C = b*x0 - a*y0 conserved, loss_x = a x0 y0 phi / (b x0 phi + exp(-C t))."""
    if x0 <= 0.0 or y0 <= 0.0 or t <= 0.0:
        return 0.0, 0.0
    c = b * x0 - a * y0
    phi, e = _logistic_fraction(c, t)
    loss_x = a * x0 * y0 * phi / (b * x0 * phi + e)
    phi, e = _logistic_fraction(-c, t)
    loss_y = b * x0 * y0 * phi / (a * y0 * phi + e)
    return min(max(loss_x, 0.0), x0), min(max(loss_y, 0.0), y0)


def _power_back(s0: float, loss_u: float, u0: float, w: float) -> float:
    """Loss of s = u**(1/w) when u falls by loss_u from u0, computed without cancellation."""
    if loss_u >= u0:
        return s0
    return min(s0, -s0 * math.expm1(math.log1p(-loss_u / u0) / w))


_EXPONENTIAL_BELOW = 1e-12  # below this weight the logarithmic (exponential) law differs by < 1e-10 relative


def _helmbold_losses(x0: float, y0: float, a: float, b: float, t: float, w: float) -> tuple[float, float]:
    """Helmbold mixture: the square law in u = x**w, v = y**w with rates a*w, b*w (exponential law at w = 0)."""
    if x0 <= 0.0 or y0 <= 0.0 or t <= 0.0:
        return 0.0, 0.0
    if w < _EXPONENTIAL_BELOW:
        return -x0 * math.expm1(-a * t), -y0 * math.expm1(-b * t)
    u0, v0 = x0**w, y0**w
    loss_u, loss_v = _square_losses(u0, v0, a * w, b * w, t)
    return _power_back(x0, loss_u, u0, w), _power_back(y0, loss_v, v0, w)


def _expected(x: float, y: float, a: float, b: float, law: str, days: float, w: float) -> tuple[float, float]:
    if law == "square":
        return _square_losses(x, y, a, b, days)
    if law == "linear":
        return _linear_losses(x, y, a, b, days)
    return _helmbold_losses(x, y, a, b, days, w)


def expected_losses(
    x: float, y: float, *, a: float, b: float, law: str = "square", days: float, helmbold_weight: float = 0.5
) -> tuple[float, float]:
    """Deterministic-law losses (x lost, y lost) over `days`, in closed form so the campaign can afford it per step."""
    _check_common(x, y, a, b, law, helmbold_weight)
    _check_non_negative("days", days)
    return _expected(x, y, a, b, law, days, helmbold_weight)


# --------------------------------------------------------------------------- one-step stochastic draw
def engagement_losses(
    x: float,
    y: float,
    *,
    a: float,
    b: float,
    law: str = "square",
    days: float,
    rng: np.random.Generator,
    dispersion: float = 1.0,
    helmbold_weight: float = 0.5,
) -> tuple[float, float]:
    """Realised losses (x lost, y lost) of one engagement lasting `days`, drawn in one step.

    The campaign never schedules one event per casualty: it takes the law's expected losses and draws each side's
    realised loss from Gamma(shape=mean/dispersion, scale=dispersion) (mean kept, variance = dispersion*mean;
    dispersion = 1 is Poisson-like, larger is the lumpier attrition of real fighting), clipped to [0, strength].
    The clip slightly lowers the mean only when the expected loss is close to the whole force.
    `dispersion = 0` returns the expected losses exactly. Two scalar `rng.gamma` draws per call otherwise.
    """
    _check_common(x, y, a, b, law, helmbold_weight)
    _check_non_negative("days", days)
    _check_non_negative("dispersion", dispersion)
    mean_x, mean_y = _expected(x, y, a, b, law, days, helmbold_weight)
    if dispersion == 0.0:
        return mean_x, mean_y
    return _gamma_draw(rng, mean_x, dispersion, x), _gamma_draw(rng, mean_y, dispersion, y)


def _gamma_draw(rng: np.random.Generator, mean: float, dispersion: float, cap: float) -> float:
    shape = mean / dispersion
    draw = mean if shape == math.inf else float(rng.gamma(shape, dispersion))
    return min(draw, cap)


# --------------------------------------------------------------------------- numerical ODE with reinforcements
def _time_grid(days: float, dt: float) -> np.ndarray:
    """Output times 0, dt, 2dt, ... and `days` itself (always the last point)."""
    count = math.ceil(days / dt - 1e-9)
    grid = dt * np.arange(count, dtype=float)
    return np.append(grid[grid < days], days)


def _jumps(
    reinforce_x: Mapping[float, float] | None, reinforce_y: Mapping[float, float] | None, days: float
) -> dict[float, tuple[float, float]]:
    """Reinforcements merged by day: {day: (added to x, added to y)}; days beyond the horizon are ignored."""
    jumps: dict[float, tuple[float, float]] = {}
    for side, name, mapping in ((0, "reinforce_x", reinforce_x), (1, "reinforce_y", reinforce_y)):
        for day, amount in (mapping or {}).items():
            _check_non_negative(f"{name} day", day)
            _check_non_negative(f"{name}[{day!r}]", amount)
            if day > days:
                continue
            added = list(jumps.get(float(day), (0.0, 0.0)))
            added[side] += float(amount)
            jumps[float(day)] = (added[0], added[1])
    return jumps


def _integrate_segment(
    state: tuple[float, float], t0: float, t1: float, times: np.ndarray, a: float, b: float, law: str, w: float
) -> tuple[np.ndarray, tuple[float, float]]:
    """Strengths at `times` (all in [t0, t1)) and at t1, stopping a side at 0 with a terminal event."""
    out = np.tile(np.asarray(state, dtype=float), (len(times), 1))
    if state[0] <= 0.0 or state[1] <= 0.0 or t1 <= t0:
        return out, state

    def rhs(_t: float, s: np.ndarray) -> list[float]:
        rx, ry = _rates(s[0], s[1], a, b, law, w)
        return [-rx, -ry]

    def x_gone(_t: float, s: np.ndarray) -> float:
        return s[0]

    def y_gone(_t: float, s: np.ndarray) -> float:
        return s[1]

    for event in (x_gone, y_gone):
        event.terminal = True  # type: ignore[attr-defined]
        event.direction = -1  # type: ignore[attr-defined]
    from scipy.integrate import solve_ivp  # only the analytic checks need the ODE solver: 0.6 s of import

    sol = solve_ivp(
        rhs,
        (t0, t1),
        list(state),
        t_eval=np.append(times, t1),
        events=(x_gone, y_gone),
        method="DOP853",
        rtol=1e-10,
        atol=1e-12 * max(state),
    )
    if not sol.success:
        raise RuntimeError(f"ODE integration failed: {sol.message}")
    path = np.clip(sol.y.T, 0.0, None)
    if sol.status == 1:  # a side reached 0: hold it there while the survivor stays constant until reinforced
        hit = 0 if len(sol.t_events[0]) else 1
        final = np.clip(sol.y_events[hit][0], 0.0, None)
        final[hit] = 0.0
        done = min(len(path), len(times))
        out[:done] = path[:done]
        out[done:] = final
        return out, (float(final[0]), float(final[1]))
    out[:] = path[:-1]
    return out, (float(path[-1, 0]), float(path[-1, 1]))


def deterministic(
    x0: float,
    y0: float,
    *,
    a: float,
    b: float,
    law: str = "square",
    days: float,
    reinforce_x: Mapping[float, float] | None = None,
    reinforce_y: Mapping[float, float] | None = None,
    dt: float = 0.1,
    helmbold_weight: float = 0.5,
) -> pd.DataFrame:
    """Numerical solution of the law (scipy), with reinforcements as jumps: the reference the fast paths are checked by.

    Output every `dt` from day 0 to `days` (both included), columns `day`, `x`, `y`. A reinforcement on day d is
    added at d, and the value reported at d is the one just after it.
    """
    _check_common(x0, y0, a, b, law, helmbold_weight)
    _check_non_negative("days", days)
    if not 0.0 < dt < math.inf:
        raise ValueError(f"dt must be a finite number > 0, got {dt!r}")
    grid = _time_grid(days, dt)
    jumps = _jumps(reinforce_x, reinforce_y, days)
    values = np.empty((len(grid), 2))
    state = (float(x0), float(y0))
    t = 0.0
    for stop in sorted(set(jumps) | {days}):
        added = jumps.get(stop, (0.0, 0.0))
        inside = (grid >= t) & (grid < stop)
        values[inside], state = _integrate_segment(state, t, stop, grid[inside], a, b, law, helmbold_weight)
        state = (state[0] + added[0], state[1] + added[1])
        t = stop
    values[-1] = state
    return pd.DataFrame({"day": grid, "x": values[:, 0], "y": values[:, 1]})


# --------------------------------------------------------------------------- exact stochastic duel
def _count(name: str, value: int) -> int:
    try:
        count = operator.index(value)
    except TypeError:
        raise ValueError(f"{name} must be a non-negative integer, got {value!r}") from None
    if count < 0:
        raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
    return count


def duel(
    m: int,
    n: int,
    *,
    a: float,
    b: float,
    law: str = "square",
    rng: np.random.Generator,
    max_time: float = math.inf,
    helmbold_weight: float = 0.5,
) -> tuple[str | None, float]:
    """One realisation of the exact continuous-time Markov chain of the law (Gillespie), from integer strengths.

    Each side loses one person at a time, at the law's loss rate for the current strengths. Returns ("x", t) if y
    reached 0 at time t, ("y", t) if x did, and (None, max_time) if max_time came first. Edge cases: (None, 0.0)
    when both start at 0, and (None, max_time) when nobody can ever lose (a = b = 0).
    The at most m + n - 1 exponentials and uniforms are drawn up front in two vector calls, for speed.
    """
    i, j = _count("m", m), _count("n", n)
    _check_common(float(i), float(j), a, b, law, helmbold_weight)
    if max_time != max_time or max_time < 0.0:
        raise ValueError(f"max_time must be >= 0 (inf allowed), got {max_time!r}")
    if i == 0 or j == 0:
        winner = None if i == j else ("x" if i else "y")
        return winner, 0.0
    steps = i + j - 1
    waits = rng.standard_exponential(steps).tolist()
    coins = rng.random(steps).tolist()
    t = 0.0
    for wait, coin in zip(waits, coins, strict=True):
        rx, ry = _rates(float(i), float(j), a, b, law, helmbold_weight)
        total = rx + ry
        if total <= 0.0:
            return None, max_time
        t += wait / total
        if t > max_time:
            return None, max_time
        if coin * total < ry:
            j -= 1
            if j == 0:
                return "x", t
        else:
            i -= 1
            if i == 0:
                return "y", t
    raise AssertionError("unreachable: every step removes one person")  # pragma: no cover
