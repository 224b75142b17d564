"""The case card's data: the timeline, the open deadlines and, for a viewer, the steps they may
take now (and a coordinator's handover choices)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from cards.course import CourseView, Done, Due, Waiting, course_card
from cards.texts import Texts
from domain.course import (
    COURSE_ZONE,
    RULES,
    Event,
    Role,
    Step,
    available_steps,
    awaited,
    coordinated,
    may_perform,
    open_deadlines,
    timeline,
)
from domain.directory import Directory
from domain.identity import PersonRef
from domain.timeparse import format_date, format_moment
from storage.courses import StoredCourse

from .context import CourseContext, roles_of, subject_of


def name_of(
    ref: PersonRef | None, directory: Directory, texts: Texts, stored: StoredCourse | None = None
) -> str:
    """The directory's name, else the name Teams sent, else "unknown"."""
    person = directory.person(ref) if ref is not None else None
    if person is not None and person.name:
        return person.name
    seen = stored.names.get(ref) if stored is not None and ref is not None else None
    if seen:
        return seen
    return person.label if person is not None else texts("course.someone")


_MEETINGS = frozenset({Step.SCHEDULE_MEETING, Step.HOLD_MEETING})


def when_of(event: Event, stored: StoredCourse, texts: Texts, now: datetime) -> str:
    """A row's day (with the year when it is not this year's); a meeting's row on the day of
    the planned meeting shows its time too."""
    meeting = stored.meeting_at
    if (
        event.step in _MEETINGS
        and meeting is not None
        and meeting.astimezone(COURSE_ZONE).date() == event.on
    ):
        return format_moment(meeting, texts.language, now=now)
    return format_date(event.on, texts.language, now=now)


def waiting_for(
    stored: StoredCourse, directory: Directory, texts: Texts, roles: frozenset[Role]
) -> Waiting | None:
    """What the course waits for and who is to act, as the viewer with ``roles`` reads it."""
    found = awaited(stored.course)
    if found is None:
        return None
    step = found.step.value
    if found.role in roles:
        return Waiting(step, "you")
    organisation = directory.organisation(stored.organisation_id)
    coordinators = [
        *directory.coordinators(stored.organisation_id or ""),
        *directory.backups(stored.organisation_id or ""),
    ]
    if found.role is Role.COORDINATOR and organisation is not None and coordinators:
        names = ", ".join(name_of(ref, directory, texts, stored) for ref in coordinators)
        return Waiting(step, "coordinator", names, organisation.name)
    return Waiting(step, "tovholder", name_of(stored.tovholder, directory, texts, stored))


def handover_choices(stored: StoredCourse, directory: Directory) -> list[tuple[str, str]]:
    """Everyone of the case's organisation with a known Entra id but the tovholder, as the
    card's choices (value "<tenant>/<object id>", name)."""
    return [
        (f"{person.ref.tenant_id}/{person.ref.aad_object_id}", person.label)
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
    now = ctx.clock.now()
    done = [
        Done(
            event.step.value,
            name_of(event.actor, directory, texts, stored),
            when_of(event, stored, texts, now),
        )
        for event in timeline(course)
    ]
    due = [
        Due(d.kind.value, format_date(d.due, texts.language, now=now), d.is_overdue(today))
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
    subject = subject_of(stored)
    # Only someone the directory makes coordinator may nudge, take over or hand over (a
    # tovholder taking the steps of a coordinator nobody is, may not).
    coordinator = Role.COORDINATOR in roles and coordinated(subject, directory)
    uncoordinated = None
    if not course.is_closed and not coordinated(subject, directory):
        organisation = directory.organisation(stored.organisation_id)
        uncoordinated = (
            organisation.name if organisation else texts("course.waiting.own_organisation")
        )
    return CourseView(
        stored.reference,
        stored.initials,
        course.level,
        course.stage.value,
        name_of(stored.tovholder, directory, texts, stored),
        done,
        due,
        steps,
        coordinator=coordinator,
        people=people if coordinator else (),
        correctable=correctable,
        waiting=waiting_for(stored, directory, texts, roles),
        uncoordinated=uncoordinated,
        own_case=viewer is not None and viewer == stored.tovholder,
    )


def personal_view(
    ctx: CourseContext, stored: StoredCourse, directory: Directory, texts: Texts, viewer: PersonRef
) -> CourseView:
    """The view with ``viewer``'s own buttons (a coordinator's handover choices too)."""
    people = handover_choices(stored, directory)
    return course_view(ctx, stored, directory, texts, viewer=viewer, people=people)


def personal_card(
    ctx: CourseContext, stored: StoredCourse, directory: Directory, texts: Texts, viewer: PersonRef
) -> dict[str, Any]:
    return course_card(texts, personal_view(ctx, stored, directory, texts, viewer))
