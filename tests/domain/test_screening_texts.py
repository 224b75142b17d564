"""Every text the screening can show exists in Danish and English and fills in its fields."""

from __future__ import annotations

import pytest

from cards.texts import LANGUAGES, Texts
from domain.screening import (
    QUESTIONS,
    ScreeningAnswers,
    ScreeningResult,
    Verdict,
    available_policies,
    choice_text_key,
    criterion_text_key,
    level_text_key,
    load_policy,
    next_step_text_key,
    question_help_key,
    question_label_key,
    screen,
    verdict_text_key,
)
from tests.factories import typical_answers

Screening = tuple[ScreeningAnswers, ScreeningResult]


def produced_texts(every_screening: list[Screening]) -> dict[str, dict[str, object]]:
    """Each criterion and next-step key the rules produced, with one set of its fields."""
    keys: dict[str, dict[str, object]] = {}
    for _, result in every_screening:
        for criterion in result.criteria:
            keys.setdefault(criterion_text_key(criterion), {"policy": "P", **criterion.params})
        for step in result.next_steps:
            keys.setdefault(next_step_text_key(step), dict(step.params))
    return keys


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_reason_and_next_step_the_rules_produce_has_a_text(
    language: str, every_screening: list[Screening]
):
    texts = Texts(language)
    for key, params in produced_texts(every_screening).items():
        assert texts(key, **params).strip(), key


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_criterion_or_next_step_text_is_left_unused(
    language: str, every_screening: list[Screening]
):
    catalog = Texts(language).all_keys()
    written = {
        key for key in catalog if key.startswith(("screening.criterion.", "screening.next_step."))
    }
    assert written == set(produced_texts(every_screening))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_verdict_and_level_has_a_text(language: str):
    texts = Texts(language)
    for verdict in Verdict:
        assert texts(verdict_text_key(verdict))
    for level in range(4):
        assert texts(level_text_key(level)).startswith(("Niveau", "Level"))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("question", QUESTIONS, ids=lambda question: question.field)
def test_every_question_has_a_label_a_help_text_and_a_text_per_answer(language: str, question):
    texts = Texts(language)
    assert texts(question_label_key(question.field)).strip()
    assert texts(question_help_key(question.field)).strip()
    for value in question.choices:
        assert texts(choice_text_key(question.field, value)).strip()


def test_a_yes_no_answer_has_its_choice_text_under_true_and_false():
    assert choice_text_key("consent", "given") == "screening.choice.consent.given"
    assert choice_text_key("regional_psychiatry_contact", True) == (
        "screening.choice.regional_psychiatry_contact.true"
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", available_policies())
def test_every_policy_has_a_title_in_every_language(language: str, name: str):
    assert load_policy(name).titles[language].strip()


def test_the_danish_age_explanation_names_the_age_the_band_and_the_rule():
    answers = ScreeningAnswers.from_mapping(typical_answers(age=70))

    policy = load_policy("kbh-pilot")
    mapping = screen(answers, policy).to_mapping(Texts("da"), policy_title=policy.titles["da"])

    assert mapping["criteria"][0]["explanation"] == (
        "Alder 70 er uden for aldersgrænsen 18–65 år i regelsættet »Københavnsk afprøvning "
        "(18–65 år, kontakt med begge sektorer)« (KI-modellen, bilag §2.1)."
    )
    assert mapping["verdict_text"].startswith("Borgeren ser ikke ud til")
