"""Day expressions: "i morgen", "på torsdag", "torsdag i næste uge", "uge 50", "3. december",
"3/12", "14-12-2026", "om 3 dage", "tomorrow", "December 4", "in 2 hours".

``take_day_parts`` reads them from a normalised text (its time of day already taken out) into
``DayParts``; what it cannot read is left in ``rest``. Dates are not resolved here (no "now").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Final, Literal

from .durations import (
    DURATION_PATTERN,
    HALF_AN_HOUR,
    HALF_AN_HOUR_PATTERN,
    Duration,
    duration_of,
)
from .errors import TimeNotUnderstood
from .words import alternation, months, weekdays

HalfDay = Literal["am", "pm"]


@dataclass(frozen=True)
class DayParts:
    offset_days: int | None = None
    weekdays: tuple[int, ...] = ()
    week: Literal["this", "next"] | int | None = None
    week_year: int | None = None
    day_month: tuple[int, int] | None = None
    year: int | None = None
    duration: Duration | None = None
    half_day: HalfDay | None = None
    rest: str = ""
    found: tuple[str, ...] = field(default=())

    @property
    def empty(self) -> bool:
        return not self.found


_WEEKDAY: Final = alternation(weekdays())
_MONTH: Final = alternation(months())
_ORDINAL: Final = r"(?:st|nd|rd|th)?"
_START: Final = r"(?<![\w./:-])"
_END: Final = r"\.?(?![\w/:]|[.-]\d)"


def _offset(days: int, half_day: HalfDay | None = None) -> Callable[..., DayParts]:
    def take(_match: re.Match[str], parts: DayParts) -> DayParts:
        if parts.offset_days is not None:
            raise TimeNotUnderstood("not_understood")
        return replace(parts, offset_days=days, half_day=half_day or parts.half_day)

    return take


def _half_day(value: HalfDay) -> Callable[..., DayParts]:
    def take(_match: re.Match[str], parts: DayParts) -> DayParts:
        return replace(parts, half_day=value)

    return take


def _week(which: Literal["this", "next"]) -> Callable[..., DayParts]:
    def take(_match: re.Match[str], parts: DayParts) -> DayParts:
        return replace(parts, week=which)

    return take


def _week_number(match: re.Match[str], parts: DayParts) -> DayParts:
    year = match.group("y")
    return replace(parts, week=int(match.group("w")), week_year=int(year) if year else None)


def _weekday(match: re.Match[str], parts: DayParts) -> DayParts:
    return replace(parts, weekdays=(*parts.weekdays, weekdays()[match.group("wd").rstrip(".")]))


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    return int(text) + 2000 if len(text) == 2 else int(text)


def _date(day: str, month: int, year: str | None, parts: DayParts) -> DayParts:
    if parts.day_month is not None:
        raise TimeNotUnderstood("not_understood")
    return replace(parts, day_month=(int(day), month), year=_year(year))


def _named_date(match: re.Match[str], parts: DayParts) -> DayParts:
    return _date(match.group("d"), months()[match.group("m")], match.group("y"), parts)


def _numeric_date(match: re.Match[str], parts: DayParts) -> DayParts:
    month = int(match.group("m"))
    if not 1 <= month <= 12:
        raise TimeNotUnderstood("impossible_date")
    year = match.groupdict().get("y") or match.groupdict().get("y2")  # "3/12-2026", "3/12 2026"
    return _date(match.group("d"), month, year, parts)


Taker = Callable[[re.Match[str], DayParts], DayParts]

# Tried in order, each as often as it matches; "i morgen" must go before "morgenen".
_TAKERS: Final[tuple[tuple[re.Pattern[str], Taker], ...]] = tuple(
    (re.compile(pattern), taker)
    for pattern, taker in (
        (HALF_AN_HOUR_PATTERN, lambda _match, parts: replace(parts, duration=HALF_AN_HOUR)),
        (DURATION_PATTERN, lambda match, parts: replace(parts, duration=duration_of(match))),
        (r"\b(?:i\s+)?overmorgen\b|\b(?:the\s+)?day\s+after\s+tomorrow\b", _offset(2)),
        (r"\bi\s*morgen\b|\btomorrow\b", _offset(1)),
        (r"\bi\s*dag\b|\btoday\b", _offset(0)),
        (r"\bi\s*går\b|\byesterday\b", _offset(-1)),  # read only to be refused as past
        (
            r"\bi\s+(?:aften|eftermiddag)\b|\btonight\b|\bthis\s+(?:evening|afternoon)\b",
            _offset(0, "pm"),
        ),
        (r"\bi\s+formiddag\b|\bthis\s+morning\b", _offset(0, "am")),
        (r"\b(?:om\s+)?(?:eftermiddag(?:en)?|aften(?:en)?)\b", _half_day("pm")),
        (r"\b(?:in\s+the\s+)?(?:afternoon|evening)\b", _half_day("pm")),
        (r"\b(?:om\s+)?(?:morgenen|formiddag(?:en)?|natten)\b|\btidlig\b", _half_day("am")),
        (r"\b(?:in\s+the\s+)?morning\b", _half_day("am")),
        (r"\b(?:i\s+)?(?:næste|naeste)\s+uge\b|\bnext\s+week\b", _week("next")),
        (r"\b(?:i\s+)?denne\s+uge\b|\bthis\s+week\b", _week("this")),
        (
            r"\b(?:(?:i|in)\s+)?(?:uge|week)\s+(?P<w>\d{1,2})\b(?:\s*,?\s*(?P<y>\d{4})\b)?",
            _week_number,
        ),
        (
            rf"\b(?:på\s+|on\s+|(?:næste|naeste|next|kommende|coming|this|denne)\s+)?"
            rf"(?P<wd>(?:{_WEEKDAY})\.?)(?![\w])",
            _weekday,
        ),
        (
            rf"{_START}(?P<d>\d{{1,2}}){_ORDINAL}\.?\s*(?:of\s+)?(?P<m>{_MONTH})\b\.?"
            rf"(?:\s*,?\s*(?P<y>\d{{4}})\b)?",
            _named_date,
        ),
        (
            rf"\b(?P<m>{_MONTH})\b\.?\s*(?P<d>\d{{1,2}}){_ORDINAL}\b(?:\s*,?\s*(?P<y>\d{{4}})\b)?",
            _named_date,
        ),
        (rf"{_START}(?P<y>\d{{4}})-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}}){_END}", _numeric_date),
        (
            rf"{_START}(?P<d>\d{{1,2}})[/.-](?P<m>\d{{1,2}})(?:[/.-](?P<y>\d{{4}}|\d{{2}})"
            rf"|\s+(?P<y2>\d{{4}}))?{_END}",
            lambda m, p: (
                _numeric_date(m, p)
                if m.group("y2") is None
                else replace(_numeric_date(m, p), year=int(m.group("y2")))
            ),
        ),
    )
)
_FILLER: Final = re.compile(r"\b(?:på|den|d|on|at|the|of|i|kl|og|and|ved|around|omkring)\b|[,\-]")


def take_day_parts(text: str) -> DayParts:
    """The day expressions in ``text`` (normalised, without its time of day)."""
    parts = DayParts()
    found: list[str] = []
    for pattern, taker in _TAKERS:
        while (match := pattern.search(text)) is not None:
            parts = taker(match, parts)
            found.append(match.group(0))
            text = f"{text[: match.start()]} {text[match.end() :]}"
    rest = " ".join(_FILLER.sub(" ", text).split())
    return replace(parts, rest=rest, found=tuple(found))
