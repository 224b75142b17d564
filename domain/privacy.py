"""Find and remove CPR numbers (Danish personal ids) in free text before anything is stored.

A CPR-like number is ``DDMMYY-NNNN``: a plausible day (01–31) and month (01–12), two year digits,
an optional separator (hyphen, en dash, non-breaking hyphen, space or non-breaking space) and four
digits, not part of a longer run of digits. No checksum is tested: since 2007 CPR numbers need not
satisfy one, and a false alarm costs less than a leak.

Each number is replaced by the marker ``[CPR]``. It is language-neutral on purpose: redacted text
may be shown to Danish and English users alike, and the bot explains the removal in their language
(text ``common.cpr_removed``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

CPR_MARKER: Final = "[CPR]"

_DAY = r"(?:0[1-9]|[12][0-9]|3[01])"
_MONTH = r"(?:0[1-9]|1[0-2])"
_SEPARATOR = "[-\u2010\u2011\u2013 \u00a0]?"
_CPR_PATTERN: Final = re.compile(
    rf"(?<![0-9]){_DAY}{_MONTH}[0-9]{{2}}{_SEPARATOR}[0-9]{{4}}(?![0-9])"
)


@dataclass(frozen=True)
class Redaction:
    """The text with every CPR-like number replaced by ``CPR_MARKER``, and how many were found."""

    text: str
    found: int


def redact_cpr(text: str) -> Redaction:
    redacted, found = _CPR_PATTERN.subn(CPR_MARKER, text)
    return Redaction(redacted, found)


def contains_cpr(text: str) -> bool:
    return _CPR_PATTERN.search(text) is not None
