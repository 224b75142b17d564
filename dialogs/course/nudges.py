"""Snoozing a deadline nudge: the same nudge again a day or a week later, to the person who
snoozed it, held for working hours (and said to be after the deadline when it is)."""

from __future__ import annotations

from domain.course import Planned, Reminder, Role, open_deadlines, snooze
from domain.course import keys as course_keys
from domain.directory import Action
from domain.timeparse import format_date, format_moment
from storage.unit_of_work import UnitOfWork

from ..guard import audit
from ..reply import Reply, refuse, say
from ..turn import Turn
from .commands import Snooze
from .context import CourseContext, about, on_case
from .planning import nudge_notice, send

SNOOZED = "course.snoozed"


class Nudges:
    def __init__(self, context: CourseContext) -> None:
        self._ctx = context

    def snooze(self, unit: UnitOfWork, turn: Turn, command: Snooze) -> Reply:
        ctx, texts = self._ctx, turn.texts
        case = on_case(ctx, unit, turn, command.reference, Action.ACT_ON_CASE, audit_as=SNOOZED)
        if isinstance(case, Reply):
            return case
        stored = case.stored
        still_open = any(
            d.kind is command.kind and d.due == command.due
            for d in open_deadlines(stored.course, ctx.rules, ctx.calendar)
        )
        if not still_open:
            return refuse(texts("course.nudge.already_done"))
        role = Role.TOVHOLDER if case.actor == stored.tovholder else Role.COORDINATOR
        reminder = Reminder(stored.reference, command.kind, command.due, command.base_offset,
                            unit.now, role)  # fmt: skip
        snoozed = snooze(reminder, unit.now, command.wait, ctx.calendar)
        again = snoozed.reminder
        notice = nudge_notice(stored, again, case.actor, again.key.to(course_keys.moment(unit.now)))
        send(ctx, unit, notice, case.directory)
        if again.key not in {p.key for p in unit.courses.planned(stored.id)}:
            unit.courses.plan(stored.id, [Planned(again.key, again.at)])
        audit(unit, case.actor, SNOOZED, about(stored), detail={"kind": command.kind.value})
        when = format_moment(again.at, texts.language, now=unit.now)
        if snoozed.past_deadline:
            due = format_date(command.due, texts.language)
            return say(texts("course.nudge.snoozed_past", when=when, due=due))
        return say(texts("course.nudge.snoozed", when=when))
