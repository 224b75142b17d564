"""Find and remove CPR numbers (Danish personal ids) in free text before anything is stored.

A CPR-like number is ``DDMMYY-NNNN``: a plausible day (01–31) and month (01–12), two year digits
and four digits, not part of a longer run of digits. The date parts may be split by one repeated
separator (``01.01.90``, ``01 01 90``, ``01/01/90``, ``01-01-90``, ``01_01_90``); the four digits
may follow directly or after one separator with optional spaces around it (``010190 - 1234``).
No checksum is tested: since 2007 CPR numbers need not satisfy one, and a false alarm costs less
than a leak.

Matching runs on a normalised copy of the text (``domain.unicode_fold``): any Unicode decimal
digit counts as its ASCII digit, every dash-like character as ``-``, every space (tab, newline,
no-break space) as a space; invisible characters, HTML tags and URL-encoding are seen through.
The replacement is made in the original text, so everything around a number stays as typed.

Each number is replaced by the marker ``[CPR]``. It is language-neutral on purpose: redacted text
may be shown to Danish and English users alike, and the bot explains the removal in their language
(text ``common.cpr_removed``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from .unicode_fold import fold

CPR_MARKER: Final = "[CPR]"

_DAY = r"(?:0[1-9]|[12][0-9]|3[01])"
_MONTH = r"(?:0[1-9]|1[0-2])"
_DATE_SEPARATOR = r"[-./_ ]"
_LAST_SEPARATOR = r"(?: {0,3}[-./_+] {0,3}| {1,3})?"
_CPR_PATTERN: Final = re.compile(
    rf"(?<![0-9])(?P<day>{_DAY})(?:(?P<sep>{_DATE_SEPARATOR})(?P<month_s>{_MONTH})(?P=sep)"
    rf"|(?P<month>{_MONTH}))(?P<year>[0-9]{{2}}){_LAST_SEPARATOR}(?P<serial>[0-9]{{4}})(?![0-9])"
)
# Ten digits are the least a CPR number needs; texts with fewer (most of them) skip the folding.
_DIGITS: Final = re.compile(r"\d|%3\d", re.IGNORECASE)


@dataclass(frozen=True)
class Redaction:
    """The text with every CPR-like number replaced by ``CPR_MARKER``, and how many were found."""

    text: str
    found: int


def _spans(text: str) -> list[tuple[int, int, str]]:
    """Each CPR-like number as (start, end) in ``text`` and its ten ASCII digits."""
    if sum(1 for _ in zip(range(10), _DIGITS.finditer(text), strict=False)) < 10:
        return []
    folded = fold(text)
    spans = []
    for match in _CPR_PATTERN.finditer(folded.text):
        start, end = folded.origin(match.start(), match.end())
        month = match["month"] or match["month_s"]
        spans.append((start, end, f"{match['day']}{month}{match['year']}{match['serial']}"))
    return spans


def redact_cpr(text: str) -> Redaction:
    spans = _spans(text)
    if not spans:
        return Redaction(text, 0)
    parts, position = [], 0
    for start, end, _digits in spans:
        parts += [text[position:start], CPR_MARKER]
        position = end
    parts.append(text[position:])
    return Redaction("".join(parts), len(spans))


def contains_cpr(text: str) -> bool:
    return bool(_spans(text))


def cpr_like_numbers(text: str) -> list[str]:
    """The ten digits of each CPR-like number in ``text``: for checks that nothing leaked."""
    return [digits for _start, _end, digits in _spans(text)]
