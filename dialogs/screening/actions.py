"""The screening's entry points: the questionnaire, and the result card's buttons (start a KI
course, ask a coordinator, new screening)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable

from cards.screening import (
    ANSWERS_VERB,
    ASK_COORDINATOR_VERB,
    NEW_SCREENING_VERB,
    START_CASE_VERB,
    case_created_card,
)
from cards.texts import Texts
from domain.cases import InvalidInitials, parse_initials
from domain.identity import PersonRef
from domain.screening import NextStep, Policy, Step, next_step_text_key
from storage.screenings import StoredCase, StoredScreening
from storage.unit_of_work import UnitOfWork, Units

from ..reply import Reply, refuse, show
from ..router import Router
from ..turn import Turn
from .commands import AskCoordinator, NewScreening, OnScreening, StartCase, SubmitAnswers
from .questionnaire import Questionnaire

# The steps of the course itself, shown again when the case is opened (annex §3.1, §7, §8).
COURSE_STEPS = frozenset(
    {
        Step.OBTAIN_CONSENT,
        Step.AWAIT_CONSENT,
        Step.CONSENT_REFUSED,
        Step.NOTE_CONSENT,
        Step.INFORM_OWN_COORDINATOR,
        Step.CHOOSE_PARTICIPANTS,
        Step.CONVENE_YOURSELF,
        Step.COORDINATORS_CONVENE,
        Step.CONVENE_AS_DECIDED,
        Step.WRITE_PLAN,
        Step.FOLLOW_UP,
    }
)

# The course of a case just opened starts in the same unit of work: (unit, tovholder, case).
CaseOpened = Callable[[UnitOfWork, PersonRef, StoredCase], None]
# Opens the question card for a coordinator with the screening's summary attached.
AskAboutScreening = Callable[[Turn, str], Awaitable[Reply]]


def _course_steps(texts: Texts, result_json: str) -> list[str]:
    steps = [
        NextStep(s["code"], s.get("params", {})) for s in json.loads(result_json)["next_steps"]
    ]
    return [texts(next_step_text_key(s), **s.params) for s in steps if s.code in COURSE_STEPS]


class ScreeningActions:
    def __init__(
        self,
        units: Units,
        policy: Policy,
        *,
        on_opened: CaseOpened | None = None,
        ask_coordinator: AskAboutScreening | None = None,
        keep_initials: bool = True,
    ) -> None:
        self._units = units
        self._keep_initials = keep_initials  # CASE_INITIALS=off: cases are opened without them
        self._on_opened = on_opened
        self._ask_coordinator = ask_coordinator
        self.questionnaire = Questionnaire(
            units,
            policy,
            can_ask_coordinator=ask_coordinator is not None,
            ask_initials=keep_initials,
        )

    def register(self, router: Router) -> None:
        questionnaire = self.questionnaire
        router.text("screening", questionnaire.start)
        router.waiting(questionnaire.waiting, questionnaire.cancel)
        router.in_unit(ANSWERS_VERB, SubmitAnswers, questionnaire.on_answers, needs_actor=False)
        router.in_unit(NEW_SCREENING_VERB, NewScreening, questionnaire.new_screening,
                       needs_actor=False)  # fmt: skip
        router.in_unit(START_CASE_VERB, StartCase, self.start_case)
        router.verb(ASK_COORDINATOR_VERB, AskCoordinator, self.ask_coordinator)

    async def start(self, turn: Turn) -> Reply:
        return await self.questionnaire.start(turn)

    def start_case(self, unit: UnitOfWork, turn: Turn, command: StartCase) -> Reply:
        texts = turn.texts
        screening = _own_screening(unit, turn, command)
        if not isinstance(screening, StoredScreening):
            return screening
        if screening.verdict != "eligible":
            return refuse(texts("screening_card.case_not_for_verdict"))
        try:
            initials = parse_initials(command.initials) if self._keep_initials else None
        except InvalidInitials:
            return refuse(texts("screening_card.bad_initials"))
        opening = unit.screenings.open_case(screening, turn.teams_user_id, initials)
        if not opening.created:
            return refuse(texts("screening_card.case_exists", reference=opening.case.reference))
        if self._on_opened is not None and turn.actor is not None:
            self._on_opened(unit, turn.actor, opening.case)
        # The result card becomes the case card: no "start" button is left on a stale card.
        return show(
            case_created_card(
                texts,
                reference=opening.case.reference,
                initials=opening.case.initials,
                level=opening.case.level,
                next_steps=_course_steps(texts, screening.result_json),
            )
        )

    async def ask_coordinator(self, turn: Turn, command: AskCoordinator) -> Reply:
        if self._ask_coordinator is None:
            feature = turn.texts("common.capability.sparring.title")
            return refuse(turn.texts("common.coming_soon", feature=feature))
        screening = await self._units.run(lambda unit: _own_screening(unit, turn, command))
        if not isinstance(screening, StoredScreening):
            return screening
        return await self._ask_coordinator(turn, screening.id)


def _own_screening(unit: UnitOfWork, turn: Turn, command: OnScreening) -> StoredScreening | Reply:
    screening = unit.screenings.get(command.screening_id)
    if screening is None:
        return refuse(turn.texts("screening_card.unknown_screening"))
    if screening.teams_user_id != turn.teams_user_id:
        return refuse(turn.texts("screening_card.not_yours"))
    return screening
