"""Why a text was not understood as a time: a stable code the caller words in the user's language.

The wording lives in ``cards/locales/<language>/time.toml`` under ``time.error.<code>``; the
parameters fill its fields. The user's own text is never part of the exception's message, so it can
be logged without leaking what someone typed.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final, Literal, get_args

ErrorCode = Literal[
    "empty",
    "not_understood",
    "past",
    "impossible_date",
    "no_time_of_day",
    "hour_out_of_range",
    "minute_out_of_range",
    "end_before_start",
    "weekday_mismatch",
    "week_without_weekday",
    "week_out_of_range",
    "too_far_ahead",
    "time_of_day_not_expected",
    "not_a_reminder",
    "no_reminder_text",
]

ERROR_CODES: Final[tuple[ErrorCode, ...]] = get_args(ErrorCode)


class TimeNotUnderstood(ValueError):
    """A text that is not a usable time. ``code`` is stable; ``params`` fill the message."""

    def __init__(self, code: ErrorCode, **params: object) -> None:
        super().__init__(code)
        self.code: ErrorCode = code
        self.params: Mapping[str, str] = MappingProxyType({k: str(v) for k, v in params.items()})

    def __repr__(self) -> str:
        return f"TimeNotUnderstood({self.code!r})"
