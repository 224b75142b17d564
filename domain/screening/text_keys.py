"""The one place that names the text keys for screening wording (catalog ``screening.toml``).

The domain never imports the catalogs; callers pass any ``texts(key, **params)`` lookup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .outcome import CriterionResult, NextStep

PREFIX = "screening"


def criterion_text_key(result: CriterionResult) -> str:
    return f"{PREFIX}.criterion.{result.criterion}.{result.reason}"


def next_step_text_key(step: NextStep) -> str:
    return f"{PREFIX}.next_step.{step.code}"


def verdict_text_key(verdict: str) -> str:
    return f"{PREFIX}.verdict.{verdict}"


def level_text_key(level: int) -> str:
    return f"{PREFIX}.level.{level}"


def question_label_key(field: str) -> str:
    return f"{PREFIX}.question.{field}.label"


def question_help_key(field: str) -> str:
    return f"{PREFIX}.question.{field}.help"


def choice_text_key(field: str, value: str | bool) -> str:
    """A yes/no answer's value is ``true`` or ``false``, as in JSON."""
    shown = str(value).lower() if isinstance(value, bool) else value
    return f"{PREFIX}.choice.{field}.{shown}"
