"""What the course's flows share: the unit of work, the calendar and rules, who the actor is on
a case (roles, authorisation), and the case card views."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from bot.replies import Replies
from cards.course import CourseView, Done, Due
from cards.texts import Texts
from domain.calendar import WorkingCalendar
from domain.clock import Clock
from domain.course import (
    RULES,
    CourseRules,
    ReminderSchedule,
    Role,
    Step,
    available_steps,
    may_perform,
    open_deadlines,
)
from domain.directory import Action, CaseSubject, Decision, Directory, authorise
from domain.identity import PersonRef
from domain.timeparse import format_date
from storage.courses import StoredCourse
from storage.unit_of_work import UnitsOfWork


@dataclass(frozen=True)
class CourseContext:
    units: UnitsOfWork
    replies: Replies
    clock: Clock
    calendar: WorkingCalendar
    zone: ZoneInfo
    rules: CourseRules = field(default_factory=CourseRules)
    schedule: ReminderSchedule = field(default_factory=ReminderSchedule)

    def today(self) -> date:
        return self.clock.now().astimezone(self.zone).date()


def roles_of(
    actor: PersonRef, stored: StoredCourse, directory: Directory, today: date
) -> frozenset[Role]:
    """The actor's roles on the case; a substitute stands in for whom they cover today."""
    covered = set(directory.covered_by(actor, today))
    roles: set[Role] = set()
    if actor == stored.tovholder or stored.tovholder in covered:
        roles.add(Role.TOVHOLDER)
    organisation = stored.organisation_id
    if organisation is not None and (
        actor in directory.coordinators(organisation)
        or actor in directory.backups(organisation)
        or any(directory.coordinates(absent) == organisation for absent in covered)
    ):
        roles.add(Role.COORDINATOR)
    return frozenset(roles)


def may_act(
    actor: PersonRef,
    stored: StoredCourse,
    directory: Directory,
    today: date,
    action: Action = Action.ACT_ON_CASE,
) -> Decision:
    participants = frozenset({actor}) if roles_of(actor, stored, directory, today) else frozenset()
    subject = CaseSubject(stored.reference, stored.tovholder, participants, stored.organisation_ids)
    return authorise(actor, action, subject, directory, on=today)


def name_of(ref: PersonRef | None, directory: Directory, texts: Texts) -> str:
    person = directory.person(ref) if ref is not None else None
    return person.label if person is not None else texts("course.someone")


def people_of(stored: StoredCourse, directory: Directory) -> list[tuple[str, PersonRef]]:
    """Everyone of the case's organisation with a known Entra id, for a handover."""
    return [
        (person.label, person.ref)
        for person in directory.people
        if person.ref is not None
        and person.organisation_id == stored.organisation_id
        and person.ref != stored.tovholder
    ]


def course_view(
    ctx: CourseContext,
    stored: StoredCourse,
    directory: Directory,
    texts: Texts,
    *,
    viewer: PersonRef | None = None,
    people: Sequence[tuple[str, str]] = (),
) -> CourseView:
    """The case card's data; with a viewer, the steps they may take now."""
    today = ctx.today()
    course = stored.course
    done = [
        Done(
            event.step.value,
            name_of(event.actor, directory, texts),
            format_date(event.on, texts.language),
        )
        for event in course.history
    ]
    due = [
        Due(d.kind.value, format_date(d.due, texts.language), d.is_overdue(today))
        for d in open_deadlines(course, ctx.rules, ctx.calendar)
    ]
    roles = roles_of(viewer, stored, directory, today) if viewer is not None else frozenset()
    steps = [s.value for s in available_steps(course, roles) if s in RULES] if roles else []
    correctable = [
        step.value
        for step, recorded in (
            (Step.HOLD_MEETING, course.dates.meeting_held_on),
            (Step.WRITE_PLAN, course.dates.plan_written_on),
        )
        if recorded is not None and not course.is_closed and may_perform(step, roles, course.level)
    ]
    return CourseView(
        stored.reference,
        stored.initials,
        course.level,
        course.stage.value,
        name_of(stored.tovholder, directory, texts),
        done,
        due,
        steps,
        coordinator=Role.COORDINATOR in roles,
        people=people if Role.COORDINATOR in roles else (),
        correctable=correctable,
    )
