"""Durations from now: "om 10 minutter", "om en halv time", "om 3 dage", "in a fortnight".

Minutes and hours are elapsed time (an instant); days, weeks and months are calendar steps that
keep the wall-clock time across a daylight-saving change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

from .errors import TimeNotUnderstood
from .words import NUMBER_WORDS, alternation, number

Unit = Literal["minutes", "days", "months"]


@dataclass(frozen=True)
class Duration:
    amount: int
    unit: Unit


_MINUTES: Final = {"minut": 1, "minutter": 1, "min": 1, "minute": 1, "minutes": 1, "mins": 1}
_HOURS: Final = {"kvarter": 15, "time": 60, "timer": 60, "hour": 60, "hours": 60}
_DAYS: Final = {"dag": 1, "dage": 1, "døgn": 1, "day": 1, "days": 1}
_WEEKS: Final = {"uge": 7, "uger": 7, "week": 7, "weeks": 7, "fortnight": 14}
_MONTHS: Final = {"måned": 1, "måneder": 1, "maaned": 1, "maaneder": 1, "month": 1, "months": 1}
_UNITS: Final[dict[str, tuple[int, Unit]]] = {
    **{word: (size, "minutes") for word, size in {**_MINUTES, **_HOURS}.items()},
    **{word: (size, "days") for word, size in {**_DAYS, **_WEEKS}.items()},
    **{word: (size, "months") for word, size in _MONTHS.items()},
}
# (numerator, denominator): "om en halv time" is 1/2 hour, "om halvanden time" 3/2.
_HALVES: Final = {"en halv": (1, 2), "et halvt": (1, 2), "half a": (1, 2), "halvanden": (3, 2)}

DURATION_PATTERN: Final = re.compile(
    rf"\b(?:om|in)\s+(?P<n>en\s+halv|et\s+halvt|halvanden|half\s+a|\d+|{alternation(NUMBER_WORDS)})"
    rf"\s*(?P<unit>{alternation(dict.fromkeys(_UNITS, 0))})\b"
)
HALF_AN_HOUR_PATTERN: Final = re.compile(r"\bin\s+(?:half\s+an|a\s+half)\s+hour\b")
HALF_AN_HOUR: Final = Duration(30, "minutes")


def duration_of(match: re.Match[str]) -> Duration:
    """The duration a ``DURATION_PATTERN`` match names; half a day is refused (not a clock)."""
    size, unit = _UNITS[match.group("unit")]
    count = " ".join(match.group("n").split())
    if count in _HALVES:
        numerator, denominator = _HALVES[count]
        if unit != "minutes" or (size * numerator) % denominator:
            raise TimeNotUnderstood("not_understood")
        return Duration(size * numerator // denominator, unit)
    return Duration(size * number(count), unit)
