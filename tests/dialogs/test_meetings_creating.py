"""Creating a poll on fakes: "møde" opens a form and a draft that belongs to whoever typed it;
only they may propose times, preview, edit and send it (issue #16, item 1)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from dialogs.meetings import MeetingPolls
from dialogs.meetings.commands import DraftForm, OpenDraft
from dialogs.reply import Reply
from dialogs.router import parse
from domain.directory.model import Absence
from domain.keys import MessageKey
from domain.meetings.poll import PollStatus
from tests.dialogs.meeting_world import CHANNEL, POLL_ID, draft, polls, stored, world
from tests.dialogs.turns import ANNE, BO, CLARA, turn
from tests.fakes import FakeUnitOfWork

SLOTS = "tirsdag d. 8/12 kl 10-11\nonsdag d. 9/12 kl 13-14"


def _form(**changes: str) -> dict[str, Any]:
    return {
        "draft": POLL_ID,
        "title": "Opfølgning",
        "case": "ki-2026-0007",
        "people": f"{BO.tenant_id}|{BO.aad_object_id}",
        "citizen": "Jens (borger)",
        "slots": SLOTS,
        "answer_by": "2026-12-04",
        **changes,
    }


@pytest.fixture
def unit() -> FakeUnitOfWork:
    return world()


@pytest.fixture
def meetings(unit: FakeUnitOfWork) -> MeetingPolls:
    return polls(unit)


def _text(reply: Reply) -> str:
    return str(reply.card) + str(reply.text)


async def test_typing_mode_opens_a_form_and_a_draft_that_belongs_to_the_typer(
    meetings: MeetingPolls, unit: FakeUnitOfWork
):
    typed = replace(turn(ANNE, kind="channel", conversation_id=CHANNEL), mentioned=("29:aad-bo",))

    reply = await meetings.creating.start(typed, "Opfølgning <at>Bo Bertelsen</at>")

    [stored_draft] = unit.polls.polls.values()
    assert (stored_draft.status, stored_draft.tovholder) == (PollStatus.DRAFT, ANNE)
    assert unit.polls.origins[stored_draft.id].conversation_id == CHANNEL
    assert reply.card is not None and stored_draft.id in str(reply.card)
    inputs = {e["id"]: e for e in reply.card["body"] if str(e.get("type")).startswith("Input.")}
    assert inputs["title"]["value"] == "Opfølgning"
    assert inputs["people"]["value"] == f"{BO.tenant_id}|{BO.aad_object_id}"


async def test_someone_teams_does_not_name_cannot_open_a_form(meetings: MeetingPolls):
    reply = await meetings.creating.start(turn(None), "")

    assert reply.refused and reply.text == "Jeg kan ikke se, hvem du er. Prøv igen fra Teams."


async def test_the_owner_previews_and_the_draft_is_saved_with_every_time_shown(
    meetings: MeetingPolls, unit: FakeUnitOfWork
):
    draft(unit)

    reply = await meetings.creating.preview(turn(ANNE), parse(DraftForm, _form()))

    saved = unit.polls.polls[POLL_ID]
    assert "tirsdag d. 8. december kl. 10.00–11.00" in _text(reply)
    assert "meetings.open" in _text(reply)
    assert saved.title == "Opfølgning" and saved.case_reference == "KI-2026-0007"
    assert [p.name for p in saved.people] == ["Anne Andersen", "Bo Bertelsen", "Jens (borger)"]
    assert saved.location == "PC Amager"  # anne's own place, nothing typed
    assert unit.audit.actions() == ["meetings.draft_saved"]


@pytest.mark.parametrize("verb", ["propose", "preview", "edit", "open"])
async def test_nobody_but_the_owner_may_press_a_button_of_their_draft(
    meetings: MeetingPolls, unit: FakeUnitOfWork, verb: str
):
    draft(unit)
    creating = meetings.creating
    data = _form(title="Bos møde", people=f"{ANNE.tenant_id}|{ANNE.aad_object_id}")
    if verb == "preview":
        reply = await creating.preview(turn(BO), parse(DraftForm, data))
    elif verb == "open":
        reply = creating.open(unit, turn(BO), OpenDraft(POLL_ID))
    else:
        reply = getattr(creating, verb)(unit, turn(BO), parse(DraftForm, data))

    assert reply.refused and reply.card is None
    assert reply.text == (
        "Denne formular tilhører Anne Andersen. Skriv **møde** for at planlægge dit eget møde."
    )
    assert unit.polls.polls[POLL_ID].title == "" and unit.polls.polls[POLL_ID].tovholder == ANNE
    assert unit.audit.refusals() == [(f"meetings.{verb}", "refused:not_tovholder")]


async def test_a_form_whose_draft_does_not_exist_is_refused(meetings: MeetingPolls):
    reply = await meetings.creating.preview(turn(ANNE), parse(DraftForm, _form()))

    assert reply.refused and reply.text == "Den afstemning findes ikke (længere)."


async def test_a_preview_with_problems_shows_them_and_saves_nothing(
    meetings: MeetingPolls, unit: FakeUnitOfWork
):
    draft(unit)

    reply = await meetings.creating.preview(
        turn(ANNE), parse(DraftForm, _form(title="", case="", people="", slots="foo bar"))
    )

    shown = _text(reply)
    assert "»foo bar«" in shown and "Skriv en titel" in shown and "Vælg mindst én" in shown
    assert "meetings.open" not in shown
    assert unit.polls.polls[POLL_ID].version == 0 and not unit.audit.entries


async def test_proposed_times_avoid_the_absences_of_the_people_picked(
    meetings: MeetingPolls, unit: FakeUnitOfWork
):
    draft(unit)
    unit.directory.directory = replace(
        unit.directory.directory, absences=(Absence(BO, date(2026, 12, 1), date(2026, 12, 2)),)
    )

    reply = meetings.creating.propose(unit, turn(ANNE), parse(DraftForm, _form(slots="")))

    assert reply.card is not None
    inputs = {e["id"]: e for e in reply.card["body"] if str(e.get("type")).startswith("Input.")}
    proposed = inputs["slots"]["value"].splitlines()
    assert len(proposed) == 6
    assert not any("d. 1. december" in line or "d. 2. december" in line for line in proposed)


async def test_edit_shows_the_form_again_with_what_was_typed(
    meetings: MeetingPolls, unit: FakeUnitOfWork
):
    draft(unit)

    reply = meetings.creating.edit(
        unit, turn(ANNE), parse(DraftForm, {"draft": POLL_ID, "form": _form(slots="foo bar")})
    )

    assert reply.card is not None and "foo bar" in str(reply.card)


async def test_an_empty_draft_is_not_sent_out(meetings: MeetingPolls, unit: FakeUnitOfWork):
    draft(unit)

    reply = meetings.creating.open(unit, turn(ANNE), OpenDraft(POLL_ID))

    assert reply.refused and "ikke klar" in str(reply.text)
    assert unit.polls.polls[POLL_ID].status is PollStatus.DRAFT and not unit.outbox.queued


async def test_sending_the_poll_queues_vote_cards_the_shared_card_nudges_and_the_deadline(
    meetings: MeetingPolls, unit: FakeUnitOfWork
):
    draft(unit)
    await meetings.creating.preview(turn(ANNE), parse(DraftForm, _form()))

    reply = meetings.creating.open(unit, turn(ANNE), OpenDraft(POLL_ID))

    assert "sendt til 2 deltagere" in _text(reply)
    assert unit.polls.polls[POLL_ID].status is PollStatus.OPEN
    topics = sorted(str(MessageKey.parse(k).topic) for k in unit.outbox.pending_keys())
    assert topics == ["deadline", "nudge", "nudge", "shared", "vote", "vote"]
    assert unit.audit.actions() == ["meetings.draft_saved", "meetings.opened"]
    again = meetings.creating.open(unit, turn(ANNE), OpenDraft(POLL_ID))
    assert again.refused and again.text == "Den afstemning er allerede sendt."


async def test_an_opened_poll_is_no_draft_to_preview_any_more(
    meetings: MeetingPolls, unit: FakeUnitOfWork
):
    stored(unit)

    reply = await meetings.creating.preview(turn(ANNE), parse(DraftForm, _form()))

    assert reply.refused and reply.text == "Den afstemning er allerede sendt."


async def test_someone_from_another_organisation_is_refused_too(
    meetings: MeetingPolls, unit: FakeUnitOfWork
):
    draft(unit)

    reply = meetings.creating.open(unit, turn(CLARA), OpenDraft(POLL_ID))

    assert reply.refused and unit.audit.refusals() == [("meetings.open", "refused:not_tovholder")]
