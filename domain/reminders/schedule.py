"""When a reminder fires: once ("i morgen kl 9") or by a weekly rule ("hver mandag kl 9").

The same reading serves a new reminder and a changed time ("skift tidspunkt"), so both accept
exactly the same texts and refuse them with the same ``TimeNotUnderstood`` codes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from domain.timeparse import Recurrence, parse_recurrence, parse_time

_REPEAT: Final = re.compile(r"^\s*(?:hver|hvert|alle|dagligt|every|each|daily)\b", re.IGNORECASE)


@dataclass(frozen=True)
class When:
    """The first time a reminder fires and, for a repeat, its rule."""

    first: datetime
    recurrence: Recurrence | None = None


def parse_when(text: str, now: datetime, language: str = "da") -> When:
    """'i morgen kl 9' → once; 'hver mandag kl 9' → Mondays, the first one after ``now``."""
    if _REPEAT.match(text):
        recurrence = parse_recurrence(text, language)
        return When(recurrence.next_after(now), recurrence)
    return When(parse_time(text, now, language).start, None)


def following(recurrence: Recurrence, due: datetime, now: datetime) -> datetime:
    """The occurrence after the one ``due``: the rule's next time after both ``due`` and ``now``,
    so a bot that was stopped for a week queues the next one, not every one it missed."""
    return recurrence.next_after(max(due, now))
