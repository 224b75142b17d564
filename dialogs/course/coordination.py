"""What the coordinators of a case's own organisation do when a course stalls: nudge the
tovholder, take the course over, or hand it to someone else in the organisation. Only they may
(``Action.COORDINATE_CASE``); anyone else is refused and audited."""

from __future__ import annotations

from cards.course import handover_card
from cards.texts import Texts
from domain.course import Reminder, Role, open_deadlines, tovholders
from domain.course import keys as course_keys
from domain.directory import Action
from domain.identity import PersonRef
from domain.messaging import Content
from storage.unit_of_work import UnitOfWork

from ..delivery import Notice
from ..guard import audit
from ..reply import Reply, refuse, say
from ..turn import Turn
from .commands import HandOver, OpenCase
from .context import CourseContext, OnCase, about, on_case
from .planning import after_change, case_card_key, nudge_notice, send
from .views import course_view

NUDGED = "course.nudged"
TAKEN_OVER = "course.taken_over"
HANDED_OVER = "course.handed_over"


class Coordination:
    def __init__(self, context: CourseContext) -> None:
        self._ctx = context

    def _case(self, unit: UnitOfWork, turn: Turn, reference: str, verb: str) -> OnCase | Reply:
        return on_case(self._ctx, unit, turn, reference, Action.COORDINATE_CASE, audit_as=verb)

    def _other_ones(
        self, unit: UnitOfWork, turn: Turn, reference: str, verb: str
    ) -> OnCase | Reply:
        """The case, if the actor coordinates it and is not its tovholder (nudging or taking
        over one's own case means nothing; the attempt is audited)."""
        case = self._case(unit, turn, reference, verb)
        if isinstance(case, Reply) or case.actor != case.stored.tovholder:
            return case
        audit(unit, case.actor, verb, about(case.stored), outcome="refused:own_case")
        return refuse(turn.texts("course.escalation.own_case", reference=reference))

    def nudge(self, unit: UnitOfWork, turn: Turn, command: OpenCase) -> Reply:
        """The tovholder reminded of the course's next deadline, now."""
        case = self._other_ones(unit, turn, command.reference, NUDGED)
        if isinstance(case, Reply):
            return case
        stored = case.stored
        coming = open_deadlines(stored.course, self._ctx.rules, self._ctx.calendar)
        if coming:
            deadline = coming[0]
            reminder = Reminder(stored.reference, deadline.kind, deadline.due, "nudge",
                                unit.now, Role.TOVHOLDER)  # fmt: skip
            key = course_keys.nudge(stored.reference, unit.now)
            send(self._ctx, unit, nudge_notice(stored, reminder, stored.tovholder, key),
                 case.directory)  # fmt: skip
        audit(unit, case.actor, NUDGED, about(stored))
        return say(turn.texts("course.escalation.nudged"))

    def take_over(self, unit: UnitOfWork, turn: Turn, command: OpenCase) -> Reply:
        case = self._other_ones(unit, turn, command.reference, TAKEN_OVER)
        if isinstance(case, Reply):
            return case
        self._hand(unit, case, case.actor)
        return say(turn.texts("course.escalation.taken_over", reference=case.stored.reference))

    def hand_over(self, unit: UnitOfWork, turn: Turn, command: HandOver) -> Reply:
        case = self._case(unit, turn, command.reference, HANDED_OVER)
        if isinstance(case, Reply):
            return case
        new = command.new_tovholder
        person = case.directory.person(new)
        if person is None or person.organisation_id != case.stored.organisation_id:
            return refuse(turn.texts("course.escalation.no_person"))
        self._hand(unit, case, new)
        if new == case.actor:
            return say(turn.texts("course.escalation.taken_over", reference=command.reference))
        return say(turn.texts("course.escalation.handed_over", reference=command.reference,
                              name=person.label))  # fmt: skip

    def _hand(self, unit: UnitOfWork, case: OnCase, new: PersonRef) -> None:
        """The course gets a new tovholder: the old one's reminders are withdrawn and the new
        one's queued; a new tovholder other than the actor is told what is due."""
        ctx, stored, directory = self._ctx, case.stored, case.directory
        theirs = tovholders(unit.courses.planned(stored.id))
        for planned in theirs:
            unit.outbox.cancel(planned.text)
        unit.courses.unplan(stored.id, theirs)
        saved = unit.courses.save(stored, stored.course, unit.now, tovholder=new,
                                  meeting_at=stored.meeting_at)  # fmt: skip
        audit(unit, case.actor, HANDED_OVER, about(saved))
        after_change(ctx, unit, saved, directory)
        if new == case.actor:
            return
        actor = directory.person(case.actor)
        by = actor.label if actor is not None else ""

        def build(texts: Texts, note: str | None) -> Content:
            view = course_view(ctx, saved, directory, texts, viewer=new)
            title = texts("course.handover.title", reference=saved.reference)
            return Content(text=title, card=handover_card(texts, view, by))

        key = course_keys.handover(saved.reference, unit.now)
        notice = Notice(str(key), new, build, unit.now, automatic=False,
                        card_key=case_card_key(saved.reference))  # fmt: skip
        send(ctx, unit, notice, directory)
