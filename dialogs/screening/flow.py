"""Running a screening: the domain rules, storing the outcome, and the result card's view."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from cards.screening import ResultView
from cards.texts import Texts
from domain.clock import Clock
from domain.screening import Policy, ScreeningAnswers, ScreeningResult, Verdict, screen
from storage.screenings import NewScreening

FOLLOW_UP_DEFAULTS: Mapping[str, object] = {
    "coordination_already_adequate": False,
    "convening_obstacles": [],
    "unclear_medical_responsibility": False,
}
ALTERNATIVE_STEP = "network_meeting"


def needs_follow_up(answers: ScreeningAnswers, policy: Policy) -> bool:
    """The follow-up questions only change the outcome while a KI is still possible."""
    return screen(answers, policy).verdict is not Verdict.NOT_ELIGIBLE


class ScreeningStore(Protocol):
    async def save(self, screening: NewScreening) -> str: ...


@dataclass(frozen=True)
class Screener:
    policy: Policy
    screenings: ScreeningStore
    clock: Clock

    async def run(
        self, answers: ScreeningAnswers, *, user_id: str, conversation_id: str
    ) -> tuple[str, ScreeningResult]:
        result = screen(answers, self.policy)
        screening_id = await self.screenings.save(
            NewScreening(
                teams_user_id=user_id,
                conversation_id=conversation_id,
                policy=self.policy.name,
                answers_json=json.dumps(answers.to_mapping(), sort_keys=True),
                result_json=json.dumps(result.to_mapping(), sort_keys=True),
                verdict=result.verdict.value,
                level=result.level,
                created_at=self.clock.now(),
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
    )
