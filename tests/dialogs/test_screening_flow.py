"""Running a screening: follow-up questions only while a KI is possible, the outcome stored with
codes only (no free text), and the result card's view with the alternative apart."""

from __future__ import annotations

import json
from typing import Any

import pytest

from cards.screening import FIRST_QUESTIONS
from cards.texts import Texts
from dialogs.screening.flow import (
    FOLLOW_UP_DEFAULTS,
    needs_follow_up,
    record_screening,
    result_view,
)
from dialogs.screening.questionnaire import answers_from_submit
from domain.clock import FixedClock
from domain.screening import ScreeningAnswers, ScreeningResult, Verdict, load_policy, screen
from storage.screenings import NewScreening
from tests.factories import ELIGIBLE_CARD_INPUTS
from tests.fakes import FakeUnitOfWork

POLICY = load_policy("national")
ELIGIBLE = ELIGIBLE_CARD_INPUTS
NO_DISORDER = {**ELIGIBLE, "psychiatric_disorder": "none"}


def _answers(given: dict[str, str], **follow_up: Any) -> ScreeningAnswers:
    first = answers_from_submit(given, FIRST_QUESTIONS)
    return ScreeningAnswers.from_mapping({**FOLLOW_UP_DEFAULTS, **first, **follow_up})


def _result(given: dict[str, str]) -> ScreeningResult:
    return screen(_answers(given), POLICY)


class Recording(FakeUnitOfWork):
    """A unit of work that keeps what was handed to ``screenings.save``."""

    def __init__(self) -> None:
        super().__init__(FixedClock())
        self.saved: list[NewScreening] = []
        save = self.screenings.save

        def keep(screening: NewScreening) -> str:
            self.saved.append(screening)
            return save(screening)

        self.screenings.save = keep  # type: ignore[method-assign]


def test_the_follow_up_is_asked_while_a_ki_is_still_possible():
    assert needs_follow_up(_answers(ELIGIBLE), POLICY)


def test_no_follow_up_is_asked_once_the_answers_rule_a_ki_out():
    assert not needs_follow_up(_answers(NO_DISORDER), POLICY)


def test_the_follow_up_defaults_change_no_outcome_on_their_own():
    assert screen(_answers(ELIGIBLE), POLICY).verdict is Verdict.ELIGIBLE


def test_a_screening_is_stored_with_its_rules_outcome_in_codes_and_returned():
    unit = Recording()

    screening_id, result = record_screening(
        unit, POLICY, _answers(ELIGIBLE), user_id="29:aad-anne", conversation_id="personal:anne"
    )

    assert result == screen(_answers(ELIGIBLE), POLICY)
    [saved] = unit.saved
    assert (saved.teams_user_id, saved.conversation_id, saved.policy) == (
        "29:aad-anne", "personal:anne", "national",
    )  # fmt: skip
    assert (saved.verdict, saved.level, saved.created_at) == ("eligible", 1, unit.now)
    assert json.loads(saved.answers_json) == _answers(ELIGIBLE).to_mapping()
    assert json.loads(saved.result_json) == result.to_mapping()
    stored = unit.screenings.get(screening_id)
    assert stored is not None and stored.verdict == "eligible"


def test_what_is_stored_holds_codes_never_sentences():
    unit = Recording()

    record_screening(unit, POLICY, _answers(ELIGIBLE), user_id="29:a", conversation_id="c")

    [saved] = unit.saved
    codes = json.loads(saved.result_json)["next_steps"]
    assert [step["code"] for step in codes][:2] == ["note_consent", "inform_own_coordinator"]
    assert " " not in saved.answers_json.replace(": ", ":").replace(", ", ",")


def test_the_result_view_lists_the_course_steps_in_the_readers_language():
    result = _result(ELIGIBLE)

    danish = result_view(Texts("da"), result, POLICY, screening_id="s1", owner="29:aad-anne",
                         can_ask_coordinator=True)  # fmt: skip
    english = result_view(Texts("en"), result, POLICY, screening_id="s1", owner="29:aad-anne",
                          can_ask_coordinator=False, ask_initials=False)  # fmt: skip

    assert (danish.verdict, danish.level, danish.owner, danish.screening_id) == (
        "eligible", 1, "29:aad-anne", "s1",
    )  # fmt: skip
    assert danish.next_steps[0].startswith("Borgeren har givet samtykke")
    assert danish.alternative == []
    assert danish.policy_title.startswith("National vejledning")
    assert english.policy_title.startswith("National guidance")
    assert len(english.next_steps) == len(danish.next_steps)
    assert (danish.can_ask_coordinator, danish.ask_initials) == (True, True)
    assert (english.can_ask_coordinator, english.ask_initials) == (False, False)


def test_the_network_meeting_is_shown_as_the_alternative_not_as_a_next_step():
    view = result_view(Texts("da"), _result(NO_DISORDER), POLICY, screening_id="s1",
                       owner="29:aad-anne", can_ask_coordinator=True)  # fmt: skip

    assert view.verdict == "not_eligible"
    [alternative] = view.alternative
    assert alternative.startswith("Har borgeren alligevel brug for et fælles møde")
    assert all("netværksmøde" not in step for step in view.next_steps)


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_criterion_is_explained_with_its_status(language: str):
    result = _result(NO_DISORDER)

    view = result_view(Texts(language), result, POLICY, screening_id="s1", owner="o",
                       can_ask_coordinator=True)  # fmt: skip

    assert len(view.criteria) == len(result.criteria)
    assert all(set(c) == {"status", "explanation"} and c["explanation"] for c in view.criteria)
    assert "not_met" in {c["status"] for c in view.criteria}
