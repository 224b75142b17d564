from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from domain.clock import FixedClock
from storage.db import Database
from storage.models import ConversationReferenceRecord, UserRecord
from storage.turns import ConversationReferences, SeenConversation, SeenTurn, SeenUser, TurnRecorder


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


async def test_a_handled_delivery_is_not_handled_again(database: Database):
    recorder = TurnRecorder(database, FixedClock())

    assert await recorder.record_turn(_turn("k1")) is True
    await recorder.mark_handled("k1")
    await recorder.mark_handled("k1")  # marking twice (two instances) is harmless

    assert await recorder.record_turn(_turn("k1")) is False
    assert await TurnRecorder(database, FixedClock()).record_turn(_turn("k1")) is False


async def test_a_delivery_whose_turn_did_not_finish_is_handled_again(database: Database):
    recorder = TurnRecorder(database, FixedClock())

    assert await recorder.record_turn(_turn("k1")) is True
    assert await recorder.record_turn(_turn("k1")) is True


async def test_users_and_references_are_stored_and_updated(database: Database):
    clock = FixedClock()
    recorder = TurnRecorder(database, clock)
    await recorder.record_turn(_turn("k1"))
    clock.advance(timedelta(hours=2))
    await recorder.record_turn(_turn("k2", name="Alice A.", conversation="group", kind="groupChat"))

    users = database.run_sync(lambda s: list(s.exec(select(UserRecord))))
    references = database.run_sync(lambda s: list(s.exec(select(ConversationReferenceRecord))))
    assert [(u.name, u.locale) for u in users] == [("Alice A.", "da-DK")]
    assert sorted(r.conversation_id for r in references) == ["c1", "group"]
    personal = await ConversationReferences(database).personal_chat_of("29:alice")
    assert personal is not None and personal.conversation_id == "c1"


async def test_old_delivery_ids_are_forgotten(database: Database):
    clock = FixedClock()
    recorder = TurnRecorder(database, clock)
    await recorder.mark_handled("old")
    clock.advance(timedelta(days=3))
    await recorder.mark_handled("new")

    forgotten = await recorder.forget_deliveries_before(clock.now() - timedelta(days=2))

    assert forgotten == 1
    assert await recorder.record_turn(_turn("old")) is True
    assert await recorder.record_turn(_turn("new")) is False


class CountingDatabase(Database):
    """A real database that counts units of work, to show what one turn costs."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.units = 0

    async def run(self, work):  # type: ignore[no-untyped-def, override]
        self.units += 1
        return await super().run(work)


async def test_the_chosen_language_is_read_in_the_turns_own_unit_of_work(database: Database):
    from storage.preferences import Preferences

    counting = CountingDatabase(database.url)
    clock = FixedClock()
    recorder = TurnRecorder(counting, clock)
    await recorder.record(_turn("k1"))
    counting.run_sync(lambda s: Preferences(s).set_language("29:alice", "en", clock.now()))
    counting.units = 0

    recorded = await recorder.record(_turn("k2"))
    cached = await recorder.record(_turn(None))  # nothing to write: no database work at all

    assert (recorded.is_new, recorded.language) == (True, "en")
    assert cached.language == "en"
    assert counting.units == 1
    counting.dispose()
