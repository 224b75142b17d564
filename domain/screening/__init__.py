"""Screening (issue #3): is a citizen in the target group for a KI-plan, at which level, what next.

Pure rules from the implementation model (annex §2–§3, §7–§8). Wording lives in the catalogs
``cards/locales/*/screening.toml`` under the keys named in ``text_keys``.
"""

from .answers import AnswerProblem, InvalidAnswers, ScreeningAnswers
from .next_steps import FOLLOW_UP_MONTHS, PLAN_DEADLINE_WEEKS, Step
from .outcome import (
    Criterion,
    CriterionResult,
    CriterionStatus,
    NextStep,
    ScreeningResult,
    TextLookup,
    Verdict,
)
from .policy import (
    DEFAULT_POLICY,
    InvalidPolicy,
    Policy,
    UnknownPolicy,
    available_policies,
    load_policy,
)
from .questions import (
    FIELDS,
    QUESTIONS,
    AnswerKind,
    BenefitsFromBoth,
    Consent,
    ConveningObstacle,
    ObstacleIndicator,
    PsychiatricDisorder,
    Question,
    SubstanceProblem,
)
from .rules import screen
from .text_keys import (
    choice_text_key,
    criterion_text_key,
    level_text_key,
    next_step_text_key,
    question_help_key,
    question_label_key,
    verdict_text_key,
)

__all__ = [
    "DEFAULT_POLICY",
    "FIELDS",
    "FOLLOW_UP_MONTHS",
    "PLAN_DEADLINE_WEEKS",
    "QUESTIONS",
    "AnswerKind",
    "AnswerProblem",
    "BenefitsFromBoth",
    "Consent",
    "ConveningObstacle",
    "Criterion",
    "CriterionResult",
    "CriterionStatus",
    "InvalidAnswers",
    "InvalidPolicy",
    "NextStep",
    "ObstacleIndicator",
    "Policy",
    "PsychiatricDisorder",
    "Question",
    "ScreeningAnswers",
    "ScreeningResult",
    "Step",
    "SubstanceProblem",
    "TextLookup",
    "UnknownPolicy",
    "Verdict",
    "available_policies",
    "choice_text_key",
    "criterion_text_key",
    "level_text_key",
    "load_policy",
    "next_step_text_key",
    "question_help_key",
    "question_label_key",
    "screen",
    "verdict_text_key",
]
