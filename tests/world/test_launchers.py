"""The launcher pool: what a simpy.Resource of that capacity would do, first come first served."""

from __future__ import annotations

import simpy

from sim.world.strikes import Launchers


def _mission(env: simpy.Environment, pool: Launchers, name: str, log: list[tuple[float, str]], days: float):
    wait = pool.take()
    if wait is not None:
        yield wait
    log.append((env.now, name))
    yield env.timeout(days)
    pool.give_back()


def test_free_launchers_are_taken_at_once_and_the_rest_wait_in_order() -> None:
    env = simpy.Environment()
    pool, log = Launchers(env, 2), []
    for name in "abcde":
        env.process(_mission(env, pool, name, log, 1.0))
    env.run()
    assert log == [(0.0, "a"), (0.0, "b"), (1.0, "c"), (1.0, "d"), (2.0, "e")]
    assert pool.free == 2 and not pool.waiting


def test_the_same_order_as_a_simpy_resource() -> None:
    def with_resource() -> list[tuple[float, str]]:
        env, log = simpy.Environment(), []
        resource = simpy.Resource(env, capacity=1)

        def mission(name: str, start: float, days: float):
            yield env.timeout(start)
            with resource.request() as request:
                yield request
                log.append((env.now, name))
                yield env.timeout(days)

        for i, name in enumerate("abcd"):
            env.process(mission(name, 0.1 * i, 2.5 - 0.5 * i))
        env.run()
        return log

    def with_pool() -> list[tuple[float, str]]:
        env, log = simpy.Environment(), []
        pool = Launchers(env, 1)

        def mission(name: str, start: float, days: float):
            yield env.timeout(start)
            yield from _mission(env, pool, name, log, days)

        for i, name in enumerate("abcd"):
            env.process(mission(name, 0.1 * i, 2.5 - 0.5 * i))
        env.run()
        return log

    assert with_pool() == with_resource()


def test_a_cancelled_wait_neither_holds_nor_loses_a_launcher() -> None:
    env = simpy.Environment()
    pool = Launchers(env, 1)
    assert pool.take() is None  # the only launcher, taken
    queued = pool.take()
    assert queued is not None
    pool.cancel(queued)  # gave up while queued
    assert not pool.waiting
    handed = pool.take()
    assert handed is not None
    pool.give_back()  # handed over to the waiter
    assert handed.triggered and pool.free == 0
    pool.cancel(handed)  # handed over, but the strike is called off: the launcher comes back
    assert pool.free == 1
