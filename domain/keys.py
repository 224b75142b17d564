"""A message key as a value: one builder, one parser, for every capability.

A key names one logical message so the outbox queues it once: the kind of subject, the subject's
id, and what the message is about, most general first:

    MessageKey.of("poll", poll_id, "nudge", "p2", "r1", 1)  →  "poll:<id>:nudge:p2:r1:1"

No part is empty or holds white space. ``%`` and ``:`` inside a part are written ``%25`` and
``%3A`` (a moment ``T09:00`` is one part), so ``parse`` gives back exactly what was built, and
"every key under this one" (``scope``) never reaches a sibling: ``…:nudge:p1:`` is not a prefix
of ``…:nudge:p10:…``. Tests read keys with ``parse`` instead of looking for substrings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from .messaging import MAX_KEY_LENGTH

SEPARATOR: Final = ":"
_PART: Final = re.compile(r"\S+")
_ESCAPE: Final = str.maketrans({"%": "%25", ":": "%3A"})


def _unescape(part: str) -> str:
    return part.replace("%3A", ":").replace("%25", "%")


def _checked(part: str | int) -> str:
    text = str(part)
    if not _PART.fullmatch(text):
        raise ValueError(f"a key part is non-empty and without white space: {text!r}")
    return text


@dataclass(frozen=True)
class MessageKey:
    kind: str  # "poll", "reminder", "case": the subject's kind
    subject: str  # its id
    about: tuple[str, ...] = ()  # what the message is about, most general first

    def __post_init__(self) -> None:
        for part in (self.kind, self.subject, *self.about):
            _checked(part)
        if len(str(self)) > MAX_KEY_LENGTH:
            raise ValueError(f"a message key has at most {MAX_KEY_LENGTH} characters")

    @classmethod
    def of(cls, kind: str, subject: str | int, *about: str | int) -> MessageKey:
        return cls(_checked(kind), _checked(subject), tuple(_checked(part) for part in about))

    @classmethod
    def parse(cls, text: str) -> MessageKey:
        """The key ``str(key)`` was made from; ``ValueError`` for anything else."""
        parts = [_unescape(part) for part in text.split(SEPARATOR)]
        if len(parts) < 2:
            raise ValueError(f"not a message key: {text[:40]!r}")
        return cls(parts[0], parts[1], tuple(parts[2:]))

    def then(self, *more: str | int) -> MessageKey:
        """A key under this one."""
        return MessageKey(self.kind, self.subject, (*self.about, *(_checked(p) for p in more)))

    @property
    def topic(self) -> str | None:
        """What the message is about in one word ("vote", "nudge"), if the key says."""
        return self.about[0] if self.about else None

    @property
    def scope(self) -> str:
        """The prefix of every key under this one (and of no other)."""
        return f"{self}{SEPARATOR}"

    @property
    def prefix(self) -> str:
        """The same as ``scope``: what ``outbox.cancel`` takes to withdraw every key under this."""
        return self.scope

    def is_within(self, other: MessageKey) -> bool:
        """This key is ``other`` or under it."""
        return self.parts[: len(other.parts)] == other.parts

    def is_under(self, other: MessageKey) -> bool:
        """This key is under ``other`` (and not ``other`` itself)."""
        return len(self.parts) > len(other.parts) and self.is_within(other)

    @property
    def parts(self) -> tuple[str, ...]:
        return (self.kind, self.subject, *self.about)

    def __str__(self) -> str:
        return SEPARATOR.join(part.translate(_ESCAPE) for part in self.parts)
