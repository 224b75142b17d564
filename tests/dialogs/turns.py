"""Turns as ``bot/`` builds them, for dialog tests on fakes."""

from __future__ import annotations

from cards.texts import Texts
from dialogs.turn import ConversationKind, Turn, Where
from domain.identity import PersonRef

ANNE = PersonRef("tenant-region", "aad-anne")
BO = PersonRef("tenant-region", "aad-bo")
CLARA = PersonRef("tenant-kommune", "aad-clara")


def turn(
    actor: PersonRef | None = ANNE,
    *,
    text: str = "",
    language: str = "da",
    kind: ConversationKind = "personal",
    conversation_id: str | None = None,
    name: str | None = None,
    teams_user_id: str | None = None,
    automatic: bool = False,
) -> Turn:
    who = actor.aad_object_id if actor is not None else "nobody"
    return Turn(
        actor=actor,
        teams_user_id=teams_user_id or f"29:{who}",
        name=name if name is not None else who.removeprefix("aad-").title(),
        where=Where(
            conversation_id or f"{kind}:{who}",
            kind,
            actor.tenant_id if actor is not None else None,
        ),
        texts=Texts(language),
        text=text,
        automatic=automatic,
    )
