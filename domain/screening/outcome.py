"""What a screening concludes: a verdict, a level, one result per criterion and the next steps."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Protocol

from .text_keys import criterion_text_key, level_text_key, next_step_text_key, verdict_text_key


class Verdict(StrEnum):
    ELIGIBLE = "eligible"
    ASK_COORDINATOR = "ask_coordinator"
    NOT_ELIGIBLE = "not_eligible"


class CriterionStatus(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"
    NOT_ASSESSED = "not_assessed"  # irrelevant once another criterion rules the citizen out


class Criterion(StrEnum):
    AGE = "age"
    PSYCHIATRIC_DISORDER = "psychiatric_disorder"
    SUBSTANCE_PROBLEM = "substance_problem"
    SECTOR_CONTACT = "sector_contact"
    BENEFITS_FROM_BOTH = "benefits_from_both"
    OBSTACLES = "obstacles"
    COORDINATION_NEED = "coordination_need"


class TextLookup(Protocol):
    """Any ``texts(key, **params) -> str``, such as ``cards.texts.Texts``."""

    def __call__(self, key: str, /, **params: Any) -> str: ...


def _frozen(params: Mapping[str, object]) -> Mapping[str, object]:
    return MappingProxyType(dict(params))


@dataclass(frozen=True)
class CriterionResult:
    criterion: str
    status: CriterionStatus
    reason: str  # a stable code, e.g. "age_outside_band"
    rule: str  # where the rule stands, e.g. "annex §2.1"
    params: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", _frozen(self.params))


@dataclass(frozen=True)
class NextStep:
    code: str
    params: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", _frozen(self.params))


@dataclass(frozen=True)
class ScreeningResult:
    verdict: Verdict
    level: int | None  # 0–3; None unless eligible, or not eligible at level 0
    criteria: tuple[CriterionResult, ...]
    next_steps: tuple[NextStep, ...]
    policy: str

    def criterion(self, name: str) -> CriterionResult:
        return next(result for result in self.criteria if result.criterion == name)

    def to_mapping(
        self, texts: TextLookup | None = None, *, policy_title: str = ""
    ) -> dict[str, Any]:
        """JSON-ready. With ``texts``, each criterion gets an "explanation" and each next step a
        "text"; the whole gets a "verdict_text" and, when there is a level, a "level_text".
        ``policy_title`` (in the texts' language) is the ``{policy}`` the explanations name."""
        criteria = [
            {
                "criterion": str(c.criterion),
                "status": str(c.status),
                "reason": str(c.reason),
                "rule": c.rule,
                "params": dict(c.params),
            }
            for c in self.criteria
        ]
        steps = [{"code": str(s.code), "params": dict(s.params)} for s in self.next_steps]
        mapping: dict[str, Any] = {
            "verdict": str(self.verdict),
            "level": self.level,
            "policy": self.policy,
            "criteria": criteria,
            "next_steps": steps,
        }
        if texts is None:
            return mapping
        for entry, result in zip(criteria, self.criteria, strict=True):
            fields = {"policy": policy_title or self.policy, **result.params}
            entry["explanation"] = texts(criterion_text_key(result), **fields)
        for entry, step in zip(steps, self.next_steps, strict=True):
            entry["text"] = texts(next_step_text_key(step), **step.params)
        mapping["verdict_text"] = texts(verdict_text_key(self.verdict))
        if self.level is not None:
            mapping["level_text"] = texts(level_text_key(self.level))
        return mapping
