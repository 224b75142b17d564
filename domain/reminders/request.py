"""Reminder requests: "påmind mig <tid> om <hvad>", "remind me <time> to <what>", "påmind os …".

"om" is both a time word ("om 10 minutter") and the start of the text ("om at ringe til
lægen"), so the text is split at every connector word and the time part is tried with the parser:
the longest time part that parses wins ("fra kl 9 til 10 om mødet" keeps its range). A colon
also ends the time ("påmind mig i morgen kl 9: mødet"). The text may
also come first: "påmind mig om at ringe til lægen i morgen kl 9".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Final, Literal

from domain.timeparse import Recurrence, TimeNotUnderstood

from .schedule import parse_when

Audience = Literal["me", "us"]

_PREFIX: Final = re.compile(
    r"^\s*(?:(?:på)?mind|remind)\s+(?P<who>mig|os|me|us)\b[\s:,]*", re.IGNORECASE
)
_CONNECTOR: Final = re.compile(r"\b(?:om|to|about|that)\b|:(?!\d)", re.IGNORECASE)
_LEADING_CONNECTOR: Final = re.compile(r"^(?:om|to|about|that)\s+", re.IGNORECASE)
_LEADING_AT: Final = re.compile(r"^at\s+", re.IGNORECASE)
_WORD_START: Final = re.compile(r"(?<=\s)\S")


@dataclass(frozen=True)
class ReminderRequest:
    """Who is reminded, of what, first when, and the repeat rule if it repeats."""

    audience: Audience
    what: str
    first: datetime
    recurrence: Recurrence | None = None


def _clean_what(text: str) -> str:
    return _LEADING_AT.sub("", text.strip(" \t:,.")).strip()


def _time_first(body: str) -> Iterator[tuple[str, str]]:
    """(time part, text part) at each connector, the longest time part first."""
    for match in reversed(list(_CONNECTOR.finditer(body))):
        yield body[: match.start()], body[match.end() :]


def _text_first(body: str) -> Iterator[tuple[str, str]]:
    """(time part, text part) when the text comes first: "om at ringe … i morgen kl 9"."""
    lead = _LEADING_CONNECTOR.match(body)
    if lead is None:
        return
    for match in _WORD_START.finditer(body, lead.end()):
        yield body[match.start() :], body[lead.end() : match.start()]


def parse_reminder_request(text: str, now: datetime, language: str = "da") -> ReminderRequest:
    """Read a reminder request; ``TimeNotUnderstood`` says why one cannot be made.

    Codes beyond the time codes: ``not_a_reminder`` (no "påmind mig/os", "remind me/us") and
    ``no_reminder_text`` (a time but nothing to be reminded of).
    """
    prefix = _PREFIX.match(text)
    if prefix is None:
        raise TimeNotUnderstood("not_a_reminder")
    audience: Audience = "me" if prefix.group("who").lower() in ("mig", "me") else "us"
    body = " ".join(text[prefix.end() :].split())
    errors: list[TimeNotUnderstood] = []
    for candidates in (_time_first(body), _text_first(body)):
        for time_text, what_text in candidates:
            if not time_text.strip():
                continue
            try:
                when = parse_when(time_text, now, language)
            except TimeNotUnderstood as error:
                errors.append(error)
                continue
            what = _clean_what(what_text)
            if not what:
                raise TimeNotUnderstood("no_reminder_text")
            return ReminderRequest(audience, what, when.first, when.recurrence)
    try:
        parse_when(body, now, language)
    except TimeNotUnderstood as error:
        errors.insert(0, error)
    else:
        raise TimeNotUnderstood("no_reminder_text")
    specific = [error for error in errors if error.code != "not_understood"]
    raise specific[0] if specific else TimeNotUnderstood("not_understood")
