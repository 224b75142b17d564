"""Find and remove CPR numbers (Danish personal ids) in free text before anything is stored.

A CPR number is ten digits ``DDMMYYNNNN`` whose first six are a date. How the digits are written
does not matter: matching runs on a folded copy of the text (``domain.unicode_fold``) in which
every character that shows as a digit is its ASCII digit (``1️⃣``, ``¹``, Arabic digits, an underlined
``1``), and invisible characters, HTML tags and URL-encoding are seen through. In that copy the
digits are cut into *chains*: digits with at most a few characters between two of them, none a
letter (``MAX_GAP``). No list of separators is kept: ``DDMMYY-NNNN``, ``DD.MM-YY - NNNN``,
``DDMM YY·NNNN`` and ``D D M M Y Y N N N N`` are all one chain of ten digits.

In a chain, ten digits are a CPR-like number when

* they start and end where the chain has a gap or ends (``DDMMYY-NNNNN`` is not one),
* their first six are a real date ``DDMMYY`` (29 February when ``YY`` may be a leap year),
* no more than ``MAX_SPREAD`` characters lie between their digits,
* and they are not shaped like what ordinary texts are full of. The last four digits are written
  together, digit by digit, or as two pairs when every gap in the number is the same
  (``01 01 90 12 34``): this keeps out a date and a time (``05.12.25 10:00``, ``15.12.2026 14``)
  and lists of pairs such as phone numbers (``20 12 34 56, 28 11 22 33``). And a number does not
  start with the month of a date written just before it (``01.12-05.12.2026``).

Numbers that overlap (``0 1 0 1 9 0 1 2 3 4`` preceded by more single digits) are removed
together, so no part of a number stays. No checksum is tested: since 2007 CPR numbers need not
satisfy one, and a false alarm costs less than a leak. The rate of false alarms on ordinary Danish
text is measured by ``tests/domain/test_privacy_false_positives.py`` and
``bench/cpr_false_positives.py``. Everything is linear in the length of the text.

The replacement is made in the original text, so everything around a number stays as typed. Each
number is replaced by the marker ``[CPR]``. It is language-neutral on purpose: redacted text may
be shown to Danish and English users alike, and the bot explains the removal in their language
(text ``common.cpr_removed``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate
from typing import Final, NamedTuple

from .unicode_fold import Folded, fold

CPR_MARKER: Final = "[CPR]"
CPR_DIGITS: Final = 10
MAX_GAP: Final = 4  # characters between two digits of one chain, a run of spaces counting once
MAX_GAP_TYPED: Final = 8  # the same, every space counted
MAX_SPREAD: Final = 16  # characters between the digits of one number, a run of spaces once

_GROUP: Final = re.compile(r"[0-9]+")
# Runs of digits with short gaps that hold no letter or digit ([\W_] is neither). Possessive:
# nothing to backtrack into, so a long run costs what its length does.
_CANDIDATE: Final = re.compile(rf"[0-9]++(?:[\W_]{{1,{MAX_GAP_TYPED}}}+[0-9]++)*+")
_SPACES: Final = re.compile(r" +")
_DAYS_IN_MONTH: Final = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@dataclass(frozen=True)
class Redaction:
    """The text with every CPR-like number replaced by ``CPR_MARKER``, and how many were found."""

    text: str
    found: int


class _Group(NamedTuple):
    """Digits written together in the folded text, and the gap before them in their chain."""

    start: int
    end: int
    gap: str  # the characters between this group and the one before ("" for a chain's first)
    weight: int  # the gap's length, a run of spaces counting once


@dataclass(frozen=True)
class _Number:
    start: int  # in the folded text
    end: int
    digits: str


def _weight(gap: str) -> int | None:
    """The weight of the characters between two digits, or None if they separate two chains."""
    weight = len(_SPACES.sub(" ", gap))
    return weight if weight <= MAX_GAP else None


def _chains(folded: str) -> Iterator[list[_Group]]:
    """Each chain of ten digits or more. A pattern finds the candidates (digits with at most
    ``MAX_GAP_TYPED`` characters but no letter between them), Python cuts them at heavier gaps."""
    for candidate in _CANDIDATE.finditer(folded):
        if sum(map(str.isdigit, candidate.group())) < CPR_DIGITS:
            continue
        chain: list[_Group] = []
        for match in _GROUP.finditer(folded, candidate.start(), candidate.end()):
            gap = folded[chain[-1].end : match.start()] if chain else ""
            weight = _weight(gap) if chain else None
            if weight is None:
                if len(chain) > 0:
                    yield chain
                chain, gap, weight = [], "", 0
            chain.append(_Group(match.start(), match.end(), gap, weight))
        yield chain


def _is_date(digits: str) -> bool:
    day, month, year = int(digits[:2]), int(digits[2:4]), int(digits[4:6])
    if not 1 <= month <= 12:
        return False
    last = _DAYS_IN_MONTH[month - 1] - (month == 2 and year % 4 != 0)
    return 1 <= day <= last


def _is_written_as_a_number(cuts: set[int], groups: list[_Group]) -> bool:
    """Whether ten digits in these groups, cut at these places, may be a CPR number rather than
    a date and a time (``05.12.25 10:00``, ``15.12.2026 14``) or a list of pairs
    (``20 12 34 56, 28 11``)."""
    in_last_four = cuts & {7, 8, 9}
    if not in_last_four or in_last_four == {7, 8, 9}:
        return 6 in cuts or not in_last_four  # else a four-digit year: ``2026 14``
    evenly = len({group.gap for group in groups[1:]}) == 1  # ``01 01 90 12 34``
    return in_last_four == {8} and 6 in cuts and evenly


def _splits_a_date(before: _Group | None, groups: list[_Group]) -> bool:
    """Whether the number would start with the month of a date written before it: in
    ``01.12-05.12.2026`` the ten digits ``12-05.12.2026`` are not a number."""
    if before is None or before.end - before.start > 2 or groups[0].end - groups[0].start != 2:
        return False
    return any(group.gap == groups[0].gap for group in groups[1:])


def _numbers_in(chain: list[_Group], folded: str) -> Iterator[_Number]:
    """Every ten digits of the chain that start and end at a gap and are written as a number."""
    digits = "".join(folded[group.start : group.end] for group in chain)
    offsets = list(accumulate((group.end - group.start for group in chain), initial=0))
    spread = list(accumulate((group.weight for group in chain), initial=0))
    end = 0  # the window is chain[first:end], its digits digits[offsets[first]:offsets[end]]
    for first in range(len(chain)):
        start = offsets[first]
        end = max(end, first + 1)
        while end < len(chain) and offsets[end] - start < CPR_DIGITS:
            end += 1
        number = digits[start : start + CPR_DIGITS]
        if (
            offsets[end] - start != CPR_DIGITS
            or number[0] not in "0123"  # a day's first digit
            or not _is_date(number)
            or spread[end] - spread[first + 1] > MAX_SPREAD
        ):
            continue
        window = chain[first:end]
        cuts = {offsets[index] - start for index in range(first + 1, end)}
        if _is_written_as_a_number(cuts, window) and not (
            _splits_a_date(chain[first - 1] if first else None, window)
        ):
            yield _Number(window[0].start, window[-1].end, number)


def _may_hold_digits(text: str) -> int:
    """At least the number of digits ``text`` folds to: every character that folds to a digit is
    numeric (a test checks all of Unicode), or is part of a character reference or URL-encoding.
    Text with fewer than ten (most) skips the folding."""
    return sum(map(str.isnumeric, text)) + text.count("&") + text.count("%")


def _numbers(text: str) -> tuple[Folded, list[_Number]] | None:
    if _may_hold_digits(text) < CPR_DIGITS:
        return None
    folded = fold(text)
    numbers = [
        number for chain in _chains(folded.text) for number in _numbers_in(chain, folded.text)
    ]
    return (folded, numbers) if numbers else None


def _marks_after(text: str, end: int) -> int:
    """``end`` moved past the combining marks that belong to the last digit (a keycap's)."""
    while end < len(text) and unicodedata.category(text[end]).startswith("M"):
        end += 1
    return end


def _spans(text: str) -> list[tuple[int, int, int]]:
    """Each place to replace as (start, end) in ``text`` and how many numbers it holds: numbers
    that overlap are one place, counted as the most of them that do not overlap."""
    found = _numbers(text)
    if found is None:
        return []
    folded, numbers = found
    spans: list[tuple[int, int, int]] = []
    counted_until = -1  # the end of the last number counted, in the folded text
    for number in numbers:  # in order of start, and of end
        start, end = folded.origin(number.start, number.end)
        counts = int(number.start >= counted_until)
        if counts:
            counted_until = number.end
        if spans and start < spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end), spans[-1][2] + counts)
        else:
            spans.append((start, end, counts))
    return [(start, _marks_after(text, end), count) for start, end, count in spans]


def redact_cpr(text: str) -> Redaction:
    spans = _spans(text)
    if not spans:
        return Redaction(text, 0)
    parts, position = [], 0
    for start, end, _count in spans:
        parts += [text[position:start], CPR_MARKER]
        position = end
    parts.append(text[position:])
    return Redaction("".join(parts), sum(count for _start, _end, count in spans))


def contains_cpr(text: str) -> bool:
    return _numbers(text) is not None


def cpr_like_numbers(text: str) -> list[str]:
    """The ten digits of each CPR-like number in ``text``: for checks that nothing leaked."""
    found = _numbers(text)
    return [] if found is None else [number.digits for number in found[1]]


_ID_SHAPE: Final = re.compile(r"(?=[^A-Za-z]*[A-Za-z])[A-Za-z0-9:_\-]{1,200}")


def is_id_shaped(value: str) -> bool:
    """An id of the bot's or of Teams' (random hex, ``29:…``, ``KI-2026-0001``): letters, digits,
    ``:``, ``_`` and ``-`` with at least one letter. By chance one random hex id in a few dozen
    holds ten digits that read as a date and four more; where only an id belongs, such a value is
    an id, not a CPR number. A number alone (digits, dashes, spaces) is not id-shaped."""
    return _ID_SHAPE.fullmatch(value) is not None
