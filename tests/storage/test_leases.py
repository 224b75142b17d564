"""Leases: one holder at a time per key, free again after release or expiry."""

from __future__ import annotations

from datetime import timedelta

from domain.clock import FixedClock
from storage.db import Database
from storage.leases import Leases

TTL = timedelta(seconds=30)


async def test_a_lease_has_one_holder_until_it_is_released(database: Database):
    leases, now = Leases(database), FixedClock().now()

    assert await leases.claim("k", "first", now, TTL) is True
    assert await Leases(database).claim("k", "second", now, TTL) is False
    await leases.release("k", "first")

    assert await Leases(database).claim("k", "second", now, TTL) is True


async def test_a_lease_whose_holder_died_expires(database: Database):
    leases, clock = Leases(database), FixedClock()
    await leases.claim("k", "crashed", clock.now(), TTL)

    clock.advance(TTL + timedelta(seconds=1))

    assert await leases.claim("k", "next", clock.now(), TTL) is True
    assert await leases.renew("k", "crashed", clock.now(), TTL) is False


async def test_only_the_holder_can_release_or_renew(database: Database):
    leases, now = Leases(database), FixedClock().now()
    await leases.claim("k", "owner", now, TTL)

    await leases.release("k", "someone-else")

    assert await leases.renew("k", "someone-else", now, TTL) is False
    assert await leases.claim("k", "someone-else", now, TTL) is False
    assert await leases.renew("k", "owner", now, TTL) is True


async def test_a_released_lease_is_not_revived_by_a_late_renewal(database: Database):
    leases, now = Leases(database), FixedClock().now()
    await leases.claim("k", "owner", now, TTL)
    await leases.release("k", "owner")  # the turn committed while a renewal was under way

    assert await leases.renew("k", "owner", now, TTL) is False
    assert await leases.claim("k", "next", now, TTL) is True


async def test_released_and_long_expired_leases_are_forgotten(database: Database):
    leases, clock = Leases(database), FixedClock()
    await leases.claim("done", "a", clock.now(), TTL)
    await leases.release("done", "a")
    await leases.claim("busy", "b", clock.now(), TTL)

    assert await leases.forget_expired_before(clock.now() - timedelta(days=2)) == 1
