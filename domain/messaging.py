"""What the bot sends and where, independent of any chat SDK.

A message is addressed to a person (their personal chat), a channel (a new thread), a thread (a
reply), or a conversation the bot is in (a group chat). A card that should later be updated for
everyone who sees it carries a ``card_key``: every copy sent under that key is updated together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .identity import PersonRef

MAX_KEY_LENGTH = 200


@dataclass(frozen=True)
class ToPerson:
    """The person's one-to-one chat with the bot (created if the bot never chatted with them)."""

    person: PersonRef


@dataclass(frozen=True)
class ToChannel:
    """A new thread in a team channel."""

    tenant_id: str
    team_id: str
    channel_id: str


@dataclass(frozen=True)
class ToConversation:
    """A conversation the bot is already in: a group chat, a channel thread, a personal chat."""

    tenant_id: str
    conversation_id: str


@dataclass(frozen=True)
class UpdateCopies:
    """Every copy sent earlier under ``card_key``, in every chat and tenant."""

    card_key: str


Address = ToPerson | ToChannel | ToConversation | UpdateCopies


@dataclass(frozen=True)
class Content:
    """Text, an Adaptive Card, or both (the text is then the notification summary)."""

    text: str | None = None
    card: dict[str, Any] | None = None
    attachments: tuple[dict[str, Any], ...] = field(default=())

    def __post_init__(self) -> None:
        if self.text is None and self.card is None and not self.attachments:
            raise ValueError("a message needs text, a card or an attachment")


@dataclass(frozen=True)
class TellOnFailure:
    """Who hears, in a short notice of their own, when a message is finally not delivered
    (given up, or dropped because its recipient cannot be reached). ``about`` names what the
    message was, for the notice's wording (``delivery.about.<about>``)."""

    sender: PersonRef
    about: str = "message"

    def __post_init__(self) -> None:
        plain = self.about.replace("_", "")
        if not (0 < len(self.about) <= 40 and plain.isascii() and plain.isalnum()):
            raise ValueError("'about' is a short key of letters, digits and underscores")


def checked_key(key: str) -> str:
    if not key or len(key) > MAX_KEY_LENGTH:
        raise ValueError(f"a message key must have 1 to {MAX_KEY_LENGTH} characters")
    return key
