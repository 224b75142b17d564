"""What the course's flows share: the unit of work, the calendar and rules, and the one way every
action on a case starts: load the course, ask ``authorise`` (a refusal answered and audited),
and know the actor's roles on it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from domain.calendar import WorkingCalendar
from domain.clock import Clock
from domain.course import CourseRules, ReminderSchedule, Role, roles_on_case
from domain.directory import Action, CaseSubject, Directory
from domain.identity import PersonRef
from storage.courses import StoredCourse
from storage.unit_of_work import UnitOfWork, Units

from ..guard import Audited, permitted
from ..reply import Reply, refuse
from ..turn import Turn


@dataclass(frozen=True)
class CourseContext:
    units: Units
    clock: Clock
    calendar: WorkingCalendar
    zone: ZoneInfo
    rules: CourseRules = field(default_factory=CourseRules)
    schedule: ReminderSchedule = field(default_factory=ReminderSchedule)

    def today(self) -> date:
        return self.clock.now().astimezone(self.zone).date()


def subject_of(stored: StoredCourse) -> CaseSubject:
    return CaseSubject(
        stored.reference,
        stored.tovholder,
        organisation_ids=stored.organisation_ids,
        organisation_id=stored.organisation_id,
    )


def about(stored: StoredCourse) -> Audited:
    return Audited("case", stored.reference, case_reference=stored.reference)


def roles_of(
    actor: PersonRef, stored: StoredCourse, directory: Directory, today: date
) -> frozenset[Role]:
    return roles_on_case(actor, subject_of(stored), directory, today)


def actor_of(turn: Turn) -> PersonRef:
    if turn.actor is None:  # the router refuses a click without a known person first
        raise ValueError("a course action needs a person")
    return turn.actor


@dataclass(frozen=True)
class OnCase:
    """A course as one action found it: the directory of the day, who acts and their roles."""

    stored: StoredCourse
    directory: Directory
    actor: PersonRef
    roles: frozenset[Role]


_REFUSED = {Action.COORDINATE_CASE: "course.escalation.not_coordinator"}


def on_case(
    ctx: CourseContext,
    unit: UnitOfWork,
    turn: Turn,
    reference: str,
    action: Action,
    *,
    audit_as: str,
) -> OnCase | Reply:
    """The course of ``reference`` if the actor may do ``action`` to it, else the answer to
    give (a refusal is audited as ``audit_as``). A change locks the course until it commits."""
    actor, texts = actor_of(turn), turn.texts
    stored = unit.courses.get(reference, for_update=action is not Action.VIEW_CASE)
    if stored is None:
        return refuse(texts("course.unknown_case"))
    today = ctx.today()
    directory = unit.directory.snapshot(today=today)
    subject = subject_of(stored)
    decision = permitted(
        unit, actor, action, subject, directory, audit_as=audit_as, about=about(stored), on=today
    )
    if not decision.allowed:
        return refuse(texts(_REFUSED.get(action, "course.not_on_case"), reference=reference))
    return OnCase(stored, directory, actor, roles_on_case(actor, subject, directory, today))
