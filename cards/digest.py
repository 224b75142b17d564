"""One card that carries several due messages for one person (a morning digest)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .common import Element, adaptive_card, heading, text
from .texts import Texts


def _section(index: int, card: dict[str, Any] | None, summary: str | None) -> list[Element]:
    items: list[Element] = []
    if card is not None:
        items += list(card.get("body") or [])
        actions = card.get("actions") or []
        if actions:
            items.append({"type": "ActionSet", "actions": list(actions)})
    elif summary:
        items.append(text(summary))
    return [{"type": "Container", "separator": index > 0, "spacing": "Large", "items": items}]


def digest_card(texts: Texts, parts: Sequence[tuple[dict[str, Any] | None, str | None]]) -> Element:
    """``parts`` are (card, text) pairs; each becomes a section with its own buttons."""
    body: list[Element] = [
        heading(texts("delivery.digest_title", count=len(parts))),
        text(texts("delivery.digest_intro"), subtle=True),
    ]
    for index, (card, summary) in enumerate(parts):
        body += _section(index, card, summary)
    return adaptive_card(body)
