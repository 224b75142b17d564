"""The questionnaire: the questions card, at most one follow-up card, then the result.

    tjek ─▶ questions card ─▶ (only if a KI is still possible) follow-up card ─▶ result card

Each card is issued to one person in one conversation (``storage.prompt_cards``) and takes its
own submit once: a second click is "already received", a card replaced by a newer one or
cancelled is "outdated"/"expired", someone else's card is refused. Typed text while a card waits
is answered with a reminder to fill it in. A check asked for in a group chat or channel happens in
the asker's personal chat, so only they see the answers and the criteria.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from cards.answered import answered_card
from cards.screening import (
    FIRST_QUESTIONS,
    FOLLOW_UP_QUESTIONS,
    answers_from_submit,
    follow_up_card,
    questions_card,
    result_card,
)
from cards.texts import Texts
from domain.ids import new_id
from domain.messaging import Content, ToPerson
from domain.screening import InvalidAnswers, Policy, ScreeningAnswers
from storage.outbox import OutgoingMessage
from storage.prompt_cards import PromptCard
from storage.unit_of_work import UnitOfWork, Units

from ..reply import Card, Reply, post, refuse, say, show
from ..turn import Turn
from .commands import NewScreening, SubmitAnswers
from .flow import FOLLOW_UP_DEFAULTS, needs_follow_up, record_screening, result_view

PERSONAL: Final = "personal"  # where a person's personal-chat cards are issued (one per person)
QUESTIONS: Final = "screening.questions"
FOLLOW_UP: Final = "screening.follow_up"
_CARDS: Final[dict[str, Callable[..., Card]]] = {
    QUESTIONS: questions_card,
    FOLLOW_UP: follow_up_card,
}


def _place(turn: Turn) -> str:
    """Where a card of this turn counts as issued: a person has one personal chat with the bot
    (so a card sent there by the outbox is answered there), any other conversation is itself."""
    return PERSONAL if turn.where.kind == "personal" else turn.where.conversation_id


def _card_id(card: Card) -> str:
    return str(next(a["data"]["card_id"] for a in card["actions"] if "card_id" in a["data"]))


def _problem_fields(error: InvalidAnswers) -> str:
    return ", ".join(sorted({problem.field for problem in error.problems}))


class Questionnaire:
    def __init__(
        self,
        units: Units,
        policy: Policy,
        *,
        can_ask_coordinator: bool,
        ask_initials: bool = True,
        new_card_id: Callable[[], str] = lambda: new_id(16),
    ) -> None:
        self._units = units
        self._policy = policy
        self._can_ask_coordinator = can_ask_coordinator
        self._ask_initials = ask_initials
        self._new_card_id = new_card_id

    # --- starting ----------------------------------------------------------------------------
    async def start(self, turn: Turn, _argument: str = "") -> Reply:
        """``tjek``: a new questions card (an older one still waiting is outdated); asked in a
        shared conversation, the card goes to the asker's personal chat."""
        if turn.where.is_shared and turn.actor is not None:
            await self._units.run(lambda unit: self._send_personally(unit, turn))
            return say(turn.texts("privacy.screening_elsewhere"))
        return show(await self._units.run(lambda unit: self._issue(unit, turn, QUESTIONS, {})))

    def _send_personally(self, unit: UnitOfWork, turn: Turn) -> None:
        assert turn.actor is not None  # noqa: S101 - checked by the caller
        card = self._issue(unit, turn, QUESTIONS, {}, place=PERSONAL)
        unit.send(
            OutgoingMessage(
                dedupe_key=f"screening:{_card_id(card)}",
                address=ToPerson(turn.actor),
                content=Content(text=turn.texts("screening_card.title"), card=card),
                due_at=unit.now,
                language=turn.language,
            )
        )

    def new_screening(self, unit: UnitOfWork, turn: Turn, _command: NewScreening) -> Reply:
        if turn.where.is_shared and turn.actor is not None:
            self._send_personally(unit, turn)
            return say(turn.texts("privacy.screening_elsewhere"))
        return post(self._issue(unit, turn, QUESTIONS, {}))

    def _issue(
        self,
        unit: UnitOfWork,
        turn: Turn,
        kind: str,
        state: Mapping[str, Any],
        *,
        place: str | None = None,
    ) -> Card:
        card_id = self._new_card_id()
        owner = turn.teams_user_id
        where = place or _place(turn)
        unit.prompts.issue(PromptCard(card_id, owner, where, kind, state))
        return _CARDS[kind](turn.texts, card_id=card_id, owner=owner)

    # --- waiting -----------------------------------------------------------------------------
    async def waiting(self, turn: Turn) -> Reply | None:
        def open_card(unit: UnitOfWork) -> PromptCard | None:
            return unit.prompts.open_of(turn.teams_user_id, _place(turn))

        if await self._units.run(open_card) is None:
            return None
        return refuse(turn.texts("common.fill_in_card"))

    async def cancel(self, turn: Turn) -> bool:
        def close(unit: UnitOfWork) -> int:
            return unit.prompts.close_open(turn.teams_user_id, _place(turn))

        return await self._units.run(close) > 0

    # --- answering ---------------------------------------------------------------------------
    def on_answers(self, unit: UnitOfWork, turn: Turn, command: SubmitAnswers) -> Reply:
        texts = turn.texts
        if command.owner != turn.teams_user_id:
            return refuse(texts("screening_card.not_yours"))
        prompt = unit.prompts.get(command.card_id)
        refused = self._not_open(unit, turn, prompt)
        if refused is not None or prompt is None:
            return refused or refuse(texts("screening_card.expired"))
        if not unit.prompts.answer(prompt.card_id):  # another click took it a moment ago
            return refuse(texts("common.already_received"))
        sent = _CARDS[prompt.kind](texts, card_id=prompt.card_id, owner=prompt.owner)
        answered = show(
            answered_card(sent, command.values(), texts("actions.answered")), in_place_only=True
        )
        if prompt.kind == QUESTIONS:
            return self._after_questions(unit, turn, command, answered)
        return self._after_follow_up(unit, turn, command, prompt, answered)

    def _not_open(self, unit: UnitOfWork, turn: Turn, prompt: PromptCard | None) -> Reply | None:
        texts = turn.texts
        if (
            prompt is None
            or prompt.owner != turn.teams_user_id
            or prompt.conversation_id != _place(turn)
        ):
            return refuse(texts("screening_card.expired"))
        if prompt.status == "answered":
            return refuse(texts("common.already_received"))
        if prompt.status == "closed":
            newer = unit.prompts.open_of(turn.teams_user_id, _place(turn))
            return refuse(texts("common.outdated_card" if newer else "screening_card.expired"))
        return None

    def _after_questions(
        self, unit: UnitOfWork, turn: Turn, command: SubmitAnswers, answered: Reply
    ) -> Reply:
        first = answers_from_submit(command.values(), FIRST_QUESTIONS)
        try:
            answers = ScreeningAnswers.from_mapping({**FOLLOW_UP_DEFAULTS, **first})
        except InvalidAnswers as error:
            again = self._issue(unit, turn, QUESTIONS, {})
            return answered.then(_invalid(turn.texts, error), again)
        if needs_follow_up(answers, self._policy):
            return answered.then(self._issue(unit, turn, FOLLOW_UP, {"first": first}))
        return answered.then(self._result(unit, turn, answers))

    def _after_follow_up(
        self,
        unit: UnitOfWork,
        turn: Turn,
        command: SubmitAnswers,
        prompt: PromptCard,
        answered: Reply,
    ) -> Reply:
        first = prompt.state.get("first", {})
        follow_up = answers_from_submit(command.values(), FOLLOW_UP_QUESTIONS)
        try:
            answers = ScreeningAnswers.from_mapping({**FOLLOW_UP_DEFAULTS, **first, **follow_up})
        except InvalidAnswers as error:
            return answered.then(_invalid(turn.texts, error))
        return answered.then(self._result(unit, turn, answers))

    def _result(self, unit: UnitOfWork, turn: Turn, answers: ScreeningAnswers) -> Card:
        screening_id, result = record_screening(
            unit,
            self._policy,
            answers,
            user_id=turn.teams_user_id,
            conversation_id=turn.where.conversation_id,
        )
        view = result_view(
            turn.texts,
            result,
            self._policy,
            screening_id=screening_id,
            owner=turn.teams_user_id,
            can_ask_coordinator=self._can_ask_coordinator,
            ask_initials=self._ask_initials,
        )
        return result_card(turn.texts, view)


def _invalid(texts: Texts, error: InvalidAnswers) -> str:
    return texts("screening_card.invalid_answers", fields=_problem_fields(error))
