from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from domain.identity import PersonRef
from domain.messaging import Content, ToChannel, ToConversation, ToPerson, UpdateCopies
from storage.db import Database
from storage.outbox import Outbox, OutgoingMessage

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
LEASE = timedelta(minutes=10)
ANNA = PersonRef("tenant-a", "aad-anna")


def _message(key: str, *, due_at: datetime = NOW, **changes: object) -> OutgoingMessage:
    values: dict[str, object] = {
        "dedupe_key": key,
        "address": ToPerson(ANNA),
        "content": Content(text=f"besked {key}"),
        "due_at": due_at,
    }
    values.update(changes)
    return OutgoingMessage(**values)  # type: ignore[arg-type]


def _enqueue(database: Database, *messages: OutgoingMessage) -> list[bool]:
    return database.run_sync(
        lambda session: [Outbox(session).enqueue(m, now=NOW) for m in messages]
    )


def _claim(database: Database, now: datetime = NOW, owner: str = "one", limit: int = 10) -> list:
    return database.run_sync(
        lambda session: Outbox(session).claim_due(now=now, owner=owner, lease=LEASE, limit=limit)
    )


def test_one_logical_message_can_never_be_queued_twice(database: Database):
    assert _enqueue(database, _message("reminder:1:2d")) == [True]
    assert _enqueue(database, _message("reminder:1:2d", due_at=NOW + timedelta(days=1))) == [False]

    assert [m.dedupe_key for m in _claim(database)] == ["reminder:1:2d"]


def test_only_due_rows_are_claimed_and_in_order_of_their_time(database: Database):
    _enqueue(
        database,
        _message("later", due_at=NOW + timedelta(minutes=5)),
        _message("second", due_at=NOW - timedelta(minutes=1)),
        _message("first", due_at=NOW - timedelta(minutes=2)),
    )

    assert [m.dedupe_key for m in _claim(database)] == ["first", "second"]
    assert _claim(database) == []  # leased, not claimed again
    assert [m.dedupe_key for m in _claim(database, NOW + timedelta(minutes=5))] == ["later"]


def test_a_local_time_is_compared_as_the_moment_it_is(database: Database):
    copenhagen = ZoneInfo("Europe/Copenhagen")
    # 10:30 in Copenhagen is 09:30 UTC: not yet due at 09:00 UTC, due at 09:30 UTC.
    _enqueue(database, _message("local", due_at=datetime(2026, 11, 23, 10, 30, tzinfo=copenhagen)))

    assert _claim(database) == []
    [claimed] = _claim(database, NOW + timedelta(minutes=30))
    assert claimed.due_at == datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


def test_a_row_whose_sender_died_is_claimed_again_when_its_lease_runs_out(database: Database):
    _enqueue(database, _message("m"))
    [first] = _claim(database, owner="dead")

    assert _claim(database, NOW + LEASE - timedelta(seconds=1), owner="alive") == []
    [again] = _claim(database, NOW + LEASE + timedelta(seconds=1), owner="alive")
    assert again.id == first.id and again.attempts == 2


def test_sent_rows_are_never_claimed_again(database: Database):
    _enqueue(database, _message("m"))
    [claimed] = _claim(database)
    database.run_sync(lambda s: Outbox(s).mark_sent([claimed.id], now=NOW))

    assert _claim(database, NOW + timedelta(hours=1)) == []
    assert database.run_sync(lambda s: Outbox(s).counts()) == {"sent": 1}


def test_a_retry_waits_for_its_new_time(database: Database):
    _enqueue(database, _message("m"))
    [claimed] = _claim(database)
    database.run_sync(
        lambda s: Outbox(s).retry_later(
            [claimed.id], due_at=NOW + timedelta(seconds=30), error="429"
        )
    )

    assert _claim(database, NOW + timedelta(seconds=29)) == []
    assert len(_claim(database, NOW + timedelta(seconds=30))) == 1


def test_cancelling_by_key_prefix_drops_only_pending_matching_rows(database: Database):
    _enqueue(
        database,
        _message("case:7:plan:7d"),
        _message("case:7:plan:2d"),
        _message("case:70:plan:2d"),
        _message("case:7_other"),
    )

    cancelled = database.run_sync(lambda s: Outbox(s).cancel("case:7:plan:"))

    assert cancelled == 2
    assert sorted(m.dedupe_key for m in _claim(database)) == ["case:70:plan:2d", "case:7_other"]


def test_every_kind_of_address_and_content_reads_back_as_written(database: Database):
    card = {
        "type": "AdaptiveCard",
        "version": "1.5",
        "body": [{"type": "TextBlock", "text": "æøå"}],
    }
    addresses = [
        ToPerson(ANNA),
        ToChannel("tenant-b", "19:team", "19:channel"),
        ToConversation("tenant-b", "19:group@thread.v2"),
        UpdateCopies("sparring:3"),
    ]
    _enqueue(
        database,
        *[
            _message(f"a{i}", address=a, content=Content(text="hej", card=card), card_key="k")
            for i, a in enumerate(addresses)
        ],
    )

    claimed = _claim(database)

    assert [m.address for m in claimed] == addresses
    assert all(m.content == Content(text="hej", card=card) for m in claimed)


async def test_two_claimers_at_once_never_get_the_same_row(database: Database):
    _enqueue(database, *[_message(f"m{i}") for i in range(60)])

    async def claimer(name: str) -> list[int]:
        ids: list[int] = []
        while batch := await database.run(
            lambda s: Outbox(s).claim_due(now=NOW, owner=name, lease=LEASE, limit=5)
        ):
            ids += [m.id for m in batch]
        return ids

    results = await asyncio.gather(*(claimer(f"worker-{n}") for n in range(4)))

    all_ids = [i for ids in results for i in ids]
    assert len(all_ids) == 60 and len(set(all_ids)) == 60
