"""Running a screening: the domain rules, the stored outcome, and the result card's view."""

from __future__ import annotations

import json
from collections.abc import Mapping

from cards.screening import ResultView
from cards.texts import Texts
from domain.screening import Policy, ScreeningAnswers, ScreeningResult, Verdict, screen
from storage.screenings import NewScreening
from storage.unit_of_work import UnitOfWork

FOLLOW_UP_DEFAULTS: Mapping[str, object] = {
    "coordination_already_adequate": False,
    "convening_obstacles": [],
    "unclear_medical_responsibility": False,
}
ALTERNATIVE_STEP = "network_meeting"


def needs_follow_up(answers: ScreeningAnswers, policy: Policy) -> bool:
    """The follow-up questions only change the outcome while a KI is still possible."""
    return screen(answers, policy).verdict is not Verdict.NOT_ELIGIBLE


def record_screening(
    unit: UnitOfWork,
    policy: Policy,
    answers: ScreeningAnswers,
    *,
    user_id: str,
    conversation_id: str,
) -> tuple[str, ScreeningResult]:
    """The rules applied to ``answers``, stored with them (codes only, no free text)."""
    result = screen(answers, policy)
    screening_id = unit.screenings.save(
        NewScreening(
            teams_user_id=user_id,
            conversation_id=conversation_id,
            policy=policy.name,
            answers_json=json.dumps(answers.to_mapping(), sort_keys=True),
            result_json=json.dumps(result.to_mapping(), sort_keys=True),
            verdict=result.verdict.value,
            level=result.level,
            created_at=unit.now,
        )
    )
    return screening_id, result


def result_view(
    texts: Texts,
    result: ScreeningResult,
    policy: Policy,
    *,
    screening_id: str,
    owner: str,
    can_ask_coordinator: bool,
    ask_initials: bool = True,
) -> ResultView:
    title = policy.titles.get(texts.language, policy.name)
    explained = result.to_mapping(texts, policy_title=title)
    steps = [(step["code"], step["text"]) for step in explained["next_steps"]]
    return ResultView(
        screening_id=screening_id,
        owner=owner,
        verdict=result.verdict.value,
        level=result.level,
        criteria=[
            {"status": c["status"], "explanation": c["explanation"]} for c in explained["criteria"]
        ],
        next_steps=[text for code, text in steps if not code.startswith(ALTERNATIVE_STEP)],
        alternative=[text for code, text in steps if code.startswith(ALTERNATIVE_STEP)],
        policy_title=title,
        can_ask_coordinator=can_ask_coordinator,
        ask_initials=ask_initials,
    )
