"""What each conversation shows: every activity in order, each with all its versions."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .model import User

ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"


def cards_of(activity: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        a["content"]
        for a in activity.get("attachments") or []
        if a.get("contentType") == ADAPTIVE_CARD and isinstance(a.get("content"), dict)
    ]


@dataclass(eq=False)
class Posted:
    """One message in a conversation; ``versions`` holds the original and every update."""

    id: str
    conversation_id: str
    versions: list[dict[str, Any]]
    from_bot: bool
    sender: User | None = None
    thread_id: str | None = None  # the root message's id, in a channel
    deleted: bool = False

    @property
    def activity(self) -> dict[str, Any]:
        return self.versions[-1]

    @property
    def type(self) -> str:
        return str(self.activity.get("type"))

    @property
    def text(self) -> str:
        return str(self.activity.get("text") or "")

    @property
    def cards(self) -> list[dict[str, Any]]:
        return cards_of(self.activity)

    @property
    def card(self) -> dict[str, Any]:
        [card] = self.cards
        return card

    def shows(self, words: str) -> bool:
        """Whether the text or a card of the latest version contains ``words``."""
        return words in self.text or words in json.dumps(self.cards, ensure_ascii=False)

    def __repr__(self) -> str:
        who = "bot" if self.from_bot else (self.sender.key if self.sender else "?")
        return f"Posted({self.id!r}, {who}, {self.text[:30]!r}, cards={len(self.cards)})"


@dataclass
class Thread:
    root: Posted
    replies: list[Posted]

    @property
    def messages(self) -> list[Posted]:
        return [self.root, *self.replies]


@dataclass(eq=False)
class Transcript:
    """One conversation as its members see it."""

    id: str
    kind: str = "personal"
    entries: list[Posted] = field(default_factory=list)
    # The card a clicker sees after an Action.Execute answered with a card only for them.
    views: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)

    def add(self, posted: Posted) -> Posted:
        self.entries.append(posted)
        return posted

    def find(self, activity_id: str) -> Posted | None:
        return next((p for p in self.entries if p.id == activity_id), None)

    @property
    def messages(self) -> list[Posted]:
        """What the bot posted and still shows (latest versions; typing and deleted left out)."""
        return [p for p in self.entries if p.from_bot and p.type != "typing" and not p.deleted]

    @property
    def said(self) -> list[Posted]:
        """What the people in the conversation wrote (or sent by a button)."""
        return [p for p in self.entries if not p.from_bot]

    @property
    def cards(self) -> list[dict[str, Any]]:
        return [card for p in self.messages for card in p.cards]

    def latest_card(self, containing: str | None = None) -> Posted:
        """The newest message with a card (containing the given words, if any)."""
        for posted in reversed(self.messages):
            if posted.cards and (containing is None or posted.shows(containing)):
                return posted
        raise LookupError(f"no card{f' showing {containing!r}' if containing else ''} in {self.id}")

    def card_seen_by(self, user: User, posted: Posted) -> dict[str, Any]:
        return self.views.get((user.key, posted.id)) or posted.card

    @property
    def threads(self) -> list[Thread]:
        roots = [p for p in self.entries if p.thread_id == p.id and not p.deleted]
        return [
            Thread(root, [p for p in self.entries if p.thread_id == root.id and p is not root])
            for root in roots
        ]
