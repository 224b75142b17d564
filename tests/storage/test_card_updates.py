"""Cards updated for everyone: versions in commit order, only the newest pending update is sent,
one update of a card in flight at a time, and never one older than what was delivered."""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlmodel import Session

from domain.messaging import Content, ToConversation, UpdateCopies
from storage.db import Database
from storage.outbox import SUPERSEDED, ClaimedMessage, Outbox, OutgoingMessage
from storage.reach_models import OutboxRecord

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
LEASE = timedelta(seconds=16)
CARD = "poll:7:shared"


def _update(n: int, card: str = CARD, at: datetime = NOW) -> OutgoingMessage:
    return OutgoingMessage(f"{card}:v{n}", UpdateCopies(card), Content(text=f"{n} af 20"), at)


def _enqueue(database: Database, *messages: OutgoingMessage) -> None:
    database.run_sync(lambda s: [Outbox(s).enqueue(m, now=NOW) for m in messages])


def _claim(
    database: Database, owner: str = "one", lease_now: datetime = NOW
) -> list[ClaimedMessage]:
    return database.run_sync(
        lambda s: Outbox(s).claim_due(
            now=NOW, lease_now=lease_now, owner=owner, lease=LEASE, limit=10
        )
    )


def _statuses(database: Database) -> dict[str, str]:
    def read(session: Session) -> dict[str, str]:
        rows = session.execute(select(OutboxRecord.dedupe_key, OutboxRecord.status)).all()
        return {key: status for key, status in rows}

    return database.run_sync(read)


def _sent(database: Database, message: ClaimedMessage) -> None:
    def mark(session: Session) -> None:
        outbox = Outbox(session)
        outbox.mark_sent([message.id], now=NOW)
        assert isinstance(message.address, UpdateCopies) and message.card_version is not None
        outbox.mark_update_sent(message.address.card_key, message.card_version)

    database.run_sync(mark)


def test_every_message_of_a_card_takes_the_next_version(database: Database):
    _enqueue(database, _update(1), _update(2), _update(1, card="other"), _update(3))

    versions = database.run_sync(
        lambda s: {
            key: version
            for key, version in s.execute(
                select(OutboxRecord.dedupe_key, OutboxRecord.card_version)
            )
        }
    )

    assert versions == {f"{CARD}:v1": 1, f"{CARD}:v2": 2, "other:v1": 1, f"{CARD}:v3": 3}


def test_only_the_newest_pending_update_of_a_card_is_claimed_and_the_older_are_superseded(
    database: Database,
):
    _enqueue(database, *[_update(n) for n in range(1, 21)])

    [claimed] = _claim(database)

    assert claimed.dedupe_key == f"{CARD}:v20" and claimed.content.text == "20 af 20"
    statuses = _statuses(database)
    assert statuses.pop(f"{CARD}:v20") == "sending"
    assert set(statuses.values()) == {SUPERSEDED}


def test_one_update_of_a_card_is_in_flight_at_a_time_across_processes(database: Database):
    _enqueue(database, _update(1))
    [first] = _claim(database, owner="one")
    _enqueue(database, _update(2))

    assert _claim(database, owner="two") == []  # waits for the one in flight
    _sent(database, first)
    [second] = _claim(database, owner="two")

    assert second.dedupe_key == f"{CARD}:v2"


def test_a_dead_holders_update_is_superseded_by_a_newer_one_when_its_lease_runs_out(
    database: Database,
):
    _enqueue(database, _update(1))
    _claim(database, owner="dead")
    _enqueue(database, _update(2))

    assert _claim(database, owner="alive", lease_now=NOW + LEASE - timedelta(seconds=1)) == []
    [taken] = _claim(database, owner="alive", lease_now=NOW + LEASE + timedelta(seconds=1))

    assert taken.dedupe_key == f"{CARD}:v2"
    assert _statuses(database)[f"{CARD}:v1"] == SUPERSEDED


def test_an_update_older_than_one_delivered_is_never_sent(database: Database):
    _enqueue(database, _update(1))
    [old] = _claim(database, owner="stalled")
    # The stalled holder's lease runs out; a newer update is claimed and delivered meanwhile.
    _enqueue(database, _update(2))
    [new] = _claim(database, owner="alive", lease_now=NOW + LEASE + timedelta(seconds=1))
    _sent(database, new)
    # The stalled process comes back and puts its row back for a retry.
    database.run_sync(lambda s: Outbox(s).retry_later([old.id], due_at=NOW, error="http_500"))

    assert _claim(database, owner="alive", lease_now=NOW + LEASE * 3) == []
    assert _statuses(database)[f"{CARD}:v1"] == SUPERSEDED


def test_a_newer_update_waiting_for_its_time_supersedes_an_older_due_one(database: Database):
    _enqueue(database, _update(1), _update(2, at=NOW + timedelta(seconds=30)))

    assert _claim(database) == []
    assert _statuses(database) == {f"{CARD}:v1": SUPERSEDED, f"{CARD}:v2": "pending"}


def test_updates_are_claimed_before_a_backlog_of_other_messages(database: Database):
    backlog = [
        OutgoingMessage(f"fan-out:{n}", ToConversation("t", f"c{n}"), Content(text="x"), NOW)
        for n in range(30)
    ]
    _enqueue(database, *backlog)
    _enqueue(database, _update(1))

    claimed = database.run_sync(
        lambda s: Outbox(s).claim_due(now=NOW, owner="one", lease=LEASE, limit=5)
    )

    assert f"{CARD}:v1" in [m.dedupe_key for m in claimed] and len(claimed) == 5


async def test_concurrent_claimers_never_hold_two_updates_of_one_card(database: Database):
    cards = [f"card:{n}" for n in range(5)]
    _enqueue(database, *[_update(v, card=c) for c in cards for v in range(1, 5)])
    in_flight: dict[str, str] = {}
    lock = threading.Lock()
    clashes: list[str] = []

    async def claimer(name: str) -> None:
        for _ in range(10):
            claimed = await database.run(
                lambda s: Outbox(s).claim_due(now=NOW, owner=name, lease=LEASE, limit=3)
            )
            with lock:
                for message in claimed:
                    assert isinstance(message.address, UpdateCopies)
                    key = message.address.card_key
                    if key in in_flight:
                        clashes.append(key)
                    in_flight[key] = name
            await asyncio.sleep(0)
            for message in claimed:
                await database.run(lambda s, m=message: _finish(s, m))
                with lock:
                    in_flight.pop(message.address.card_key, None)  # type: ignore[union-attr]

    def _finish(session: Session, message: ClaimedMessage) -> None:
        Outbox(session).mark_sent([message.id], now=NOW)
        assert isinstance(message.address, UpdateCopies) and message.card_version is not None
        Outbox(session).mark_update_sent(message.address.card_key, message.card_version)

    await asyncio.gather(*(claimer(f"worker-{n}") for n in range(3)))

    statuses = _statuses(database)
    assert clashes == []
    assert {c: statuses[f"{c}:v4"] for c in cards} == dict.fromkeys(cards, "sent")
    assert all(statuses[f"{c}:v{v}"] == SUPERSEDED for c in cards for v in (1, 2, 3))


def _card_update(n: int) -> OutgoingMessage:
    card = {"type": "AdaptiveCard", "body": [{"type": "TextBlock", "text": f"{n} af 20"}]}
    return OutgoingMessage(f"{CARD}:v{n}", UpdateCopies(CARD), Content(card=card), NOW)


def _catch_up(database: Database, shows: Content) -> bool:
    return database.run_sync(lambda s: Outbox(s).catch_up_copy(CARD, 0, now=NOW, shows=shows))


def test_a_copy_sent_after_a_newer_update_was_delivered_gets_that_update_too(
    database: Database,
):
    _enqueue(database, _card_update(1))
    [claimed] = _claim(database)
    _sent(database, claimed)  # delivered before the copy (version 0) was recorded

    assert _catch_up(database, Content(card={"type": "AdaptiveCard", "body": []})) is True
    [again] = _claim(database)
    assert again.dedupe_key == f"{CARD}:catch-up:1" and again.content == claimed.content


def test_a_copy_that_shows_the_newest_card_already_needs_no_catch_up(database: Database):
    _enqueue(database, _card_update(1))
    [claimed] = _claim(database)
    _sent(database, claimed)

    assert _catch_up(database, Content(text="Ny runde", card=claimed.content.card)) is False
    assert _claim(database) == []


def test_no_catch_up_while_a_newer_update_still_waits_to_be_sent(database: Database):
    _enqueue(database, _card_update(1))  # pending: it will read every copy when it is sent

    assert _catch_up(database, Content(card={"type": "AdaptiveCard", "body": []})) is False
