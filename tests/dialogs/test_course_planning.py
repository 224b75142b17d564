"""After a change: reminders and escalations planned by typed keys and withdrawn when they no
longer apply; every copy of the case card updated in each reader's language (issue 17 item 7);
the case card sent to a coordinator who is informed, listed under the key of their language."""

from __future__ import annotations

from datetime import date

from dialogs.course.planning import after_change, replan, update_copies
from domain.course import DeadlineKind, EscalationKey, ReminderKey, Step
from domain.course import keys as course_keys
from domain.messaging import ToPerson, UpdateCopies
from tests.dialogs.course_fixtures import (
    ANNE,
    BO,
    CARLA,
    REFERENCE,
    UP_TO_MEETING,
    at_stage,
    context,
    course_unit,
    local,
    started,
)
from tests.fakes import FakeUnitOfWork

HELD = local(2026, 1, 8).date()  # the plan is due on 22 January
PLAN_DUE = date(2026, 1, 22)


def _meeting_held(unit: FakeUnitOfWork) -> None:
    at_stage(unit, *UP_TO_MEETING, Step.SCHEDULE_MEETING, Step.HOLD_MEETING, on=HELD)


def _pending(unit: FakeUnitOfWork) -> list[course_keys.CourseKey]:
    return [course_keys.parse(key) for key in unit.outbox.pending_keys()]


def test_a_held_meeting_plans_the_tovholders_reminders_and_the_coordinators_escalation():
    unit = course_unit(local(2026, 1, 8, 12))
    _meeting_held(unit)
    stored = unit.courses.get(REFERENCE)
    assert stored is not None

    replan(context(unit), unit, stored, unit.directory.snapshot())

    reminders = [ReminderKey(REFERENCE, DeadlineKind.PLAN, f"{d}d", PLAN_DUE) for d in (7, 2, 0)]
    escalation = EscalationKey(REFERENCE, DeadlineKind.PLAN, PLAN_DUE)
    assert _pending(unit) == [*reminders, escalation]
    assert {p.key for p in unit.courses.planned(stored.id)} == {*reminders, escalation}
    messages = unit.outbox.pending()
    assert [m.address for m in messages] == [ToPerson(ANNE)] * 3 + [ToPerson(BO)]
    assert messages[0].due_at == local(2026, 1, 15, 9)
    assert messages[-1].due_at == local(2026, 1, 23, 9)  # the first morning after the deadline


def test_planning_again_without_a_change_queues_nothing_twice():
    unit = course_unit(local(2026, 1, 8, 12))
    _meeting_held(unit)
    stored = unit.courses.get(REFERENCE)
    assert stored is not None
    ctx, directory = context(unit), unit.directory.snapshot()

    replan(ctx, unit, stored, directory)
    replan(ctx, unit, stored, directory)

    assert len(unit.outbox.pending()) == 4 and not unit.outbox.cancelled


def test_a_written_plan_withdraws_its_reminders_and_escalation():
    unit = course_unit(local(2026, 1, 8, 12))
    _meeting_held(unit)
    ctx = context(unit)
    stored = unit.courses.get(REFERENCE)
    assert stored is not None
    replan(ctx, unit, stored, unit.directory.snapshot())

    written = at_stage(unit, Step.WRITE_PLAN, on=HELD)
    replan(ctx, unit, written, unit.directory.snapshot())

    withdrawn = {course_keys.parse(key) for key in unit.outbox.cancelled}
    assert withdrawn == {
        *(ReminderKey(REFERENCE, DeadlineKind.PLAN, f"{d}d", PLAN_DUE) for d in (7, 2, 0)),
        EscalationKey(REFERENCE, DeadlineKind.PLAN, PLAN_DUE),
    }
    assert {p.kind for p in unit.courses.planned(written.id)} == {DeadlineKind.FOLLOW_UP}


def test_every_copy_is_updated_in_the_language_it_was_sent_in():
    unit = course_unit()
    stored = at_stage(unit, Step.GIVE_CONSENT)

    update_copies(context(unit), unit, stored, unit.directory.snapshot(), ["29:aad-anne"])

    updates = {m.address: m for m in unit.outbox.pending()}
    danish = updates[UpdateCopies(f"course:{REFERENCE}")]
    english = updates[UpdateCopies(f"course:{REFERENCE}:en")]
    assert (danish.language, english.language) == ("da", "en")
    assert "Samtykke givet" in str(danish.content.card)
    assert "Consent given" in str(english.content.card) and "Samtykke" not in str(english.content)
    assert english.content.card is not None
    assert english.content.card["refresh"]["userIds"] == ["29:aad-anne"]
    moment = course_keys.moment(unit.now)
    assert [course_keys.parse(m.dedupe_key) for m in (danish, english)] == [
        course_keys.CaseMessage(REFERENCE, course_keys.Topic.UPDATE, language, 1, moment)
        for language in ("da", "en")
    ]
    assert danish.dedupe_key == f"course:{REFERENCE}:v1:{moment}"  # as before languages


def test_an_informed_coordinator_gets_the_case_card_under_the_key_of_their_language():
    unit = course_unit()
    unit.preferences.languages[BO] = "en"
    stored = at_stage(unit, Step.GIVE_CONSENT, Step.INFORM_OWN_COORDINATOR)

    after_change(
        context(unit), unit, stored, unit.directory.snapshot(), Step.INFORM_OWN_COORDINATOR
    )

    [sent] = [m for m in unit.outbox.pending() if m.address == ToPerson(BO)]
    assert sent.card_key == f"course:{REFERENCE}:en" and sent.language == "en"
    assert course_keys.parse(sent.dedupe_key) == course_keys.CaseMessage(
        REFERENCE, course_keys.Topic.INFORMED, step="inform_own_coordinator", reader="aad-bo"
    )
    assert not [m for m in unit.outbox.pending() if m.address == ToPerson(CARLA)]


def test_the_refresh_lists_the_tovholder_and_both_organisations_coordinators():
    unit = course_unit()
    stored = started(unit)

    after_change(context(unit), unit, stored, unit.directory.snapshot())

    [danish] = [m for m in unit.outbox.pending() if m.language == "da"]
    assert danish.content.card is not None
    assert danish.content.card["refresh"]["userIds"] == ["29:aad-anne", "29:aad-bo", "29:aad-carla"]
