"""What a poll sends to everyone else, on fakes: each message under its key, to its reader, in
the reader's language, at its time."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from dialogs.meetings.notices import follow, forward_input
from domain.directory.model import Absence
from domain.keys import MessageKey
from domain.meetings.poll import Poll, PollStatus
from domain.messaging import ToConversation, ToPerson, UpdateCopies
from tests.dialogs.meeting_world import CHANNEL, POLL_ID, context, stored, world
from tests.dialogs.turns import ANNE, BO
from tests.fakes import FakeUnitOfWork
from tests.meeting_factories import local


@pytest.fixture
def unit() -> FakeUnitOfWork:
    return world()


def _by_key(unit: FakeUnitOfWork) -> dict[MessageKey, object]:
    return {MessageKey.parse(m.dedupe_key): m for m in unit.outbox.pending()}


def _opened(unit: FakeUnitOfWork, **changes: object) -> Poll:
    draft = stored(unit, status=PollStatus.DRAFT, **changes)
    change = draft.open()
    unit.polls.polls[POLL_ID] = change.poll
    follow(unit, context(), change, unit.directory.snapshot(), ANNE, "en")
    return change.poll


def test_an_opened_poll_sends_each_vote_card_to_its_reader_in_their_language(
    unit: FakeUnitOfWork,
):
    unit.preferences.languages[BO] = "en"

    _opened(unit)

    queued = _by_key(unit)
    bo = queued[MessageKey.of("poll", POLL_ID, "vote", "p2", "r1")]
    anne = queued[MessageKey.of("poll", POLL_ID, "vote", "p1", "r1")]
    assert bo.address == ToPerson(BO) and bo.language == "en"  # type: ignore[attr-defined]
    assert bo.card_key == f"poll:{POLL_ID}:vote:p2"  # type: ignore[attr-defined]
    assert anne.language == "da"  # type: ignore[attr-defined]


def test_the_shared_card_goes_where_the_form_was_opened_in_the_openers_language(
    unit: FakeUnitOfWork,
):
    _opened(unit)

    shared = _by_key(unit)[MessageKey.of("poll", POLL_ID, "shared")]

    assert shared.address == ToConversation(ANNE.tenant_id, CHANNEL)  # type: ignore[attr-defined]
    assert shared.language == "en" and shared.card_key == f"poll:{POLL_ID}:shared"  # type: ignore[attr-defined]


def test_nudges_wait_one_and_two_working_days_and_never_reach_the_tovholder(
    unit: FakeUnitOfWork,
):
    _opened(unit)

    nudges = {k: m for k, m in _by_key(unit).items() if k.topic == "nudge"}

    assert sorted(str(k) for k in nudges) == [
        f"poll:{POLL_ID}:nudge:p2:r1:1",
        f"poll:{POLL_ID}:nudge:p2:r1:2",
    ]
    assert sorted(m.due_at for m in nudges.values()) == [  # type: ignore[attr-defined]
        local("2026-12-01 10:00"),
        local("2026-12-02 10:00"),
    ]


def test_the_answer_by_notice_reaches_the_tovholders_substitute_when_she_is_away(
    unit: FakeUnitOfWork,
):
    unit.directory.directory = replace(
        unit.directory.directory,
        absences=(Absence(ANNE, date(2026, 12, 5), date(2026, 12, 9), substitute=BO),),
    )

    _opened(unit, answer_by=date(2026, 12, 7))

    [deadline] = [k for k in _by_key(unit) if k.topic == "deadline"]
    assert deadline.about == ("deadline", "via", BO.aad_object_id)


def test_a_later_round_replaces_every_sent_vote_card(unit: FakeUnitOfWork):
    poll = stored(unit)
    change = poll.new_round([(local("2026-12-14 10:00"), local("2026-12-14 11:00"))])

    follow(unit, context(), change, unit.directory.snapshot(), ANNE, "da")

    update = _by_key(unit)[MessageKey.of("poll", POLL_ID, "vote", "p2", "r2", "update")]
    assert update.address == UpdateCopies(f"poll:{POLL_ID}:vote:p2")  # type: ignore[attr-defined]


def test_a_cancelled_meeting_tells_everyone_with_a_calendar_cancellation(unit: FakeUnitOfWork):
    poll = stored(unit, status=PollStatus.FINALISED, chosen_slot="s1")

    follow(unit, context(), poll.cancel(), unit.directory.snapshot(), ANNE, "da")

    told = _by_key(unit)[MessageKey.of("poll", POLL_ID, "confirmed", 1, 1, "p2")]
    assert "Mødet er aflyst" in str(told.content.card)  # type: ignore[attr-defined]
    assert "calendar/" in str(told.content.card)  # type: ignore[attr-defined]


def test_written_input_is_queued_under_one_key_per_participant(unit: FakeUnitOfWork):
    poll = stored(unit, status=PollStatus.FINALISED, chosen_slot="s1")
    directory = unit.directory.snapshot()

    forward_input(unit, context(), poll, "p2", "Bo", "Første", directory)
    forward_input(unit, context(), poll, "p2", "Bo", "Anden", directory)

    [message] = unit.outbox.pending()
    assert message.dedupe_key == f"poll:{POLL_ID}:input:p2" and "Første" in str(message.content)
    assert message.address == ToPerson(ANNE)
