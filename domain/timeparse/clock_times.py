"""Times of day: "kl 10", "kl. 14.30", "9:15", "halv elleve", "kvart i 12", "2pm", ranges.

``take_time_of_day`` finds the time of day in a normalised text and returns it with the rest of the
text, which should then hold only the day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time
from typing import Final

from .errors import TimeNotUnderstood
from .words import NUMBER_WORDS, number

_HOUR_WORDS: Final = "|".join(
    sorted((w for w, n in NUMBER_WORDS.items() if w not in ("a", "an")), key=len, reverse=True)
)
_HOUR: Final = rf"(?:\d{{1,2}}|{_HOUR_WORDS})"
_NUMERIC: Final = r"\d{1,2}(?:[.:]\d{2})?"
_AMPM: Final = r"\s*(?:am|pm|a\.m\.?|p\.m\.?)"
_SPOKEN: Final = (
    rf"(?:halv|kvart\s+over|kvart\s+i|(?:\d{{1,2}}|{_HOUR_WORDS})\s+(?:minutter\s+)?(?:over|i))"
    rf"\s+{_HOUR}"
)
_CLOCK: Final = rf"(?:{_SPOKEN}|{_NUMERIC}|{_HOUR})(?:{_AMPM})?"
_START: Final = r"(?<![\w./:-])"
_END: Final = r"(?![\w/:]|[.-]\d)"
_TO: Final = r"\s*(?:-|til|to|until|og|and)\s*(?:kl\s*)?"

# Tried in order; the first that matches wins. Group ``a`` is the start, ``b`` the end.
_PATTERNS: Final = tuple(
    re.compile(pattern)
    for pattern in (
        rf"\b(?:fra|from|mellem|between)\s+(?:kl\s*)?(?P<a>{_CLOCK}){_TO}(?P<b>{_CLOCK}){_END}",
        rf"\bkl\s*(?P<a>{_CLOCK})\s*(?:-|til|to)\s*(?:kl\s*)?(?P<b>{_CLOCK}){_END}",
        rf"(?:\bat\s+)?{_START}(?P<a>{_NUMERIC}(?:{_AMPM})?)\s*(?:-|to|until)\s*"
        rf"(?P<b>{_NUMERIC}{_AMPM}){_END}",
        rf"{_START}(?P<a>\d{{1,2}}:\d{{2}})\s*-\s*(?P<b>\d{{1,2}}:\d{{2}}){_END}",
        rf"\bkl\s*(?P<a>{_CLOCK}){_END}",
        rf"(?:\bat\s+)?{_START}(?P<a>{_NUMERIC}{_AMPM}){_END}",
        r"(?:\bat\s+)?\b(?P<a>noon|midday)\b",
        rf"(?:\bat\s+)?{_START}(?P<a>\d{{1,2}})\s*o'?\s?clock\b",
        rf"\b(?P<a>(?:halv|kvart\s+over|kvart\s+i)\s+{_HOUR}){_END}",
        rf"\bat\s+(?P<a>{_NUMERIC}){_END}",
        rf"{_START}(?P<a>\d{{1,2}}:\d{{2}}){_END}",
    )
)
_BARE_DOT_TIME: Final = re.compile(rf"{_START}(?P<a>\d{{1,2}}\.\d{{2}}){_END}")


@dataclass(frozen=True)
class TimeOfDay:
    start: time
    end: time | None = None
    explicit_half_day: bool = False  # "am"/"pm" was written: an afternoon word must not add 12


def _hour(word: str, low: int, high: int) -> int:
    value = number(word)
    if not low <= value <= high:
        raise TimeNotUnderstood("hour_out_of_range", hour=value)
    return value


def _spoken(fragment: str) -> time | None:
    """Danish spoken times: halv elleve = 10.30, kvart i 12 = 11.45, 10 over 9 = 9.10."""
    words = fragment.split()
    if words[0] == "halv":
        return time(_hour(words[-1], 1, 24) - 1, 30)
    if words[:2] == ["kvart", "over"]:
        return time(_hour(words[-1], 0, 23), 15)
    if words[:2] == ["kvart", "i"]:
        return time(_hour(words[-1], 1, 24) - 1, 45)
    if len(words) >= 3 and words[-2] in ("over", "i"):
        minutes = number(words[0])
        if not 1 <= minutes <= 29:
            raise TimeNotUnderstood("minute_out_of_range", minute=minutes)
        if words[-2] == "over":
            return time(_hour(words[-1], 0, 23), minutes)
        return time(_hour(words[-1], 1, 24) - 1, 60 - minutes)
    return None


def to_time(fragment: str) -> time:
    """One matched clock fragment as a time; hours and minutes out of range are refused."""
    fragment = fragment.strip()
    if fragment in ("noon", "midday"):
        return time(12, 0)
    half = re.search(r"(am|pm|a\.m\.?|p\.m\.?)$", fragment)
    fragment = fragment[: half.start()].strip() if half else fragment
    spoken = _spoken(fragment)
    if spoken is not None:
        return spoken
    hour_text, _, minute_text = fragment.replace(":", ".").partition(".")
    hour, minute = number(hour_text), int(minute_text or 0)
    if minute > 59:
        raise TimeNotUnderstood("minute_out_of_range", minute=minute)
    if half is None:
        if hour > 23:
            raise TimeNotUnderstood("hour_out_of_range", hour=hour)
        return time(hour, minute)
    if not 1 <= hour <= 12:
        raise TimeNotUnderstood("hour_out_of_range", hour=hour)
    return time(hour % 12 + (12 if half.group(1).startswith("p") else 0), minute)


def _range(a: str, b: str) -> TimeOfDay:
    end = to_time(b)
    suffix = re.search(r"(am|pm|a\.m\.?|p\.m\.?)$", b)
    if suffix and not re.search(r"[ap]\.?m\.?$", a):
        start = to_time(f"{a}{suffix.group(1)}")  # "2-3pm": the start shares the end's pm
        if start > end:
            start = to_time(f"{a}am")  # "11-1pm"
    else:
        start = to_time(a)
    if end <= start:
        raise TimeNotUnderstood("end_before_start")
    return TimeOfDay(start, end, explicit_half_day=suffix is not None)


def take_time_of_day(text: str) -> tuple[TimeOfDay | None, str]:
    """The time of day in ``text`` (normalised) and the text without it."""
    for pattern in _PATTERNS:
        match = pattern.search(text)
        if match is None:
            continue
        rest = f"{text[: match.start()]} {text[match.end() :]}".strip()
        groups = match.groupdict()
        if groups.get("b"):
            return _range(groups["a"], groups["b"]), rest
        explicit = re.search(r"[ap]\.?m\.?$", groups["a"]) is not None
        return TimeOfDay(to_time(groups["a"]), explicit_half_day=explicit), rest
    return None, text


def take_bare_dot_time(text: str) -> tuple[TimeOfDay | None, str]:
    """The last "14.30" in a text that names its day otherwise ("i morgen 14.30", "3/12 9.15")."""
    matches = list(_BARE_DOT_TIME.finditer(text))
    if not matches:
        return None, text
    match = matches[-1]
    rest = f"{text[: match.start()]} {text[match.end() :]}".strip()
    return TimeOfDay(to_time(match.group("a"))), rest
