"""The screening's card actions: answers, start a KI course, ask a coordinator, new screening."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable

from botbuilder.core import TurnContext

from bot.replies import Replies
from cards.screening import (
    ANSWERS_VERB,
    ASK_COORDINATOR_VERB,
    NEW_SCREENING_VERB,
    START_CASE_VERB,
    case_created_card,
)
from cards.texts import Texts
from domain.cases import InvalidInitials, parse_initials
from domain.clock import Clock
from domain.screening import NextStep, Step, next_step_text_key
from storage.screenings import Cases, Screenings, StoredCase

from ..actions import ActionRouter, CardAction
from ..answered import AnsweredCards
from ..card_prompt import answered_outcome
from ..host import DialogHost
from ..outcomes import Outcome, ShowCard
from .dialog import ScreeningDialog

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


def _course_steps(texts: Texts, result_json: str) -> list[str]:
    steps = [
        NextStep(s["code"], s.get("params", {})) for s in json.loads(result_json)["next_steps"]
    ]
    return [texts(next_step_text_key(s), **s.params) for s in steps if s.code in COURSE_STEPS]


# Opens the question card for a coordinator with the screening's summary attached.
AskCoordinator = Callable[[TurnContext, str], Awaitable[None]]


class ScreeningActions:
    def __init__(
        self,
        dialogs: DialogHost,
        screenings: Screenings,
        cases: Cases,
        replies: Replies,
        clock: Clock,
        answered: AnsweredCards | None = None,
        *,
        ask_coordinator: AskCoordinator | None = None,
        on_opened: Callable[[TurnContext, StoredCase], Awaitable[None]] | None = None,
    ) -> None:
        self._answered = answered
        self._on_opened = on_opened  # the course of the new case starts here
        self._dialogs = dialogs
        self._screenings = screenings
        self._cases = cases
        self._replies = replies
        self._clock = clock
        self._ask_coordinator = ask_coordinator

    def register(self, router: ActionRouter) -> None:
        router.register(ANSWERS_VERB, self.on_answers)
        router.register(START_CASE_VERB, self.on_start_case)
        router.register(ASK_COORDINATOR_VERB, self.on_ask_coordinator)
        router.register(NEW_SCREENING_VERB, self.on_new_screening)

    async def start(self, turn_context: TurnContext) -> None:
        await self._dialogs.begin(turn_context, ScreeningDialog.ID)

    async def on_new_screening(self, turn_context: TurnContext, _action: CardAction) -> None:
        await self.start(turn_context)

    async def on_answers(self, turn_context: TurnContext, action: CardAction) -> Outcome | None:
        if action.get("owner") != action.actor_id:
            await self._replies.text(turn_context, "screening_card.not_yours")
        elif await self._dialogs.active_dialog_id(turn_context) != ScreeningDialog.ID:
            answered = self._answered and await self._answered.contains(
                turn_context, action.get("card_id")
            )
            await self._replies.text(
                turn_context, "common.already_received" if answered else "screening_card.expired"
            )
        else:
            await self._dialogs.continue_active(turn_context)
            return answered_outcome(turn_context)
        return None

    async def on_ask_coordinator(self, turn_context: TurnContext, action: CardAction) -> None:
        if self._ask_coordinator is None:
            texts = self._replies.texts(turn_context)
            feature = texts("common.capability.sparring.title")
            await self._replies.text(turn_context, "common.coming_soon", feature=feature)
            return
        screening_id = action.get("screening_id")
        screening = (
            await self._screenings.get(screening_id) if isinstance(screening_id, str) else None
        )
        if screening is None:
            await self._replies.text(turn_context, "screening_card.unknown_screening")
        elif screening.teams_user_id != action.actor_id:
            await self._replies.text(turn_context, "screening_card.not_yours")
        else:
            await self._ask_coordinator(turn_context, screening.id)

    async def on_start_case(self, turn_context: TurnContext, action: CardAction) -> Outcome | None:
        screening_id = action.get("screening_id")
        screening = (
            await self._screenings.get(screening_id) if isinstance(screening_id, str) else None
        )
        if screening is None:
            await self._replies.text(turn_context, "screening_card.unknown_screening")
            return None
        if screening.teams_user_id != action.actor_id:
            await self._replies.text(turn_context, "screening_card.not_yours")
            return None
        if screening.verdict != "eligible":
            await self._replies.text(turn_context, "screening_card.case_not_for_verdict")
            return None
        try:
            initials = parse_initials(action.get("initials"))
        except InvalidInitials:
            await self._replies.text(turn_context, "screening_card.bad_initials")
            return None
        opening = await self._cases.open_from_screening(
            screening, action.actor_id, initials, self._clock.now()
        )
        if not opening.created:
            await self._replies.text(
                turn_context, "screening_card.case_exists", reference=opening.case.reference
            )
            return None
        if self._on_opened is not None:
            await self._on_opened(turn_context, opening.case)
        texts = self._replies.texts(turn_context)
        steps = _course_steps(texts, screening.result_json)
        # The result card becomes the case card: no "start" button is left on a stale card.
        return ShowCard(
            case_created_card(
                texts,
                reference=opening.case.reference,
                initials=opening.case.initials,
                level=opening.case.level,
                next_steps=steps,
            ),
        )
