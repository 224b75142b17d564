"""KI courses in chat: every case card button, the course lists, and the start of a course when a
screening opens a case.

    screening "start a KI course" ─▶ start_in: the course, and the case card to the tovholder
    case card ─▶ step / correct a date / open one's own view (Teams' refresh does it too)
    nudge ─────▶ done (a step) / snooze a day or a week / open the case card
    escalation (coordinators) ─▶ nudge the tovholder / take over / hand over
    mine forløb · forløb · frister ─▶ lists; on Mondays each coordinator's overview (``lists``)

Every click names its case; ``authorise`` decides who may act on it (``context.on_case``).
"""

from __future__ import annotations

import json
from typing import Final

from cards.course import (
    CORRECT_VERB,
    HAND_OVER_VERB,
    NUDGE_VERB,
    SNOOZE_VERB,
    STEP_VERB,
    TAKE_OVER_VERB,
    VIEW_VERB,
    course_card,
)
from cards.texts import Texts
from domain.course import keys as course_keys
from domain.course import opened
from domain.directory import Action
from domain.identity import PersonRef
from domain.messaging import Content
from domain.screening import ScreeningAnswers
from storage.courses import StoredCourse
from storage.screenings import StoredCase
from storage.unit_of_work import UnitOfWork

from ..delivery import Notice
from ..guard import audit, viewed
from ..reply import Reply, show
from ..router import Refusals, Router
from ..turn import Turn
from .commands import CorrectDate, HandOver, OpenCase, Snooze, TakeStep
from .context import CourseContext, about, on_case
from .coordination import Coordination
from .nudges import Nudges
from .planning import case_card_key, replan, send
from .steps import STEP, Steps
from .views import course_view, personal_card

REFUSALS: Final = Refusals("course.bad_request", "course.unknown_user")
NO_PERSON: Final = Refusals("course.escalation.no_person", "course.unknown_user")


class CourseActions:
    def __init__(self, context: CourseContext) -> None:
        self._ctx = context
        self._steps = Steps(context)
        self._nudges = Nudges(context)
        self._coordination = Coordination(context)

    def register(self, router: Router) -> None:
        coordination = self._coordination
        router.verb(STEP_VERB, TakeStep, self._steps.take, refusals=REFUSALS)
        router.in_unit(CORRECT_VERB, CorrectDate, self._steps.correct, refusals=REFUSALS)
        router.in_unit(VIEW_VERB, OpenCase, self.view, refusals=REFUSALS)
        router.in_unit(SNOOZE_VERB, Snooze, self._nudges.snooze, refusals=REFUSALS)
        router.in_unit(NUDGE_VERB, OpenCase, coordination.nudge, refusals=REFUSALS)
        router.in_unit(TAKE_OVER_VERB, OpenCase, coordination.take_over, refusals=REFUSALS)
        router.in_unit(HAND_OVER_VERB, HandOver, coordination.hand_over, refusals=NO_PERSON)

    def view(self, unit: UnitOfWork, turn: Turn, command: OpenCase) -> Reply:
        """The case card with the viewer's own buttons (Teams' refresh asks for it too)."""
        case = on_case(self._ctx, unit, turn, command.reference, Action.VIEW_CASE,
                       audit_as="course.view")  # fmt: skip
        if isinstance(case, Reply):
            return case
        viewed(unit, case.actor, "case", case.stored.reference, automatic=turn.automatic)
        return show(personal_card(self._ctx, case.stored, case.directory, turn.texts, case.actor))

    def start_in(self, unit: UnitOfWork, actor: PersonRef, case: StoredCase) -> None:
        """The course of a case just opened from a screening, in the same unit of work; the case
        card goes to the tovholder's chat, listed for updates in the language she reads."""
        ctx = self._ctx
        directory = unit.directory.snapshot(today=ctx.today())
        person = directory.person(actor)
        organisation = directory.organisation(person.organisation_id if person else None)
        other = organisation.partner_ids[0] if organisation and organisation.partner_ids else None
        stored = unit.courses.start(
            case.reference,
            tovholder=actor,
            organisation_id=organisation.id if organisation else None,
            other_organisation_id=other,
            level=case.level or 1,
            now=unit.now,
        )
        audit(unit, actor, "course.started", about(stored))
        stored = self._carry_consent(unit, actor, case, stored)
        replan(ctx, unit, stored, directory)

        def build(texts: Texts, note: str | None) -> Content:
            view = course_view(ctx, stored, directory, texts, viewer=actor)
            return Content(text=texts("course.started"), card=course_card(texts, view))

        notice = Notice(str(course_keys.opened(stored.reference)), actor, build, unit.now,
                        automatic=False, card_key=case_card_key(stored.reference),
                        routed=False)  # fmt: skip
        send(ctx, unit, notice, directory)

    def _carry_consent(
        self, unit: UnitOfWork, actor: PersonRef, case: StoredCase, stored: StoredCourse
    ) -> StoredCourse:
        """The consent the screening recorded (given, asked for, refused) is the course's first
        step, so nobody records it twice."""
        screening = unit.screenings.get(case.screening_id) if case.screening_id else None
        if screening is None:
            return stored
        consent = ScreeningAnswers.from_mapping(json.loads(screening.answers_json)).consent
        course = opened(stored.course, consent, tovholder=actor, at=unit.now)
        if course is stored.course:
            return stored
        saved = unit.courses.save(stored, course, unit.now)
        detail = {"step": course.history[-1].step.value, "source": "screening"}
        audit(unit, actor, STEP, about(saved), detail=detail)
        return saved
