"""Repeating times: "hver mandag kl 9", "hver dag kl 8.30", "hver hverdag kl 8",
"every Friday at 2pm".

A ``Recurrence`` is a weekly calendar rule on the Copenhagen wall clock: the same clock time
after a daylight-saving change. A clock time skipped in spring fires at the moment the clock
jumps to (02.30 becomes 03.30); one repeated in autumn fires once, the first time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Final

from .clock_times import take_time_of_day
from .errors import TimeNotUnderstood
from .normalise import normalise
from .words import weekdays
from .zone import is_after, local_moment, to_local

EVERY_DAY: Final = frozenset(range(7))
WORKING_DAYS: Final = frozenset(range(5))
_RULE_DAYS: Final = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

_EVERY: Final = re.compile(r"^(?:hver|hvert|alle|every|each)\s+(?P<days>.+)$")
_DAILY: Final = re.compile(r"^(?:dagligt|daily|every\s*day|hver\s+dag|alle\s+dage)$")
_WORKING: Final = re.compile(
    r"^(?:hverdag|hverdage|arbejdsdag|arbejdsdage|weekday|weekdays|working\s+day)$"
)
_DAY_SEPARATOR: Final = re.compile(r"\s*(?:,|\bog\b|\band\b|\+|&)\s*")


@dataclass(frozen=True)
class Recurrence:
    """Every one of ``weekdays`` (0 = Monday) at the wall-clock time ``at`` in Copenhagen."""

    weekdays: frozenset[int]
    at: time

    def __post_init__(self) -> None:
        if not self.weekdays or not self.weekdays <= EVERY_DAY:
            raise ValueError("a recurrence needs weekdays between 0 (Monday) and 6 (Sunday)")
        if self.at.tzinfo is not None:
            raise ValueError("a recurrence's time is a wall-clock time without a zone")

    def next_after(self, moment: datetime) -> datetime:
        """The first occurrence strictly after ``moment`` (timezone-aware)."""
        day = to_local(moment).date()
        for offset in range(8):
            candidate_day = day + timedelta(days=offset)
            if candidate_day.weekday() in self.weekdays:
                candidate = local_moment(candidate_day, self.at)
                if is_after(candidate, moment):
                    return candidate
        raise AssertionError("unreachable: every week holds one of the weekdays")

    def to_rule(self) -> str:
        """An RFC 5545 RRULE for storage: 'FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=9;BYMINUTE=0'."""
        days = ",".join(_RULE_DAYS[d] for d in sorted(self.weekdays))
        return f"FREQ=WEEKLY;BYDAY={days};BYHOUR={self.at.hour};BYMINUTE={self.at.minute}"

    @classmethod
    def from_rule(cls, rule: str) -> Recurrence:
        """The inverse of ``to_rule``; a rule outside that form raises ``ValueError``."""
        fields = dict(part.split("=", 1) for part in rule.split(";") if "=" in part)
        if fields.get("FREQ") != "WEEKLY" or set(fields) != {"FREQ", "BYDAY", "BYHOUR", "BYMINUTE"}:
            raise ValueError("not a weekly rule written by Recurrence.to_rule")
        days = frozenset(_RULE_DAYS.index(d) for d in fields["BYDAY"].split(","))
        return cls(days, time(int(fields["BYHOUR"]), int(fields["BYMINUTE"])))


def _weekdays(text: str) -> frozenset[int]:
    if _DAILY.match(text) or text in ("dag", "day"):
        return EVERY_DAY
    if _WORKING.match(text):
        return WORKING_DAYS
    names = weekdays()
    found: set[int] = set()
    for word in _DAY_SEPARATOR.split(text):
        word = word.removeprefix("on ").rstrip(".")
        singular = word[:-1] if word.endswith(("s", "e")) and word[:-1] in names else word
        if singular not in names:
            raise TimeNotUnderstood("not_understood")
        found.add(names[singular])
    return frozenset(found)


def parse_recurrence(text: str, language: str = "da") -> Recurrence:
    """'hver mandag kl 9' → Mondays at 9.00. A text that is not a repeat raises
    ``TimeNotUnderstood`` (``not_understood``; ``no_time_of_day`` without a clock time)."""
    del language  # both languages are read
    tod, rest = take_time_of_day(normalise(text))
    rest = " ".join(re.sub(r"\b(?:på|on|at)\b", " ", rest).split())
    daily = _DAILY.match(rest)
    every = _EVERY.match(rest)
    if not daily and not every:
        raise TimeNotUnderstood("not_understood")
    days = EVERY_DAY if daily else _weekdays(every.group("days") if every else "")
    if tod is None:
        raise TimeNotUnderstood("no_time_of_day")
    if tod.end is not None:
        raise TimeNotUnderstood("not_understood")
    return Recurrence(days, tod.start)
