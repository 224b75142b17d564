"""Every outbox key of a sparring thread, built here and read back by ``parse``; all start with
``sparring:<thread id>``.

card keys (every copy of the request card, updated together), one per reader's language:
    sparring:<id>                     the Danish copies (the key every copy had before cards were
                                      updated per language, so older copies keep updating)
    sparring:<id>:<language>          the copies in another language
dedupe keys (one logical message each; ``v<n>`` is the thread's version the message is about):
    sparring:<id>:copy:<pool>:v<n>:<reader>       the request posted to a reader ("pool": its place)
    sparring:<id>:update:v<n>:<language>          every copy in that language shows version n
    sparring:<id>:unclaimed:<pool>:v<n>:<reader>  "not claimed yet", withdrawn by a claim
    sparring:<id>:claimed:v<n> · forwarded:v<n> · declined:v<n> · closed:v<n>   to the other side
    sparring:<id>:message:<message id>            a relayed answer, follow-up or proposal
A notice that reaches a stand-in gets ``:via:<their object id>`` after its key (``delivery``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from domain.keys import MessageKey

ROOT: Final = "sparring"
DEFAULT_LANGUAGE: Final = "da"
POOL_PLACE: Final = "pool"  # the reader part of what goes to the pool's channel or chat


class Kind(StrEnum):
    CARD = "card"  # not written in a key: a card key has no kind part
    COPY = "copy"
    UPDATE = "update"
    UNCLAIMED = "unclaimed"
    CLAIMED = "claimed"
    FORWARDED = "forwarded"
    DECLINED = "declined"
    CLOSED = "closed"
    MESSAGE = "message"


NOTICES: Final = frozenset({Kind.CLAIMED, Kind.FORWARDED, Kind.DECLINED, Kind.CLOSED})


def _thread(thread_id: int) -> MessageKey:
    return MessageKey.of(ROOT, thread_id)


def _version(version: int) -> str:
    return f"v{version}"


def card(thread_id: int, language: str) -> MessageKey:
    base = _thread(thread_id)
    return base if language == DEFAULT_LANGUAGE else base.then(language)


def copy(thread_id: int, pool: str, version: int, reader: str) -> MessageKey:
    return _thread(thread_id).then(Kind.COPY, pool, _version(version), reader)


def update(thread_id: int, version: int, language: str) -> MessageKey:
    return _thread(thread_id).then(Kind.UPDATE, _version(version), language)


def unclaimed(thread_id: int, pool: str, version: int, reader: str) -> MessageKey:
    return _thread(thread_id).then(Kind.UNCLAIMED, pool, _version(version), reader)


def every_unclaimed(thread_id: int) -> MessageKey:
    """The key every "not claimed yet" reminder of the thread is under."""
    return _thread(thread_id).then(Kind.UNCLAIMED)


def notice(thread_id: int, kind: Kind, version: int) -> MessageKey:
    if kind not in NOTICES:
        raise ValueError(f"not a notice: {kind}")
    return _thread(thread_id).then(kind, _version(version))


def message(thread_id: int, message_id: int) -> MessageKey:
    return _thread(thread_id).then(Kind.MESSAGE, message_id)


@dataclass(frozen=True)
class SparringKey:
    """A key read back: its thread, what kind of message (or ``CARD``), and the rest of it."""

    thread_id: int
    kind: Kind
    version: int | None = None
    language: str | None = None
    pool: str | None = None
    reader: str | None = None
    message_id: int | None = None
    via: str | None = None


def _number(text: str, prefix: str = "") -> int:
    digits = text.removeprefix(prefix) if text.startswith(prefix) else ""
    if not digits.isascii() or not digits.isdigit():
        raise ValueError(f"not a number: {text!r}")
    return int(digits)


def parse(text: str) -> SparringKey:
    """The sparring key ``text`` is; ValueError for anything else."""
    parts = MessageKey.parse(text).parts
    if len(parts) < 2 or parts[0] != ROOT:
        raise ValueError(f"not a sparring key: {text!r}")
    thread_id = _number(parts[1])
    rest = list(parts[2:])
    via = None
    if len(rest) >= 2 and rest[-2] == "via":
        via, rest = rest[-1], rest[:-2]
    if len(rest) <= 1 and (not rest or rest[0] not in set(Kind)):
        return SparringKey(thread_id, Kind.CARD, language=rest[0] if rest else DEFAULT_LANGUAGE)
    kind, shape = Kind(rest[0]), rest[1:]
    match kind, shape:
        case ((Kind.COPY | Kind.UNCLAIMED), [pool, version, reader]):
            return SparringKey(
                thread_id, kind, _number(version, "v"), pool=pool, reader=reader, via=via
            )
        case Kind.UPDATE, [version, language]:
            return SparringKey(thread_id, kind, _number(version, "v"), language=language)
        case Kind.MESSAGE, [message_id]:
            return SparringKey(thread_id, kind, message_id=_number(message_id), via=via)
        case _, [version] if kind in NOTICES:
            return SparringKey(thread_id, kind, _number(version, "v"), via=via)
    raise ValueError(f"not a sparring key: {text!r}")
