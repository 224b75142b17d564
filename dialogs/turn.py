"""One turn as a capability sees it: who acts, where, in which language, and what they typed.

Built once per turn by ``bot/`` from the Teams activity; nothing in ``dialogs/`` sees the SDK.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from cards.texts import Texts
from domain.identity import PersonRef

ConversationKind = Literal["personal", "groupChat", "channel"]
SHARED: Final = frozenset({"groupChat", "channel"})


@dataclass(frozen=True)
class Where:
    """The conversation the turn came from."""

    conversation_id: str
    kind: ConversationKind = "personal"
    tenant_id: str | None = None
    team_id: str | None = None
    channel_id: str | None = None

    @property
    def is_shared(self) -> bool:
        return self.kind in SHARED


@dataclass(frozen=True)
class Turn:
    """The person acting (``actor`` is None when Teams sent no Entra object id or tenant),
    their bot-specific Teams id (only for matching a card to the person it was sent to), the name
    Teams shows for them (CPR-redacted, cut), the conversation and the reader's language."""

    actor: PersonRef | None
    teams_user_id: str
    name: str
    where: Where
    texts: Texts
    upn: str | None = None
    text: str = ""  # what was typed, the bot's @mention removed
    mentioned: tuple[str, ...] = ()  # Teams ids of the people @mentioned, in order
    automatic: bool = False  # Teams asked for a user-specific view by itself (``refresh``)

    @property
    def language(self) -> str:
        return self.texts.language

    @property
    def tenant_id(self) -> str | None:
        return self.actor.tenant_id if self.actor is not None else self.where.tenant_id
