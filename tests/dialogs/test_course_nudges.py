"""Snoozing a nudge on fakes: the nudge again later to whoever snoozed it, planned once under its
own key; said to be after the deadline when it is; refused (and audited) for someone off the
case, and pointless once the deadline is met."""

from __future__ import annotations

from datetime import date

from dialogs.course.commands import Snooze
from dialogs.course.nudges import Nudges
from domain.course import DeadlineKind, ReminderKey, Step
from domain.course import keys as course_keys
from domain.messaging import ToPerson
from tests.dialogs.course_fixtures import (
    ANNE,
    ERIK,
    REFERENCE,
    UP_TO_MEETING,
    as_,
    at_stage,
    context,
    course_unit,
    local,
)
from tests.fakes import FakeUnitOfWork

PLAN_DUE = date(2026, 1, 22)


def _unit(*parts: int) -> FakeUnitOfWork:
    unit = course_unit(local(*parts))
    held = date(2026, 1, 8)
    at_stage(unit, *UP_TO_MEETING, Step.SCHEDULE_MEETING, Step.HOLD_MEETING, on=held)
    return unit


def _snooze(delay: str = "1d", offset: str = "7d") -> Snooze:
    return Snooze(REFERENCE, DeadlineKind.PLAN, PLAN_DUE, offset, delay)  # type: ignore[arg-type]


def test_a_snoozed_nudge_comes_again_to_whoever_snoozed_it_and_is_planned_once():
    unit = _unit(2026, 1, 15, 10)
    nudges = Nudges(context(unit))

    reply = nudges.snooze(unit, as_(ANNE), _snooze())
    again = nudges.snooze(unit, as_(ANNE), _snooze())  # a second click in the same minute

    assert reply.text == again.text and reply.text is not None
    assert "Jeg minder dig om det igen" in reply.text and "EFTER" not in reply.text
    snoozed = ReminderKey(REFERENCE, DeadlineKind.PLAN, "7d", PLAN_DUE, "2026-01-16T10:00")
    [message] = unit.outbox.pending()
    assert course_keys.parse(message.dedupe_key) == snoozed
    assert message.address == ToPerson(ANNE) and message.due_at == local(2026, 1, 16, 10)
    stored = unit.courses.get(REFERENCE)
    assert stored is not None
    assert [p.key for p in unit.courses.planned(stored.id)] == [snoozed]
    assert unit.audit.actions() == ["course.snoozed", "course.snoozed"]


def test_a_snooze_past_the_deadline_says_so():
    unit = _unit(2026, 1, 22, 10)

    reply = Nudges(context(unit)).snooze(unit, as_(ANNE), _snooze("1w"))

    assert reply.text is not None and "EFTER fristen" in reply.text


def test_a_nudge_of_a_snoozed_nudge_snoozes_from_its_first_offset():
    unit = _unit(2026, 1, 15, 10)

    Nudges(context(unit)).snooze(unit, as_(ANNE), _snooze(offset="7d:snooze:2026-01-16T09:00"))

    [message] = unit.outbox.pending()
    key = course_keys.parse(message.dedupe_key)
    assert isinstance(key, ReminderKey) and (key.offset, key.snoozed_to) == (
        "7d",
        "2026-01-16T10:00",
    )


def test_a_deadline_already_met_is_not_snoozed():
    unit = _unit(2026, 1, 15, 10)
    at_stage(unit, Step.WRITE_PLAN, on=date(2026, 1, 14))

    reply = Nudges(context(unit)).snooze(unit, as_(ANNE), _snooze())

    assert reply.refused and reply.text == "Det skridt er allerede registreret."
    assert not unit.outbox.queued


def test_someone_off_the_case_cannot_snooze_its_nudges_and_the_attempt_is_audited():
    unit = _unit(2026, 1, 15, 10)

    reply = Nudges(context(unit)).snooze(unit, as_(ERIK), _snooze())

    assert reply.refused and not unit.outbox.queued
    assert unit.audit.refusals() == [("course.snoozed", "refused:not_on_case")]
