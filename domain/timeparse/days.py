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

from .errors import TimeNotUnderstood
from .words import NUMBER_WORDS, alternation, months, number, weekdays

Unit = Literal["minutes", "days", "months"]
HalfDay = Literal["am", "pm"]


@dataclass(frozen=True)
class Duration:
    amount: int
    unit: Unit  # minutes are exact instants; days and months keep the wall-clock time


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


_NUMBER: Final = rf"(?:\d+|{alternation(NUMBER_WORDS)})"
_UNITS: Final[dict[str, tuple[int, Unit]]] = {
    "minut": (1, "minutes"),
    "minutter": (1, "minutes"),
    "min": (1, "minutes"),
    "minute": (1, "minutes"),
    "minutes": (1, "minutes"),
    "mins": (1, "minutes"),
    "kvarter": (15, "minutes"),
    "time": (60, "minutes"),
    "timer": (60, "minutes"),
    "hour": (60, "minutes"),
    "hours": (60, "minutes"),
    "dag": (1, "days"),
    "dage": (1, "days"),
    "døgn": (1, "days"),
    "day": (1, "days"),
    "days": (1, "days"),
    "uge": (7, "days"),
    "uger": (7, "days"),
    "week": (7, "days"),
    "weeks": (7, "days"),
    "fortnight": (14, "days"),
    "måned": (1, "months"),
    "måneder": (1, "months"),
    "maaned": (1, "months"),
    "maaneder": (1, "months"),
    "month": (1, "months"),
    "months": (1, "months"),
}
_HALVES: Final = {"en halv": (1, 2), "et halvt": (1, 2), "half a": (1, 2), "halvanden": (3, 2)}
_WEEKDAY: Final = alternation(weekdays())
_MONTH: Final = alternation(months())
_ORDINAL: Final = r"(?:st|nd|rd|th)?"
_START: Final = r"(?<![\w./:-])"
_END: Final = r"\.?(?![\w/:]|[.-]\d)"


def _duration(match: re.Match[str], parts: DayParts) -> DayParts:
    size, unit = _UNITS[match.group("unit")]
    count = match.group("n")
    if count in _HALVES:
        numerator, denominator = _HALVES[count]
        if unit != "minutes" or (size * numerator) % denominator:
            raise TimeNotUnderstood("not_understood")
        return replace(parts, duration=Duration(size * numerator // denominator, unit))
    return replace(parts, duration=Duration(size * number(count), unit))


def _in_half_an_hour(_match: re.Match[str], parts: DayParts) -> DayParts:
    return replace(parts, duration=Duration(30, "minutes"))


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
    return _date(match.group("d"), month, match.group("y"), parts)


Taker = Callable[[re.Match[str], DayParts], DayParts]

# Tried in order, each as often as it matches; "i morgen" must go before "morgenen".
_TAKERS: Final[tuple[tuple[re.Pattern[str], Taker], ...]] = tuple(
    (re.compile(pattern), taker)
    for pattern, taker in (
        (r"\bin\s+(?:half\s+an|a\s+half)\s+hour\b", _in_half_an_hour),
        (
            rf"\b(?:om|in)\s+(?P<n>en\s+halv|et\s+halvt|halvanden|half\s+a|{_NUMBER})\s*"
            rf"(?P<unit>{alternation({u: 0 for u in _UNITS})})\b",
            _duration,
        ),
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
