"""The SQL Storage behaves as the SDK's MemoryStorage does, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from botbuilder.core import ConversationState, StoreItem, TurnContext
from botbuilder.core.adapters import TestAdapter
from botbuilder.schema import Activity, ActivityTypes, ChannelAccount, ConversationAccount

from domain.clock import FixedClock
from storage.bot_state import SqlStorage, StaleStateError
from storage.db import Database


@pytest.fixture
def storage(database: Database) -> SqlStorage:
    return SqlStorage(database, FixedClock())


async def test_an_item_that_was_written_reads_back_with_an_etag(storage: SqlStorage):
    await storage.write({"k1": {"count": 1, "names": ["a", "æøå"]}})

    items = await storage.read(["k1", "missing"])

    assert set(items) == {"k1"}
    assert items["k1"]["count"] == 1 and items["k1"]["names"] == ["a", "æøå"]
    assert items["k1"]["e_tag"]


async def test_a_write_with_the_current_etag_succeeds_and_changes_the_etag(storage: SqlStorage):
    await storage.write({"k": {"n": 1}})
    first = (await storage.read(["k"]))["k"]

    first["n"] = 2
    await storage.write({"k": first})
    second = (await storage.read(["k"]))["k"]

    assert second["n"] == 2
    assert second["e_tag"] != first["e_tag"]


async def test_a_stale_write_fails_like_memory_storage(storage: SqlStorage):
    await storage.write({"k": {"n": 1}})
    reader_a = (await storage.read(["k"]))["k"]
    reader_b = (await storage.read(["k"]))["k"]
    reader_a["n"] = 2
    await storage.write({"k": reader_a})

    reader_b["n"] = 3
    with pytest.raises(KeyError):
        await storage.write({"k": reader_b})
    assert (await storage.read(["k"]))["k"]["n"] == 2


async def test_a_star_etag_overwrites_unconditionally(storage: SqlStorage):
    await storage.write({"k": {"n": 1}})
    await storage.write({"k": {"n": 5, "e_tag": "*"}})

    assert (await storage.read(["k"]))["k"]["n"] == 5


async def test_store_items_keep_their_type(storage: SqlStorage):
    await storage.write({"item": StoreItem(colour="blå", e_tag="*")})

    item = (await storage.read(["item"]))["item"]

    assert isinstance(item, StoreItem) and item.colour == "blå"


async def test_delete_removes_items_and_ignores_missing_ones(storage: SqlStorage):
    await storage.write({"a": {"n": 1}, "b": {"n": 2}})

    await storage.delete(["a", "never-there"])

    assert set(await storage.read(["a", "b"])) == {"b"}


async def test_two_storages_on_one_database_see_each_others_writes(database: Database):
    instance_a = SqlStorage(database, FixedClock())
    instance_b = SqlStorage(database, FixedClock())

    await instance_a.write({"shared": {"n": 1}})
    seen_by_b = (await instance_b.read(["shared"]))["shared"]
    seen_by_b["n"] = 2
    await instance_b.write({"shared": seen_by_b})

    assert (await instance_a.read(["shared"]))["shared"]["n"] == 2
    with pytest.raises(StaleStateError):
        stale = (await instance_a.read(["shared"]))["shared"]
        stale["e_tag"] = "0" * 32
        await instance_a.write({"shared": stale})


async def test_conversation_state_survives_a_new_storage_object(database: Database):
    activity = Activity(
        type=ActivityTypes.message,
        channel_id="msteams",
        conversation=ConversationAccount(id="c1"),
        from_property=ChannelAccount(id="u1"),
        recipient=ChannelAccount(id="bot"),
        text="hi",
    )
    adapter = TestAdapter()

    state = ConversationState(SqlStorage(database, FixedClock()))
    counter = state.create_property("counter")
    context = TurnContext(adapter, activity)
    await state.load(context)
    await counter.set(context, 41)
    await state.save_changes(context)

    restarted = ConversationState(SqlStorage(database, FixedClock()))
    new_context = TurnContext(adapter, activity)
    await restarted.load(new_context)
    assert await restarted.create_property("counter").get(new_context) == 41


async def test_empty_reads_and_writes_do_nothing(storage: SqlStorage):
    assert await storage.read([]) == {}
    await storage.write({})
    await storage.delete([])
