"""Absences on fakes: typed periods register at once, the card's dates and substitute too."""

from __future__ import annotations

from datetime import UTC, date, datetime

from dialogs.directory.absences import Absences
from dialogs.directory.commands import RegisterAbsence
from domain.directory import parse_absence_period
from domain.identity import PersonRef
from domain.messaging import Content, ToPerson
from storage.outbox import OutgoingMessage
from tests.dialogs.directory_fixtures import context, directory_unit
from tests.dialogs.turns import BO, turn


async def test_a_typed_period_is_registered_and_audited():
    unit = directory_unit()

    reply = await Absences(context(unit), parse_absence_period).absence(turn(BO), "1/12–5/12")

    assert reply.text and "1/12" in reply.text
    [(who, first, last, substitute)] = unit.directory.absences_by_id.values()
    assert (who, first, last, substitute) == (2, date(2026, 12, 1), date(2026, 12, 5), None)
    assert unit.audit.actions() == ["directory.absence_registered"]


async def test_no_period_shows_the_absence_card():
    unit = directory_unit()

    reply = await Absences(context(unit), parse_absence_period).absence(turn(BO), "")

    assert reply.card is not None and not unit.directory.absences_by_id


def test_a_substitute_from_the_card_is_named_in_the_answer():
    unit = directory_unit()
    command = RegisterAbsence("29:aad-bo", date(2026, 12, 1), date(2026, 12, 2), "1")

    reply = Absences(context(unit), parse_absence_period).register(unit, turn(BO), command)

    assert reply.text and "Anne Admin" in reply.text


def test_a_past_period_and_oneself_as_substitute_are_refused():
    unit = directory_unit()
    absences = Absences(context(unit), parse_absence_period)

    past = absences.register(
        unit, turn(BO), RegisterAbsence("29:aad-bo", date(2026, 11, 1), date(2026, 11, 2))
    )
    oneself = absences.register(
        unit, turn(BO), RegisterAbsence("29:aad-bo", date(2026, 12, 1), date(2026, 12, 2), "2")
    )

    assert past.refused and oneself.refused and not unit.directory.absences_by_id


def test_what_was_already_queued_for_the_absent_days_goes_to_the_substitute():
    # A nudge queued weeks ago for Bo, due while he will be away (found by bench.municipality).
    unit = directory_unit()
    due = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
    bo = PersonRef("tenant-region", "aad-bo")
    for key, group in (("course:KI-1:plan:2d", "person:bo"), ("reminder:3", None)):
        unit.send(OutgoingMessage(key, ToPerson(bo), Content(text="Frist"), due, None, group))
    command = RegisterAbsence("29:aad-bo", date(2026, 12, 1), date(2026, 12, 4), "1")

    Absences(context(unit), parse_absence_period).register(unit, turn(BO), command)

    moved = unit.outbox.queued["course:KI-1:plan:2d:via:aad-anne"]
    assert moved.address == ToPerson(PersonRef("tenant-region", "aad-anne"))
    assert "For Bo Berg" in (moved.content.text or "")
    assert unit.outbox.pending_keys() == ["reminder:3", "course:KI-1:plan:2d:via:aad-anne"]
