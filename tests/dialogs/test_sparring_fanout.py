"""What a sparring thread sends, on fakes: the request card once per reader with a card key per
language, every copy updated in its own language, the reminder held to working hours and
withdrawn by prefix, and each move's message to the other side."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from dialogs.sparring.fanout import (
    cancel_reminders,
    post_request,
    publish,
    queue_reminders,
    update_copies,
)
from domain.directory import Absence
from domain.messaging import ToConversation, ToPerson, UpdateCopies
from domain.sparring import Closed, Status, keys
from tests.dialogs.sparring_world import (
    DINA,
    ERIK,
    FINN,
    REGION_CHANNEL,
    SETTINGS,
    asked,
    directory,
    unit_in_world,
)
from tests.dialogs.turns import ANNE, BO, turn
from tests.fakes import FakeUnitOfWork


@pytest.fixture
def unit() -> FakeUnitOfWork:
    return unit_in_world()


def test_the_request_goes_once_to_each_reader_in_their_language(unit: FakeUnitOfWork):
    thread = asked(unit)

    post_request(unit, thread, unit.directory.directory, [BO, DINA, BO], with_asker=True)

    sent = {m.address: m for m in unit.outbox.pending()}
    assert list(sent) == [
        ToConversation("tenant-region", REGION_CHANNEL),
        ToPerson(BO),
        ToPerson(DINA),
        ToPerson(ANNE),
    ]
    assert sent[ToPerson(DINA)].language == "en" and "New – not claimed yet" in str(
        sent[ToPerson(DINA)].content.card
    )
    assert sent[ToPerson(DINA)].card_key == "sparring:1:en"
    assert {m.card_key for a, m in sent.items() if a != ToPerson(DINA)} == {"sparring:1"}
    assert keys.parse(sent[ToPerson(BO)].dedupe_key) == keys.SparringKey(
        1, keys.Kind.COPY, 1, pool="pc-amager", reader="aad-bo"
    )


def test_a_pool_place_the_bot_has_left_gets_no_copy(unit: FakeUnitOfWork):
    unit.reach.conversations.clear()

    post_request(unit, asked(unit), unit.directory.directory, [BO], with_asker=False)

    assert [m.address for m in unit.outbox.pending()] == [ToPerson(BO)]


def test_every_copy_is_updated_in_the_language_it_was_sent_in(unit: FakeUnitOfWork):
    claimed = replace(asked(unit), status=Status.CLAIMED, claimer=BO, claimer_name="Bo", version=2)

    update_copies(unit, claimed, unit.directory.directory)

    updates = {m.address: m for m in unit.outbox.pending()}
    assert set(updates) == {UpdateCopies("sparring:1"), UpdateCopies("sparring:1:en")}
    assert "Taget af Bo" in str(updates[UpdateCopies("sparring:1")].content.card)
    assert "Claimed by Bo" in str(updates[UpdateCopies("sparring:1:en")].content.card)
    assert {keys.parse(m.dedupe_key).version for m in updates.values()} == {2}


def test_the_unclaimed_reminder_waits_four_working_hours_and_a_claim_withdraws_it(
    unit: FakeUnitOfWork,
):
    thread = asked(unit)
    queue_reminders(unit, SETTINGS, thread, unit.directory.directory)
    queued = unit.outbox.pending()

    withdrawn = cancel_reminders(unit, thread.id)

    assert {m.address for m in queued} == {
        ToConversation("tenant-region", REGION_CHANNEL),
        ToPerson(BO),
        ToPerson(ERIK),
    }
    assert {m.due_at for m in queued} == {datetime(2026, 11, 23, 13, 0, tzinfo=UTC)}  # 14.00
    assert withdrawn is None and unit.outbox.pending() == []


def test_closing_an_unclaimed_thread_tells_nobody_but_updates_the_copies(unit: FakeUnitOfWork):
    thread = asked(unit)
    outcome = thread.close(ANNE, thread.relation_of(ANNE, in_pool=False), unit.now)

    publish(unit, SETTINGS, unit.directory.directory, outcome, [None], by_name="Anne")

    assert outcome.events == (Closed(ANNE, True, None),)
    assert {keys.parse(k).kind for k in unit.outbox.pending_keys()} == {keys.Kind.UPDATE}


def test_a_notice_to_an_absent_asker_reaches_their_substitute_saying_for_whom(
    unit: FakeUnitOfWork,
):

    day = unit.now.date()
    unit.directory.directory = directory([Absence(ANNE, day, day, substitute=FINN)])
    thread = asked(unit)
    outcome = thread.claim(BO, thread.relation_of(BO, in_pool=True), "Bo Bertelsen", unit.now)

    publish(unit, SETTINGS, unit.directory.directory, outcome, [None], by_name=turn(BO).name)

    [told] = [m for m in unit.outbox.pending() if keys.parse(m.dedupe_key).kind == "claimed"]
    assert told.address == ToPerson(FINN) and keys.parse(told.dedupe_key).via == "aad-finn"
    assert "Anne Andersen" in str(told.content.card)
