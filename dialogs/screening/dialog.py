"""The screening waterfall: questions, an optional follow-up, the explained result."""

from __future__ import annotations

from collections.abc import Mapping

from botbuilder.dialogs import (
    ComponentDialog,
    DialogTurnResult,
    WaterfallDialog,
    WaterfallStepContext,
)

from bot.replies import Replies
from cards.screening import (
    FIRST_QUESTIONS,
    FOLLOW_UP_QUESTIONS,
    answers_from_submit,
    follow_up_card,
    questions_card,
    result_card,
)
from domain.screening import InvalidAnswers, ScreeningAnswers

from ..answered import AnsweredCards
from ..card_prompt import CardPrompt, CardPromptOptions
from .flow import FOLLOW_UP_DEFAULTS, Screener, needs_follow_up, result_view

PROMPT = "screening.card"
QUESTIONS, FOLLOW_UP = "questions", "follow_up"


def _problem_fields(error: InvalidAnswers) -> str:
    return ", ".join(sorted({problem.field for problem in error.problems}))


class ScreeningDialog(ComponentDialog):
    ID = "screening"

    def __init__(
        self,
        screener: Screener,
        replies: Replies,
        *,
        can_ask_coordinator: bool = False,
        answered: AnsweredCards | None = None,
    ) -> None:
        super().__init__(self.ID)
        self._screener = screener
        self._replies = replies
        self._can_ask_coordinator = can_ask_coordinator
        cards = {
            QUESTIONS: lambda texts, card_id, owner: questions_card(
                texts, card_id=card_id, owner=owner
            ),
            FOLLOW_UP: lambda texts, card_id, owner: follow_up_card(
                texts, card_id=card_id, owner=owner
            ),
        }
        self.add_dialog(CardPrompt(PROMPT, "screening.answers", cards, replies, answered))
        self.add_dialog(
            WaterfallDialog(
                "screening.steps", [self.ask_step, self.follow_up_step, self.result_step]
            )
        )
        self.initial_dialog_id = "screening.steps"

    async def ask_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        return await step.begin_dialog(PROMPT, CardPromptOptions(QUESTIONS))

    async def follow_up_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        first = answers_from_submit(step.result, FIRST_QUESTIONS)
        answers = await self._parse(step, {**FOLLOW_UP_DEFAULTS, **first})
        if answers is None:
            return await step.replace_dialog("screening.steps")
        step.values["first"] = first
        if not needs_follow_up(answers, self._screener.policy):
            return await step.next(None)
        return await step.begin_dialog(PROMPT, CardPromptOptions(FOLLOW_UP))

    async def result_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        follow_up = (
            answers_from_submit(step.result or {}, FOLLOW_UP_QUESTIONS) if step.result else {}
        )
        answers = await self._parse(
            step, {**FOLLOW_UP_DEFAULTS, **step.values["first"], **follow_up}
        )
        if answers is None:
            return await step.end_dialog()
        activity = step.context.activity
        screening_id, result = await self._screener.run(
            answers, user_id=activity.from_property.id, conversation_id=activity.conversation.id
        )
        texts = self._replies.texts(step.context)
        view = result_view(
            texts,
            result,
            self._screener.policy,
            screening_id=screening_id,
            owner=activity.from_property.id,
            can_ask_coordinator=self._can_ask_coordinator,
        )
        await self._replies.card(step.context, result_card(texts, view))
        return await step.end_dialog(screening_id)

    async def _parse(
        self, step: WaterfallStepContext, answers: Mapping[str, object]
    ) -> ScreeningAnswers | None:
        try:
            return ScreeningAnswers.from_mapping(answers)
        except InvalidAnswers as error:
            await self._replies.text(
                step.context, "screening_card.invalid_answers", fields=_problem_fields(error)
            )
            return None
