"""Danish and English time understanding (issue #9): "tirsdag kl 10", "om 2 timer", "uge 50".

All moments are Europe/Copenhagen with the right daylight-saving offset. A text that is not a
usable time raises ``TimeNotUnderstood`` with a stable ``code``; its wording is in
``cards/locales/*/time.toml`` under ``time.error.<code>``.
"""

from .dates import parse_date
from .display import (
    format_date,
    format_date_range,
    format_moment,
    format_range,
    format_typed_day,
)
from .errors import ERROR_CODES, ErrorCode, TimeNotUnderstood
from .parse import parse_time
from .recurrence import Recurrence, parse_recurrence
from .results import ParsedDate, ParsedTime
from .zone import COPENHAGEN, is_after, later, local_moment, to_local

__all__ = [
    "COPENHAGEN",
    "ERROR_CODES",
    "ErrorCode",
    "ParsedDate",
    "ParsedTime",
    "Recurrence",
    "TimeNotUnderstood",
    "format_date",
    "format_date_range",
    "format_moment",
    "format_range",
    "format_typed_day",
    "is_after",
    "later",
    "local_moment",
    "parse_date",
    "parse_recurrence",
    "parse_time",
    "to_local",
]
