from __future__ import annotations

import itertools
from datetime import timedelta

from sqlmodel import select

from domain.clock import FixedClock
from storage.db import Database
from storage.leases import Leases
from storage.models import ConversationReferenceRecord, UserRecord
from storage.preferences import Preferences
from storage.turns import (
    ClaimedTurn,
    ConversationReferences,
    InvokeAnswer,
    LeaseTerms,
    Replay,
    SeenConversation,
    SeenTurn,
    SeenUser,
    TurnRecorder,
)

LEASE_CLOCK = FixedClock()
_holders = itertools.count(1)


def _turn(
    key: str | None, *, name: str = "Alice", conversation: str = "c1", kind: str = "personal"
) -> SeenTurn:
    return SeenTurn(
        delivery_key=key,
        user=SeenUser("29:alice", "aad-alice", name, "tenant", "da-DK"),
        conversation=SeenConversation(
            conversation, kind, "tenant", "http://connector/", '{"ref": 1}'
        ),
    )


def _lease(key: str = "conversation") -> LeaseTerms:
    return LeaseTerms(key, f"holder-{next(_holders)}", LEASE_CLOCK.now(), timedelta(seconds=6))


async def _claim(recorder: TurnRecorder, turn: SeenTurn) -> ClaimedTurn | Replay | None:
    return await recorder.claim(turn, _lease())


async def _handle(recorder: TurnRecorder, turn: SeenTurn, answer: InvokeAnswer | None = None):
    claimed = await _claim(recorder, turn)
    assert isinstance(claimed, ClaimedTurn)
    assert await recorder.complete(claimed, answer) is True


async def test_a_handled_delivery_is_replayed_with_the_answer_it_got(database: Database):
    recorder = TurnRecorder(database, FixedClock())
    answer = InvokeAnswer(200, {"statusCode": 200, "value": {"type": "AdaptiveCard"}})

    await _handle(recorder, _turn("k1"), answer)

    assert await _claim(recorder, _turn("k1")) == Replay(answer)
    assert await _claim(TurnRecorder(database, FixedClock()), _turn("k1")) == Replay(answer)


async def test_a_handled_message_is_replayed_without_an_answer(database: Database):
    recorder = TurnRecorder(database, FixedClock())
    await _handle(recorder, _turn("k1"))

    assert await _claim(recorder, _turn("k1")) == Replay(None)


async def test_a_delivery_whose_turn_did_not_finish_is_handled_again(database: Database):
    recorder = TurnRecorder(database, FixedClock())
    first = await _claim(recorder, _turn("k1"))
    assert isinstance(first, ClaimedTurn)

    assert await _claim(recorder, _turn("k1")) is None  # its conversation is still held
    await Leases(database).release(first.lease.key, first.lease.holder)  # the turn failed
    assert isinstance(await _claim(recorder, _turn("k1")), ClaimedTurn)


async def test_users_and_references_are_stored_and_updated(database: Database):
    clock = FixedClock()
    recorder = TurnRecorder(database, clock)
    await _handle(recorder, _turn("k1"))
    clock.advance(timedelta(hours=2))
    await _handle(recorder, _turn("k2", name="Alice A.", conversation="group", kind="groupChat"))

    users = database.run_sync(lambda s: list(s.exec(select(UserRecord))))
    references = database.run_sync(lambda s: list(s.exec(select(ConversationReferenceRecord))))
    assert [(u.name, u.locale) for u in users] == [("Alice A.", "da-DK")]
    assert sorted(r.conversation_id for r in references) == ["c1", "group"]
    personal = await ConversationReferences(database).personal_chat_of("29:alice")
    assert personal is not None and personal.conversation_id == "c1"


async def test_old_delivery_ids_are_forgotten(database: Database):
    clock = FixedClock()
    recorder = TurnRecorder(database, clock)
    await _handle(recorder, _turn("old"))
    clock.advance(timedelta(days=3))
    await _handle(recorder, _turn("new"))

    forgotten = await recorder.forget_deliveries_before(clock.now() - timedelta(days=2))

    assert forgotten == 1
    assert isinstance(await _claim(recorder, _turn("old")), ClaimedTurn)
    assert isinstance(await _claim(recorder, _turn("new")), Replay)


class CountingDatabase(Database):
    """A real database that counts transactions, to show what one turn costs."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.units = 0

    def _counted(self, work):  # type: ignore[no-untyped-def]
        if getattr(work, "counted", False):  # run_short handing its work on to run
            return work

        def counted(session):  # type: ignore[no-untyped-def]
            self.units += 1
            return work(session)

        counted.counted = True  # type: ignore[attr-defined]
        return counted

    async def run(self, work):  # type: ignore[no-untyped-def, override]
        return await super().run(self._counted(work))

    async def run_short(self, work):  # type: ignore[no-untyped-def, override]
        return await super().run_short(self._counted(work))

    async def read(self, work):  # type: ignore[no-untyped-def, override]
        return await super().read(self._counted(work))


async def test_a_turn_is_two_transactions_and_its_claim_reads_the_chosen_language(
    database: Database,
):
    counting = CountingDatabase(database.url)
    clock = FixedClock()
    recorder = TurnRecorder(counting, clock)
    await _handle(recorder, _turn("k1"))
    counting.run_sync(lambda s: Preferences(s).set_language("29:alice", "en", clock.now()))
    counting.units = 0

    claimed = await _claim(recorder, _turn("k2"))
    assert isinstance(claimed, ClaimedTurn)
    await recorder.complete(claimed, None)

    assert claimed.language == "en"
    assert counting.units == 2
    counting.dispose()
