"""What the dispatcher does with cards updated for everyone (coalesced, in order, every copy
catches up) and with messages that finally are not delivered (the sender is told, once)."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from bot.connector import DeliveryFailure
from bot.outbox_leases import LEASE
from domain.identity import PersonRef
from domain.messaging import Content, TellOnFailure, UpdateCopies
from storage.outbox import Outbox
from storage.preferences import Preferences
from storage.reach import REQUEUE_WITHIN
from storage.unit_of_work import UnitOfWork
from tests.outbox.setup import ANNA, BO, NOW, SERVICE, TENANT, Setup, note, setup

__all__ = ["setup"]

CARD = {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextBlock", "text": "0"}]}
FINN = PersonRef(TENANT, "aad-finn")  # shares no team with the bot


def card(text: str) -> Content:
    return Content(card={**CARD, "body": [{"type": "TextBlock", "text": text}]})


def shown(call: object) -> str:
    activity = getattr(call, "activity", None) or {}
    return str(activity["attachments"][0]["content"]["body"][0]["text"])


async def test_twenty_updates_queued_at_once_reach_each_copy_once_with_the_latest_content(
    setup: Setup,
):
    await setup.team_with(ANNA, BO)
    await setup.queue(
        note("to-anna", content=card("0"), card_key="poll:1"),
        note("to-bo", to=BO, content=card("0"), card_key="poll:1"),
    )
    await setup.dispatcher.run_due()
    await setup.queue(
        *[
            note(f"poll:1:v{n}", address=UpdateCopies("poll:1"), content=card(str(n)))
            for n in range(1, 21)
        ]
    )

    report = await setup.dispatcher.run_due()

    updates = [c for c in setup.connector.calls if c.method == "update"]
    assert report.sent == 1 and len(updates) == 2
    assert [shown(u) for u in updates] == ["20", "20"]


async def test_a_copy_sent_after_an_update_went_out_is_brought_up_to_date(setup: Setup):
    await setup.team_with(ANNA, BO)
    await setup.queue(note("to-anna", content=card("0"), card_key="poll:2"))
    await setup.dispatcher.run_due()
    # bo's copy is claimed by a slow process; meanwhile an update goes out to anna's copy.
    await setup.queue(note("to-bo", to=BO, content=card("0"), card_key="poll:2"))
    slow = setup.new_dispatcher("slow")
    bo_copy = await setup.database.run(
        lambda s: Outbox(s).claim_due(now=NOW, owner=slow.owner, lease=LEASE, limit=10)
    )
    await setup.queue(note("poll:2:v1", address=UpdateCopies("poll:2"), content=card("1")))
    await setup.dispatcher.run_due()
    assert len([c for c in setup.connector.calls if c.method == "update"]) == 1

    await slow.send(bo_copy)  # bo's copy arrives late, showing "0"
    await setup.dispatcher.run_due()

    [bo_chat] = [
        c.conversation_id
        for c in setup.connector.calls
        if c.method == "create" and c.activity and c.activity["members"] == [{"id": "29:aad-bo"}]
    ]
    last_for_bo = [c for c in setup.connector.calls if c.conversation_id == bo_chat][-1]
    assert last_for_bo.method == "update" and shown(last_for_bo) == "1"


async def test_a_sender_who_asked_hears_once_that_a_message_was_not_delivered(setup: Setup):
    await setup.team_with(ANNA)
    tell = TellOnFailure(ANNA, "question")
    await setup.queue(note("to-finn", to=FINN, tell_on_failure=tell))

    first = await setup.dispatcher.run_due()
    again = await setup.dispatcher.run_due()

    [notice] = setup.connector.sent()
    assert first.unreachable == 1 and again.sent == 0
    assert notice.activity is not None
    text = notice.activity["text"]
    assert text.startswith("Dit spørgsmål til modtageren er ikke leveret: botten kan ikke nå")
    assert f"inden for {REQUEUE_WITHIN.days} dage" in text


async def test_a_notice_that_cannot_be_delivered_is_not_followed_by_another(setup: Setup):
    other = PersonRef(TENANT, "aad-nobody")
    await setup.queue(note("to-finn", to=FINN, tell_on_failure=TellOnFailure(other)))

    await setup.dispatcher.run_due()
    await setup.dispatcher.run_due()

    counts = await setup.database.run(lambda s: Outbox(s).counts())
    assert counts == {"unreachable": 2} and setup.connector.calls == []


async def test_a_message_refused_for_good_tells_its_sender_in_their_language(setup: Setup):
    await setup.team_with(ANNA, BO)

    def anna_chose_english(unit: UnitOfWork) -> None:
        unit.reach.remember_personal_chat(
            ANNA,
            teams_user_id="29:aad-anna",
            conversation_id="chat-anna",
            service_url=SERVICE,
            bot_id="28:bot",
            now=NOW,
        )
        Preferences(unit.session).set_language("29:aad-anna", "en", NOW)

    await setup.units.run(anna_chose_english)
    setup.connector.fail = lambda call: (
        DeliveryFailure("rejected", "BadSyntax", status=400)
        if call.method == "send" and call.activity and call.activity.get("text") == "note to-bo"
        else None
    )
    await setup.queue(note("to-bo", to=BO, tell_on_failure=TellOnFailure(ANNA, "answer")))

    report = await setup.dispatcher.run_due()
    await setup.dispatcher.run_due()

    [notice] = [
        c for c in setup.connector.sent() if c.activity and c.activity.get("text") != "note to-bo"
    ]
    assert report.failed == 1
    assert notice.activity is not None
    assert notice.activity["text"].startswith("Your answer to aad-bo could not be delivered")


async def test_no_notice_is_sent_for_a_message_that_did_not_ask_for_one(setup: Setup):
    await setup.queue(note("to-finn", to=FINN))

    await setup.dispatcher.run_due()
    await setup.dispatcher.run_due()

    assert setup.connector.calls == []
    assert await setup.database.run(lambda s: Outbox(s).counts()) == {"unreachable": 1}


async def test_messages_dropped_for_someone_are_sent_when_they_are_seen_again(setup: Setup):
    await setup.queue(note("old", to=FINN, at=NOW - REQUEUE_WITHIN - timedelta(hours=1)))
    await setup.queue(note("recent", to=FINN))
    await setup.dispatcher.run_due()
    assert setup.connector.calls == []

    await setup.team_with(FINN)  # the bot is installed in a team with finn
    requeued = await setup.units.run(lambda unit: unit.reach.seen(FINN, NOW))
    report = await setup.dispatcher.run_due()

    assert requeued == 1 and report.sent == 1
    assert [c.activity["text"] for c in setup.connector.sent() if c.activity] == ["note recent"]


async def test_a_stale_no_shared_team_mark_does_not_stop_a_message_once_a_roster_has_them(
    setup: Setup,
):
    await setup.queue(note("first", to=FINN))
    await setup.dispatcher.run_due()  # marked: no shared team
    await setup.team_with(FINN)  # a roster stored without telling reach (as before this fix)
    await setup.queue(note("second", to=FINN))

    report = await setup.dispatcher.run_due()

    assert report.sent == 2  # the second, and the first, queued again once finn was seen
    texts = [c.activity["text"] for c in setup.connector.sent() if c.activity]
    assert texts == ["note second", "note first"]
    assert await setup.units.run(lambda unit: unit.reach.unreachable_reason(FINN)) is None


async def test_a_process_that_lost_its_lease_stops_updating_the_copies(setup: Setup):
    await setup.team_with(ANNA, BO)
    await setup.queue(
        note("to-anna", content=card("0"), card_key="poll:3"),
        note("to-bo", to=BO, content=card("0"), card_key="poll:3"),
    )
    await setup.dispatcher.run_due()
    await setup.queue(note("poll:3:v1", address=UpdateCopies("poll:3"), content=card("1")))
    stalled, release = asyncio.Event(), asyncio.Event()
    update = setup.connector.update

    async def stalling_update(*args: Any) -> None:
        if not stalled.is_set():
            stalled.set()
            await release.wait()  # the process stalls past its lease in the middle of a PUT
        await update(*args)

    setup.connector.update = stalling_update  # type: ignore[method-assign]
    slow = setup.new_dispatcher("slow")
    sending = asyncio.create_task(slow.run_due())
    await asyncio.wait_for(stalled.wait(), 5)
    setup.wall.advance(LEASE + timedelta(seconds=1))
    taken = await setup.new_dispatcher("other").run_due()  # takes the row over, updates both
    lost = await slow.renew_leases()  # the slow process's next renewal finds the row taken
    release.set()
    await asyncio.wait_for(sending, 5)

    updates = [c for c in setup.connector.calls if c.method == "update"]
    assert len(lost) == 1 and taken.sent == 1
    assert len(updates) == 3  # two by the other process, one (the stalled one) by the slow


async def test_a_live_process_keeps_its_rows_by_renewing_their_short_leases(setup: Setup):
    await setup.team_with(ANNA)
    stalled, release = asyncio.Event(), asyncio.Event()
    send = setup.connector.send

    async def stalling_send(*args: Any) -> str:
        stalled.set()
        await release.wait()  # a slow Bot Connector
        return await send(*args)

    setup.connector.send = stalling_send  # type: ignore[method-assign]
    await setup.queue(note("m"))
    sending = asyncio.create_task(setup.dispatcher.run_due())
    await asyncio.wait_for(stalled.wait(), 5)

    setup.wall.advance(LEASE - timedelta(seconds=6))
    assert await setup.dispatcher.renew_leases() == set()
    setup.wall.advance(timedelta(seconds=10))  # past the first lease, inside the renewed one
    other = await setup.new_dispatcher("other").run_due()
    release.set()
    mine = await asyncio.wait_for(sending, 5)

    assert (other.sent, mine.sent) == (0, 1) and len(setup.connector.sent()) == 1
