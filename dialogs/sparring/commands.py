"""Sparring card submits parsed into small typed commands; anything else is refused."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from cards.sparring import MAX_QUESTION, SECTORS
from domain.sparring import Urgency

from ..actions import CardAction

_REFERENCE: Final = re.compile(r"[\w./-]{1,20}")
_ID: Final = re.compile(r"[A-Za-z0-9_-]{1,40}")


class InvalidCommand(ValueError):
    pass


@dataclass(frozen=True)
class AskQuestion:
    question: str
    case_reference: str | None
    sectors: tuple[str, ...]
    urgency: Urgency
    organisation_id: str | None
    screening_id: str | None


@dataclass(frozen=True)
class OnThread:
    thread_id: int


@dataclass(frozen=True)
class WriteOnThread:
    thread_id: int
    text: str


@dataclass(frozen=True)
class ProposeLevel:
    thread_id: int
    level: int
    text: str


def _text(action: CardAction, key: str, *, limit: int = 64) -> str:
    value = action.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > limit:
        raise InvalidCommand(key)
    return value.strip()


def _optional_id(action: CardAction, key: str) -> str | None:
    value = _text(action, key)
    if value and not _ID.fullmatch(value):
        raise InvalidCommand(key)
    return value or None


def ask_question(action: CardAction) -> AskQuestion:
    reference = _text(action, "case_reference", limit=40)
    if reference and not _REFERENCE.fullmatch(reference):
        raise InvalidCommand("case_reference")
    sectors = tuple(s for s in _text(action, "sectors").split(",") if s)
    if any(s not in SECTORS for s in sectors):
        raise InvalidCommand("sectors")
    try:
        urgency = Urgency(_text(action, "urgency") or Urgency.NORMAL.value)
    except ValueError:
        raise InvalidCommand("urgency") from None
    return AskQuestion(
        _text(action, "question", limit=MAX_QUESTION),
        reference or None,
        tuple(dict.fromkeys(sectors)),
        urgency,
        _optional_id(action, "organisation"),
        _optional_id(action, "screening_id"),
    )


def on_thread(action: CardAction) -> OnThread:
    value = action.get("thread")
    if isinstance(value, str) and value.isdigit() and len(value) <= 12:
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 < value < 2**31:
        raise InvalidCommand("thread")
    return OnThread(value)


def write_on_thread(action: CardAction) -> WriteOnThread:
    return WriteOnThread(on_thread(action).thread_id, _text(action, "text", limit=MAX_QUESTION))


def propose_level(action: CardAction) -> ProposeLevel:
    level = action.get("level")
    if level not in (2, 3, "2", "3"):
        raise InvalidCommand("level")
    written = write_on_thread(action)
    return ProposeLevel(written.thread_id, int(level), written.text)
