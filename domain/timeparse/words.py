"""The words for weekdays, months and small numbers in Danish and English.

Month and weekday names come from the CLDR data in Babel (wide and abbreviated forms, without
dots); a few spellings people type without the Danish letters are added.
"""

from __future__ import annotations

from functools import cache
from typing import Final

from babel.dates import get_day_names, get_month_names

LANGUAGES: Final = ("da", "en")

_EXTRA_WEEKDAYS: Final = {
    "tirs": 1,
    "tors": 3,
    "lordag": 5,
    "loerdag": 5,
    "sondag": 6,
    "soendag": 6,
    "tues": 1,
    "thur": 3,
    "thurs": 3,
}
_EXTRA_MONTHS: Final = {"sept": 9}

NUMBER_WORDS: Final = {
    "en": 1,
    "et": 1,
    "én": 1,
    "ét": 1,
    "a": 1,
    "an": 1,
    "one": 1,
    "to": 2,
    "two": 2,
    "tre": 3,
    "three": 3,
    "fire": 4,
    "four": 4,
    "fem": 5,
    "five": 5,
    "seks": 6,
    "six": 6,
    "syv": 7,
    "seven": 7,
    "otte": 8,
    "eight": 8,
    "ni": 9,
    "nine": 9,
    "ti": 10,
    "ten": 10,
    "elleve": 11,
    "eleven": 11,
    "tolv": 12,
    "twelve": 12,
}


def _clean(name: str) -> str:
    return name.lower().rstrip(".")


@cache
def weekdays() -> dict[str, int]:
    """Every weekday name and abbreviation (lower case, no dot) → 0 (Monday) … 6 (Sunday)."""
    names: dict[str, int] = dict(_EXTRA_WEEKDAYS)
    for language in LANGUAGES:
        for width in ("wide", "abbreviated"):
            for number, name in get_day_names(width, locale=language).items():
                names[_clean(name)] = int(number)
    return names


@cache
def months() -> dict[str, int]:
    """Every month name and abbreviation (lower case, no dot) → 1 … 12."""
    names: dict[str, int] = dict(_EXTRA_MONTHS)
    for language in LANGUAGES:
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=language).items():
                names[_clean(name)] = int(number)
    return names


def alternation(names: dict[str, int]) -> str:
    """A regex alternation of the names, longest first so 'tirsdag' wins over 'tirs'."""
    return "|".join(sorted(names, key=len, reverse=True))


def number(word: str) -> int:
    """A number written with digits or as a small number word."""
    return int(word) if word.isdigit() else NUMBER_WORDS[word]
