"""Outlook invitation rows on both databases: one claim wins, a newer version wanted meanwhile
keeps the row due, a fallback without an event stays a fallback."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlmodel import Session

from domain.clock import FixedClock
from storage.db import Database
from storage.outlook_events import OutlookEvents

LEASE = timedelta(minutes=5)
POLL = "a" * 32


async def test_of_two_claims_at_the_same_moment_exactly_one_wins(database: Database):
    now = FixedClock().now()
    await database.run(lambda s: OutlookEvents(s, now).want(POLL, 0, cancelled=False, now=now))

    def claim(session: Session) -> bool:
        return OutlookEvents(session, now).claim(POLL, now, now + LEASE) is not None

    results = await asyncio.gather(database.run(claim), database.run(claim))

    assert sorted(results) == [False, True]
    assert await database.run(lambda s: OutlookEvents(s, now).next_due()) == now + LEASE


async def test_a_move_wanted_while_the_invitation_was_made_keeps_the_row_due(database: Database):
    now = FixedClock().now()

    def run(session: Session) -> tuple[str, str | None, list[str]]:
        events = OutlookEvents(session, now)
        events.want(POLL, 0, cancelled=False, now=now)
        events.claim(POLL, now, now + LEASE)
        events.want(POLL, 1, cancelled=False, now=now)  # moved meanwhile
        events.record(POLL, 0, "event-1", "https://teams.example/join")
        row = events.get(POLL)
        assert row is not None
        return row.state, row.event_id, events.due(now)

    assert await database.run(run) == ("pending", "event-1", [POLL])


async def test_a_fallback_without_an_event_stays_one_when_the_meeting_moves(database: Database):
    now = FixedClock().now()

    def run(session: Session) -> tuple[str, dict[str, int], list[str]]:
        events = OutlookEvents(session, now)
        events.want(POLL, 0, cancelled=False, now=now)
        events.give_up(POLL, "no_consent: not_listed")
        events.want(POLL, 1, cancelled=False, now=now)
        row = events.get(POLL)
        assert row is not None
        return row.state, events.counts(), [t.last_error for t in events.troubles()]

    assert await database.run(run) == ("fallback", {"fallback": 1}, ["no_consent: not_listed"])
