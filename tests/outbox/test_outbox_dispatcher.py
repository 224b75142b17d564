"""The outbox dispatcher with an in-memory connector: what is sent, when, and what happens on
each kind of failure. Time is a FixedClock; nothing sleeps."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from bot.app import _digest
from bot.connector import DeliveryFailure
from bot.messenger import Messenger
from bot.outbox_dispatcher import OutboxDispatcher
from domain.clock import FixedClock
from domain.identity import PersonRef
from domain.messaging import Content, ToConversation, ToPerson, UpdateCopies
from domain.pacing import Pacer
from storage.db import Database
from storage.outbox import Outbox, OutgoingMessage
from storage.reach import Installation, Member
from storage.unit_of_work import UnitsOfWork
from tests.outbox.fakes import MemoryConnector

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
TENANT = "tenant-region"
ANNA = PersonRef(TENANT, "aad-anna")
BO = PersonRef(TENANT, "aad-bo")
TEAM = "19:team-region@thread.tacv2"
SERVICE = "http://127.0.0.1:9/"


class Setup:
    def __init__(self, database: Database) -> None:
        self.database = database
        self.clock = FixedClock(NOW)
        self.connector = MemoryConnector()
        self.slept: list[float] = []

        async def no_sleep(seconds: float) -> None:
            self.slept.append(seconds)

        self.messenger = Messenger(
            database, self.connector, self.clock, pacer=Pacer(), sleep=no_sleep
        )
        self.dispatcher = self.new_dispatcher()
        self.units = UnitsOfWork(database, self.clock)

    def new_dispatcher(self, owner: str = "one") -> OutboxDispatcher:
        return OutboxDispatcher(
            self.database,
            self.messenger,
            self.clock,
            digest=_digest,
            owner=owner,
            rng=random.Random(7),
        )

    async def queue(self, *messages: OutgoingMessage) -> list[bool]:
        return await self.units.run(lambda unit: [unit.send(m) for m in messages])

    async def team_with(self, *people: PersonRef) -> None:
        def install(unit) -> None:  # type: ignore[no-untyped-def]
            installation_id = unit.reach.install(
                Installation(TEAM, "team", TENANT, "Region", SERVICE, "28:bot"), NOW
            )
            unit.reach.upsert_members(
                installation_id,
                TENANT,
                [
                    Member(p.aad_object_id, f"29:{p.aad_object_id}", p.aad_object_id, None)
                    for p in people
                ],
            )

        await self.units.run(install)


@pytest.fixture
def setup(database: Database) -> Iterator[Setup]:
    yield Setup(database)


def note(key: str, to: PersonRef = ANNA, at: datetime = NOW, **changes: object) -> OutgoingMessage:
    values: dict[str, object] = {
        "dedupe_key": key,
        "address": ToPerson(to),
        "content": Content(text=f"note {key}"),
        "due_at": at,
    }
    values.update(changes)
    return OutgoingMessage(**values)  # type: ignore[arg-type]


async def test_a_team_member_who_never_wrote_gets_a_personal_chat_created_and_the_message(
    setup: Setup,
):
    await setup.team_with(ANNA)
    await setup.queue(note("hello"))

    report = await setup.dispatcher.run_due()

    create, send = setup.connector.calls
    assert report.sent == 1
    assert create.method == "create" and create.activity is not None
    assert create.activity["members"] == [{"id": "29:aad-anna"}]
    assert create.activity["tenantId"] == TENANT and create.activity["isGroup"] is False
    assert send.conversation_id == create.conversation_id and send.activity is not None
    assert send.activity["text"] == "note hello"


async def test_the_created_personal_chat_is_reused_for_the_next_message(setup: Setup):
    await setup.team_with(ANNA)
    await setup.queue(note("one"))
    await setup.dispatcher.run_due()
    await setup.queue(note("two"))
    await setup.dispatcher.run_due()

    assert [c.method for c in setup.connector.calls] == ["create", "send", "send"]


async def test_nothing_is_sent_before_its_time_and_everything_at_its_time(setup: Setup):
    await setup.team_with(ANNA)
    await setup.queue(note("later", at=NOW + timedelta(hours=2)))

    assert (await setup.dispatcher.run_due()).sent == 0
    setup.clock.advance(timedelta(hours=2))
    assert (await setup.dispatcher.run_due()).sent == 1


async def test_someone_the_bot_shares_nothing_with_is_unreachable_and_not_retried(
    setup: Setup,
):
    await setup.queue(note("hello", to=BO))

    report = await setup.dispatcher.run_due()
    setup.clock.advance(timedelta(days=1))
    again = await setup.dispatcher.run_due()

    assert report.unreachable == 1 and again.sent == again.unreachable == 0
    assert setup.connector.calls == []


async def test_a_blocked_bot_marks_the_person_unreachable_and_stops_trying(setup: Setup):
    await setup.team_with(ANNA)
    setup.connector.fail = lambda call: (
        DeliveryFailure("unreachable", "MessageWritesBlocked", status=403)
        if call.method == "send"
        else None
    )
    await setup.queue(note("one"))
    await setup.dispatcher.run_due()
    setup.connector.fail = lambda call: None
    await setup.queue(note("two"))

    report = await setup.dispatcher.run_due()

    assert report.unreachable == 1 and setup.connector.sent() == []


async def test_429_waits_for_retry_after_and_does_not_use_up_attempts(setup: Setup):
    await setup.team_with(ANNA)
    refusals = iter([DeliveryFailure("rate_limited", "http_429", status=429, retry_after=30)] * 20)
    setup.connector.fail = lambda call: next(refusals, None) if call.method == "send" else None
    await setup.queue(note("m"))

    for _ in range(20):
        await setup.dispatcher.run_due()
        assert setup.connector.sent() == []
        setup.clock.advance(timedelta(seconds=29))
        assert (await setup.dispatcher.run_due()).sent == 0
        setup.clock.advance(timedelta(seconds=1))

    assert (await setup.dispatcher.run_due()).sent == 1


async def test_server_errors_back_off_exponentially_then_give_up_visibly(setup: Setup):
    await setup.team_with(ANNA)
    setup.connector.fail = lambda call: DeliveryFailure("transient", "http_500", status=500)
    await setup.queue(note("m"))
    delays: list[float] = []

    for _ in range(12):
        before = setup.clock.now()
        await setup.dispatcher.run_due()
        next_due = await setup.dispatcher.next_due_at()
        if next_due is None:
            break
        delays.append((next_due - before).total_seconds())
        setup.clock.current = next_due

    assert len(delays) == 7  # 8 attempts, the last one marks the message failed
    expected = [min(5 * 2**n, 900) for n in range(7)]  # 5 s doubling, at most 15 min
    assert all(0.5 * e <= d <= 1.5 * e for d, e in zip(delays, expected, strict=True))
    counts = await setup.database.run(lambda s: Outbox(s).counts())
    assert counts == {"failed": 1}


async def test_a_card_sent_under_a_key_is_updated_in_every_chat_it_went_to(setup: Setup):
    await setup.team_with(ANNA, BO)
    card = {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextBlock", "text": "ny"}]}
    await setup.queue(
        note("to-anna", content=Content(card=card), card_key="request:1"),
        note("to-bo", to=BO, content=Content(card=card), card_key="request:1"),
    )
    await setup.dispatcher.run_due()
    answered = {**card, "body": [{"type": "TextBlock", "text": "besvaret"}]}

    await setup.queue(
        note("request:1:v2", address=UpdateCopies("request:1"), content=Content(card=answered))
    )
    await setup.dispatcher.run_due()

    updates = [c for c in setup.connector.calls if c.method == "update"]
    sends = setup.connector.sent()
    assert sorted((u.conversation_id, u.activity_id) for u in updates) == sorted(
        (s.conversation_id, s.activity_id) for s in sends
    )
    assert all(u.activity and u.activity["attachments"][0]["content"] == answered for u in updates)


async def test_several_messages_due_for_one_person_arrive_as_one_digest(setup: Setup):
    await setup.team_with(ANNA)
    card = {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextBlock", "text": "x"}]}
    await setup.queue(
        *[
            note(f"nudge-{n}", content=Content(text=f"frist {n}", card=card), digest_group="anna")
            for n in range(3)
        ]
    )

    report = await setup.dispatcher.run_due()

    [digest] = setup.connector.sent()
    assert report.sent == 3
    assert digest.activity is not None
    assert "3 ting fra KI-bot" in str(digest.activity["attachments"][0]["content"])


async def test_messages_to_one_conversation_keep_their_order(setup: Setup):
    await setup.team_with(ANNA)
    await setup.queue(*[note(f"m{n:02}", at=NOW - timedelta(seconds=60 - n)) for n in range(20)])

    await setup.dispatcher.run_due()

    texts = [c.activity["text"] for c in setup.connector.sent() if c.activity]
    assert texts == [f"note m{n:02}" for n in range(20)]


async def test_sending_stays_inside_teams_limits_per_conversation(setup: Setup):
    await setup.team_with(ANNA)
    await setup.queue(*[note(f"m{n}") for n in range(10)])

    await setup.dispatcher.run_due()

    # 7 a second, then 8 per 2 s: the 8th waits about a second for the window.
    assert len(setup.connector.sent()) == 10
    assert setup.slept and sum(setup.slept) >= 0.9


async def test_a_message_to_a_group_chat_goes_to_that_chat(setup: Setup):
    await setup.units.run(
        lambda unit: unit.reach.install(
            Installation("19:group@thread.v2", "groupChat", TENANT, "Gruppe", SERVICE, "28:bot"),
            NOW,
        )
    )
    await setup.queue(note("g", address=ToConversation(TENANT, "19:group@thread.v2")))

    await setup.dispatcher.run_due()

    [sent] = setup.connector.sent()
    assert sent.conversation_id == "19:group@thread.v2" and sent.service_url == SERVICE


async def test_a_message_claimed_by_a_process_that_died_is_sent_by_another(setup: Setup):
    await setup.team_with(ANNA)
    await setup.queue(note("m"))
    # The first process claims the row and dies before sending anything.
    await setup.database.run(
        lambda s: (
            __import__("storage.outbox")
            .outbox.Outbox(s)
            .claim_due(now=NOW, owner="dead", lease=timedelta(minutes=2), limit=10)
        )
    )
    survivor = setup.new_dispatcher("survivor")

    assert (await survivor.run_due()).sent == 0
    setup.clock.advance(timedelta(minutes=2, seconds=1))
    assert (await survivor.run_due()).sent == 1


async def test_an_automatic_message_due_at_night_waits_for_the_next_working_morning(setup: Setup):
    from zoneinfo import ZoneInfo

    from domain.calendar import WorkingCalendar

    await setup.team_with(ANNA)
    copenhagen = ZoneInfo("Europe/Copenhagen")
    friday_evening = datetime(2026, 11, 27, 19, 0, tzinfo=copenhagen)
    setup.clock.current = friday_evening
    await setup.units.run(
        lambda unit: unit.send_automatic(
            note("nudge", at=friday_evening), WorkingCalendar.from_settings()
        )
    )

    setup.clock.current = datetime(2026, 11, 30, 7, 59, tzinfo=copenhagen)
    assert (await setup.dispatcher.run_due()).sent == 0
    setup.clock.current = datetime(2026, 11, 30, 8, 0, tzinfo=copenhagen)
    assert (await setup.dispatcher.run_due()).sent == 1


async def test_a_persons_own_reminder_is_sent_at_night_if_that_is_what_they_asked(setup: Setup):
    await setup.team_with(ANNA)
    night = datetime(2026, 11, 28, 2, 30, tzinfo=UTC)
    await setup.queue(note("own", at=night))

    setup.clock.current = night
    assert (await setup.dispatcher.run_due()).sent == 1


async def test_automatic_messages_held_over_a_weekend_arrive_as_one_digest(setup: Setup):
    from domain.calendar import WorkingCalendar

    await setup.team_with(ANNA)
    saturday = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
    setup.clock.current = saturday
    card = {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextBlock", "text": "x"}]}
    await setup.units.run(
        lambda unit: [
            unit.send_automatic(
                note(f"n{h}", at=saturday + timedelta(hours=h), content=Content(card=card)),
                WorkingCalendar.from_settings(),
            )
            for h in range(3)
        ]
    )

    setup.clock.current = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    report = await setup.dispatcher.run_due()

    assert report.sent == 3 and len(setup.connector.sent()) == 1


async def test_the_running_dispatcher_sends_a_message_queued_in_its_process_at_once(
    setup: Setup,
):
    await setup.team_with(ANNA)
    dispatcher = OutboxDispatcher(
        setup.database, setup.messenger, setup.clock, digest=_digest, poll_seconds=60
    )
    units = UnitsOfWork(setup.database, setup.clock, on_queued=dispatcher.wake)
    dispatcher.start()
    try:
        await units.run(lambda unit: unit.send(note("now")))
        await setup.connector.wait_until(
            lambda: len(setup.connector.sent()) == 1
        )  # woken, not the 60 s poll
    finally:
        await dispatcher.stop()


async def test_the_running_dispatcher_finds_a_row_another_process_queued_by_polling(
    setup: Setup,
):
    await setup.team_with(ANNA)
    dispatcher = OutboxDispatcher(
        setup.database, setup.messenger, setup.clock, digest=_digest, poll_seconds=0.05
    )
    dispatcher.start()
    try:
        await setup.queue(note("elsewhere"))  # a unit of work that does not wake this process
        await setup.connector.wait_until(lambda: len(setup.connector.sent()) == 1)
    finally:
        await dispatcher.stop()


async def test_every_sent_message_is_listed_so_retention_can_find_it_and_a_digest_under_each_part(
    setup: Setup,
):
    from sqlalchemy import select

    from storage.reach_models import SentCopyRecord

    await setup.team_with(ANNA, BO)
    await setup.queue(
        note("course:KI-2026-0001:nudge", to=BO),
        note("case-card", to=BO, card_key="course:KI-2026-0002"),
        *[note(f"course:KI-2026-000{n}:plan", digest_group="anna") for n in (3, 4)],
    )
    await setup.dispatcher.run_due()

    copies = await setup.database.run(
        lambda s: sorted((c.card_key, c.activity_id) for c in s.scalars(select(SentCopyRecord)))
    )
    keys = [key for key, _ in copies]
    assert keys == [
        "course:KI-2026-0002",
        "msg:course:KI-2026-0001:nudge",
        "msg:course:KI-2026-0003:plan",
        "msg:course:KI-2026-0004:plan",
    ]
    digest = {activity for key, activity in copies if key.endswith(":plan")}
    assert len(digest) == 1  # one message in Teams, listed under both of its parts
