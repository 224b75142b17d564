"""The answers to the screening questions, parsed strictly from JSON-like data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from enum import StrEnum

from .questions import (
    FIELDS,
    MAX_AGE,
    MIN_AGE,
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


@dataclass(frozen=True)
class AnswerProblem:
    """What is wrong with one field, as a stable code such as ``not_an_integer``."""

    field: str
    code: str


class InvalidAnswers(ValueError):
    def __init__(self, problems: tuple[AnswerProblem, ...]) -> None:
        self.problems = problems
        listed = "; ".join(f"{problem.field}: {problem.code}" for problem in problems)
        super().__init__(f"invalid screening answers: {listed}")


class _Rejected(Exception):
    def __init__(self, code: str) -> None:
        self.code = code


def _parse_value(question: Question, raw: object) -> object:
    kind, options = question.kind, question.options
    if kind is AnswerKind.INTEGER:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise _Rejected("not_an_integer")
        if not MIN_AGE <= raw <= MAX_AGE:
            raise _Rejected("out_of_range")
        return raw
    if kind is AnswerKind.BOOLEAN:
        if not isinstance(raw, bool):
            raise _Rejected("not_a_boolean")
        return raw
    if options is None:
        raise ValueError(f"question {kind} has no options")
    if kind is AnswerKind.CHOICE:
        return _option(options, raw)
    if isinstance(raw, str) or not isinstance(raw, list | tuple):
        raise _Rejected("not_a_list")
    chosen = {_option(options, item) for item in raw}
    return tuple(option for option in options if option in chosen)  # deduplicated, in a fixed order


def _option(options: type[StrEnum], raw: object) -> StrEnum:
    if not isinstance(raw, str):
        raise _Rejected("unknown_value")
    try:
        return options(raw)
    except ValueError:
        raise _Rejected("unknown_value") from None


def _parse_fields(data: Mapping[str, object]) -> tuple[dict[str, object], list[AnswerProblem]]:
    values: dict[str, object] = {}
    problems: list[AnswerProblem] = []
    for question in QUESTIONS:
        if question.field not in data:
            continue
        try:
            values[question.field] = _parse_value(question, data[question.field])
        except _Rejected as rejected:
            problems.append(AnswerProblem(question.field, rejected.code))
    return values, problems


@dataclass(frozen=True)
class ScreeningAnswers:
    """One fagperson's answers about one citizen. Construction validates and normalises."""

    age: int
    psychiatric_disorder: PsychiatricDisorder
    substance_problem: SubstanceProblem
    regional_psychiatry_contact: bool
    municipal_treatment_contact: bool
    benefits_from_both: BenefitsFromBoth
    obstacle_indicators: tuple[ObstacleIndicator, ...]
    coordination_already_adequate: bool
    convening_obstacles: tuple[ConveningObstacle, ...]
    unclear_medical_responsibility: bool
    consent: Consent

    def __post_init__(self) -> None:
        values, problems = _parse_fields({field: getattr(self, field) for field in FIELDS})
        if problems:
            raise InvalidAnswers(tuple(problems))
        for field, value in values.items():
            object.__setattr__(self, field, value)

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> ScreeningAnswers:
        """Parse JSON-like data strictly: every field present, nothing extra, no type coercion."""
        if not isinstance(data, Mapping):
            raise InvalidAnswers((AnswerProblem("answers", "not_a_mapping"),))
        problems = [
            AnswerProblem(str(key), "unexpected_field") for key in data if key not in FIELDS
        ]
        problems += [AnswerProblem(field, "missing") for field in FIELDS if field not in data]
        values, type_problems = _parse_fields(data)
        problems += type_problems
        if problems:
            raise InvalidAnswers(tuple(problems))
        return cls(**values)  # type: ignore[arg-type]

    def to_mapping(self) -> dict[str, object]:
        """JSON-ready: enum values as plain strings, lists as lists."""
        plain: dict[str, object] = {}
        for field, value in asdict(self).items():
            if isinstance(value, tuple):
                plain[field] = [str(item) for item in value]
            elif isinstance(value, StrEnum):
                plain[field] = str(value)
            else:
                plain[field] = value
        return plain
