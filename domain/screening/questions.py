"""The screening questions and the values each answer may take (annex §2 and §3)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final


class PsychiatricDisorder(StrEnum):
    DIAGNOSED = "diagnosed"  # established in hospital psychiatry
    SUSPECTED = "suspected"  # assessed as likely by the municipal treatment or the GP
    NONE = "none"
    UNKNOWN = "unknown"


class SubstanceProblem(StrEnum):
    IN_TREATMENT = "in_treatment"
    OFFERED_TREATMENT = "offered_treatment"
    SUSPECTED = "suspected"
    NONE = "none"
    UNKNOWN = "unknown"


class BenefitsFromBoth(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class ObstacleIndicator(StrEnum):
    READMISSIONS = "readmissions"
    UNSTABLE_ATTENDANCE = "unstable_attendance"
    INTERRUPTED_TREATMENT = "interrupted_treatment"
    COMPLEX_SOCIAL_PROBLEMS = "complex_social_problems"


class ConveningObstacle(StrEnum):
    COOPERATION_PROBLEMS = "cooperation_problems"
    NO_REPLIES = "no_replies"
    CONFLICT = "conflict"
    NO_SHOWS = "no_shows"


class Consent(StrEnum):
    GIVEN = "given"
    PENDING = "pending"
    REFUSED = "refused"
    NOT_ASKED = "not_asked"


class AnswerKind(StrEnum):
    INTEGER = "integer"
    BOOLEAN = "boolean"
    CHOICE = "choice"  # one value of `options`
    CHOICES = "choices"  # any number of values of `options`


@dataclass(frozen=True)
class Question:
    field: str
    kind: AnswerKind
    options: type[StrEnum] | None = None

    @property
    def choices(self) -> tuple[str, ...]:
        """The allowed values, in display order; ``("true", "false")`` for a yes/no question."""
        if self.kind is AnswerKind.BOOLEAN:
            return ("true", "false")
        return tuple(self.options) if self.options else ()


MIN_AGE: Final = 0
MAX_AGE: Final = 130

QUESTIONS: Final = (
    Question("age", AnswerKind.INTEGER),
    Question("psychiatric_disorder", AnswerKind.CHOICE, PsychiatricDisorder),
    Question("substance_problem", AnswerKind.CHOICE, SubstanceProblem),
    Question("regional_psychiatry_contact", AnswerKind.BOOLEAN),
    Question("municipal_treatment_contact", AnswerKind.BOOLEAN),
    Question("benefits_from_both", AnswerKind.CHOICE, BenefitsFromBoth),
    Question("obstacle_indicators", AnswerKind.CHOICES, ObstacleIndicator),
    Question("coordination_already_adequate", AnswerKind.BOOLEAN),
    Question("convening_obstacles", AnswerKind.CHOICES, ConveningObstacle),
    Question("unclear_medical_responsibility", AnswerKind.BOOLEAN),
    Question("consent", AnswerKind.CHOICE, Consent),
)
FIELDS: Final = tuple(question.field for question in QUESTIONS)
