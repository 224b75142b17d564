"""What a parse returns: a moment (with an optional end) or a day (with an optional last day)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class ParsedTime:
    """A Copenhagen moment; ``end`` only when the text gave a range ("kl 9-10")."""

    start: datetime
    end: datetime | None = None


@dataclass(frozen=True)
class ParsedDate:
    """A day; ``end`` is the last day, inclusive, when the text gave a range or a week."""

    start: date
    end: date | None = None
