"""What a card action handler returns; the router turns it into Teams' answer.

For an Action.Execute the answer is the ``adaptiveCard/action`` invoke response: a card that
replaces the clicked one for the clicker, or a short message. For an Action.Submit (older clients)
the clicked message is updated, or the message is sent. Updates that everyone should see go
through the outbox (``UpdateCopies``) in the handler's unit of work.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ShowCard:
    """Replace the clicked card, for the clicker, with ``card``.

    ``in_place_only``: the card only makes sense as a replacement (an answered state); a client
    that cannot replace the clicked card gets nothing rather than a second copy."""

    card: dict[str, Any]
    in_place_only: bool = False


@dataclass(frozen=True)
class ShowMessage:
    """Answer the click with a short message and leave the card as it was."""

    text: str


Outcome = ShowCard | ShowMessage
