"""Outbox keys as values: one builder and one parser, so no key is assembled by an f-string in one
place and recognised by a substring in another.

A key is a path of parts, written joined by ``:`` (``sparring:7:claimed:v3``). The outbox's dedupe
key names one logical message (queued at most once); a card key names every copy of one card (all
updated together). A key ``under`` another starts with all its parts, which is what withdrawing by
prefix relies on: ``outbox.cancel(key.prefix)`` withdraws every key under ``key`` and no other
(``sparring:7:`` is not a prefix of ``sparring:71:…``).

A part may hold any text: ``%`` and ``:`` inside a part are written as ``%25`` and ``%3A``, so
``parse(str(key)) == key`` always.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from .messaging import MAX_KEY_LENGTH

SEPARATOR: Final = ":"
_ESCAPE: Final = str.maketrans({"%": "%25", ":": "%3A"})


def _unescape(part: str) -> str:
    return part.replace("%3A", ":").replace("%25", "%")


@dataclass(frozen=True)
class MessageKey:
    parts: tuple[str, ...]

    def __post_init__(self) -> None:
        if not self.parts or any(not part for part in self.parts):
            raise ValueError("a message key needs parts, none of them empty")
        if len(str(self)) > MAX_KEY_LENGTH:
            raise ValueError(f"a message key has at most {MAX_KEY_LENGTH} characters: {self}")

    @classmethod
    def of(cls, *parts: str | int) -> MessageKey:
        return cls(tuple(str(part) for part in parts))

    @classmethod
    def parse(cls, text: str) -> MessageKey:
        """The key ``text`` was written from; ValueError for an empty part or key."""
        return cls(tuple(_unescape(part) for part in text.split(SEPARATOR)))

    def then(self, *parts: str | int) -> MessageKey:
        """A key under this one."""
        return MessageKey.of(*self.parts, *parts)

    def is_under(self, other: MessageKey) -> bool:
        return len(self.parts) > len(other.parts) and self.parts[: len(other.parts)] == other.parts

    @property
    def prefix(self) -> str:
        """The text every key under this one starts with, and no other key does."""
        return f"{self}{SEPARATOR}"

    def __str__(self) -> str:
        return SEPARATOR.join(part.translate(_ESCAPE) for part in self.parts)
