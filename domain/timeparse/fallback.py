"""Texts our own grammar does not read go to dateparser, and its answer is checked after.

dateparser reads many English forms ("next Friday at 3pm", "the 4th of December at 10am"), but
alone it also returns dates in the past or a century ahead; every answer must be a time of day in
the near future.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from dateparser.date import DateDataParser

from .errors import TimeNotUnderstood
from .results import ParsedTime
from .zone import COPENHAGEN, is_after, local_moment

MAX_YEARS_AHEAD: Final = 5


def _languages(language: str) -> list[str]:
    return [language] + [other for other in ("da", "en") if other != language]


def parse_with_dateparser(text: str, now_local: datetime, language: str) -> ParsedTime:
    settings = {
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": now_local.replace(tzinfo=None),
        "RETURN_TIME_AS_PERIOD": True,
        "DATE_ORDER": "DMY",
    }
    data = DateDataParser(languages=_languages(language), settings=settings).get_date_data(text)
    if data.date_obj is None:
        raise TimeNotUnderstood("not_understood")
    if data.period != "time":
        raise TimeNotUnderstood("no_time_of_day")
    found = data.date_obj
    naive = found.tzinfo is None
    start = local_moment(found.date(), found.time()) if naive else found.astimezone(COPENHAGEN)
    if start.year > now_local.year + MAX_YEARS_AHEAD:
        raise TimeNotUnderstood("too_far_ahead")
    if not is_after(start, now_local):
        raise TimeNotUnderstood("past")
    return ParsedTime(start)
