"""How every poll button reaches its poll, on fakes: the row the card names, checked against the
clicker (refusals audited and worded), and a change saved only onto the version it came from."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dialogs.meetings.access import Found, load, refusal, save
from domain.directory import Action
from domain.meetings.poll import PollStatus
from tests.dialogs.meeting_world import POLL_ID, draft, stored, world
from tests.dialogs.turns import ANNE, BO, turn
from tests.fakes import FakeUnitOfWork


@pytest.fixture
def unit() -> FakeUnitOfWork:
    return world()


def test_the_poll_the_card_names_is_loaded_and_locked_for_its_tovholder(unit: FakeUnitOfWork):
    poll = stored(unit)

    found = load(unit, turn(ANNE), POLL_ID, Action.FINALISE_POLL, "meetings.x", lock=True)

    assert isinstance(found, Found) and found.poll == poll
    assert unit.polls.locked == [POLL_ID] and not unit.audit.entries


def test_a_poll_that_does_not_exist_is_refused_without_an_audit_entry(unit: FakeUnitOfWork):
    reply = load(unit, turn(ANNE), "b" * 32, Action.FINALISE_POLL, "meetings.x")

    assert not isinstance(reply, Found) and reply.text == "Den afstemning findes ikke (længere)."


def test_a_refusal_is_audited_and_a_drafts_owner_is_named(unit: FakeUnitOfWork):
    draft(unit)

    reply = load(unit, turn(BO), POLL_ID, Action.FINALISE_POLL, "meetings.preview")

    assert not isinstance(reply, Found) and reply.refused
    assert "tilhører Anne Andersen" in str(reply.text)
    assert unit.audit.refusals() == [("meetings.preview", "refused:not_tovholder")]


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("closed", "Afstemningen er lukket – svar kan ikke længere ændres."),
        ("stale_card", "Tiderne er ændret siden dette kort. Brug det nyeste kort."),
        ("cancelled", "Mødet er aflyst, så jeg giver ikke mere input videre."),
        ("input_given", "Du har allerede givet dit input videre"),
        ("something_new", "Du er ikke deltager i denne afstemning."),
    ],
)
def test_each_reason_is_worded_for_the_reader(code: str, text: str):
    assert text in str(refusal(turn(ANNE).texts, code).text)


def test_a_change_is_saved_and_audited_once_and_never_onto_a_newer_version(unit: FakeUnitOfWork):
    poll = stored(unit)
    change = poll.finalise("s1", confirmed=True)

    saved = save(unit, ANNE, change)
    unit.polls.polls[POLL_ID] = replace(change.poll, status=PollStatus.OPEN, version=7)
    again = save(unit, ANNE, change)

    assert (saved, again) == (True, False)
    assert unit.audit.actions() == ["meetings.finalised"]
    [entry] = unit.audit.entries
    assert (entry.subject_kind, entry.subject_id, entry.case_reference) == (
        "meeting_poll",
        POLL_ID,
        "KI-2026-0007",
    )
