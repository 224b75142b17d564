"""The screening questionnaire, its follow-up and the explained result."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from domain.numbers import card_integer
from domain.screening import (
    QUESTIONS,
    AnswerKind,
    choice_text_key,
    level_text_key,
    question_help_key,
    question_label_key,
    verdict_text_key,
)
from domain.screening.questions import MAX_AGE, MIN_AGE

from .common import (
    Element,
    adaptive_card,
    bullet_list,
    choice_set,
    container,
    fact_set,
    heading,
    number_input,
    numbered_list,
    submit,
    text,
    text_input,
)
from .texts import Texts

ANSWERS_VERB: Final = "screening.answers"
START_CASE_VERB: Final = "screening.start_case"
ASK_COORDINATOR_VERB: Final = "screening.ask_coordinator"
NEW_SCREENING_VERB: Final = "screening.new"

_QUESTION: Final = {question.field: question for question in QUESTIONS}
FIRST_QUESTIONS: Final = (
    "age",
    "psychiatric_disorder",
    "substance_problem",
    "regional_psychiatry_contact",
    "municipal_treatment_contact",
    "benefits_from_both",
    "obstacle_indicators",
    "consent",
)
FOLLOW_UP_QUESTIONS: Final = (
    "coordination_already_adequate",
    "convening_obstacles",
    "unclear_medical_responsibility",
)
# The verdict is told by words, a glyph and a container style, never by coloured text alone:
# Teams' dark and high-contrast themes recolour containers but coloured text loses contrast.
VERDICT_STYLES: Final = {
    "eligible": "good",
    "ask_coordinator": "warning",
    "not_eligible": "attention",
}
VERDICT_GLYPHS: Final = {"eligible": "✓", "ask_coordinator": "?", "not_eligible": "✗"}
STATUS_MARKS: Final = {"met": "✓", "not_met": "✗", "unknown": "?", "not_assessed": "–"}


def _question(texts: Texts, field: str) -> list[Element]:
    question = _QUESTION[field]
    label = texts(question_label_key(field))
    required = texts("screening_card.required")
    if question.kind is AnswerKind.INTEGER:
        element = number_input(
            field,
            label,
            minimum=MIN_AGE,
            maximum=MAX_AGE,
            required=True,
            error_message=texts("screening_card.age_error", min=MIN_AGE, max=MAX_AGE),
        )
    else:
        choices = [(value, texts(choice_text_key(field, value))) for value in question.choices]
        multi = question.kind is AnswerKind.CHOICES
        element = choice_set(
            field, label, choices, multi=multi, required=not multi, error_message=required
        )
    return [element, text(texts(question_help_key(field)), subtle=True)]


def _questionnaire(
    texts: Texts, title_key: str, intro_key: str, fields: Sequence[str], card_id: str, owner: str
) -> Element:
    body: list[Element] = [heading(texts(title_key)), text(texts(intro_key), subtle=True)]
    for field in fields:
        body += _question(texts, field)
    action = submit(
        texts("screening_card.submit"),
        ANSWERS_VERB,
        style="positive",
        with_inputs=True,
        card_id=card_id,
        owner=owner,
    )
    return adaptive_card(body, [action])


def questions_card(texts: Texts, *, card_id: str, owner: str) -> Element:
    return _questionnaire(
        texts, "screening_card.title", "screening_card.intro", FIRST_QUESTIONS, card_id, owner
    )


def follow_up_card(texts: Texts, *, card_id: str, owner: str) -> Element:
    return _questionnaire(
        texts,
        "screening_card.follow_up_title",
        "screening_card.follow_up_intro",
        FOLLOW_UP_QUESTIONS,
        card_id,
        owner,
    )


def answers_from_submit(values: Mapping[str, Any], fields: Sequence[str]) -> dict[str, object]:
    """Turn the strings a card submits into the answer types (int, bool, list); leave the rest as sent.

    Teams sends Input.Number as a string, a yes/no choice as "true"/"false", and a multi-select as
    "a,b". Anything else is passed on unchanged for the domain's strict parser to reject.
    """
    answers: dict[str, object] = {}
    for field in fields:
        kind = _QUESTION[field].kind
        value = values.get(field)
        if value is None:
            if kind is AnswerKind.CHOICES:
                answers[field] = []  # an untouched multi-select is not sent at all
            continue
        if kind is AnswerKind.INTEGER and isinstance(value, str):
            number = card_integer(value)
            answers[field] = value if number is None else number
        elif kind is AnswerKind.BOOLEAN and value in ("true", "false"):
            answers[field] = value == "true"
        elif kind is AnswerKind.CHOICES and isinstance(value, str):
            answers[field] = [item for item in value.split(",") if item]
        else:
            answers[field] = value
    return answers


@dataclass(frozen=True)
class ResultView:
    """What the result card shows: the screening result as JSON-ready data with texts filled in."""

    screening_id: str
    owner: str
    verdict: str
    level: int | None
    criteria: Sequence[Mapping[str, Any]]  # each: status, explanation
    next_steps: Sequence[str]
    alternative: Sequence[str]
    policy_title: str
    can_ask_coordinator: bool
    ask_initials: bool = True  # CASE_INITIALS=off: cases are opened without initials


def verdict_banner(texts: Texts, verdict: str) -> Element:
    """A styled container with a glyph and default-coloured bold text."""
    line = f"{VERDICT_GLYPHS[verdict]} {texts(verdict_text_key(verdict))}"
    return container([text(line, bold=True)], style=VERDICT_STYLES[verdict])


def result_card(texts: Texts, view: ResultView) -> Element:
    body: list[Element] = [
        heading(texts("screening_card.result_title")),
        verdict_banner(texts, view.verdict),
        text(texts("screening_card.criteria_title"), bold=True),
        container([text(f"{STATUS_MARKS[c['status']]} {c['explanation']}") for c in view.criteria]),
    ]
    if view.level is not None:
        body += [
            text(texts("screening_card.level_title", level=view.level), bold=True),
            text(texts(level_text_key(view.level))),
        ]
    if view.next_steps:
        body += [
            text(texts("screening_card.next_steps_title"), bold=True),
            numbered_list(view.next_steps),
        ]
    if view.alternative:
        body += [
            container(
                [
                    text(texts("screening_card.network_meeting_title"), bold=True),
                    bullet_list(view.alternative),
                ],
                style="emphasis",
            )
        ]
    body.append(text(texts("screening_card.policy", policy=view.policy_title), subtle=True))

    ids: dict[str, Any] = {"screening_id": view.screening_id, "owner": view.owner}
    actions: list[Element] = []
    if view.verdict == "eligible":
        if view.ask_initials:
            body.append(
                text_input("initials", texts("screening_card.initials_label"), max_length=4)
            )
        actions.append(
            submit(
                texts("screening_card.start_case"),
                START_CASE_VERB,
                style="positive",
                with_inputs=True,
                **ids,
            )
        )
    if view.can_ask_coordinator:
        actions.append(submit(texts("screening_card.ask_coordinator"), ASK_COORDINATOR_VERB, **ids))
    actions.append(submit(texts("screening_card.new_screening"), NEW_SCREENING_VERB))
    return adaptive_card(body, actions)


def case_created_card(
    texts: Texts,
    *,
    reference: str,
    level: int | None,
    next_steps: Sequence[str],
    initials: str | None = None,
) -> Element:
    facts = [(texts("screening_card.case_reference"), reference)]
    if initials:
        facts.append((texts("screening_card.case_initials"), initials))
    body: list[Element] = [
        heading(texts("screening_card.case_created_title", reference=reference)),
        fact_set(facts),
        text(texts("screening_card.case_created_text")),
    ]
    if level is not None:
        body += [
            text(texts("screening_card.level_title", level=level), bold=True),
            text(texts(level_text_key(level))),
        ]
    if next_steps:
        body += [
            text(texts("screening_card.next_steps_title"), bold=True),
            numbered_list(next_steps),
        ]
    return adaptive_card(body)
