"""The one result of every handler: what the person who acted sees in their own turn.

``bot/`` turns it into Teams' answer. For a click (``Action.Execute``) ``card`` replaces the clicked
card for the clicker and ``text`` is the short message Teams shows on it; for a typed command
(or an old client's ``Action.Submit``) both are posted in the conversation. ``posts`` are new
messages in the conversation in either case (a new card to fill in, say). Everything other people
see (their own chats, every copy of a shared card) goes through the outbox in the handler's unit
of work, never through a reply.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

Card = dict[str, Any]
Post = Card | str


@dataclass(frozen=True)
class Reply:
    card: Card | None = None
    text: str | None = None
    posts: tuple[Post, ...] = ()
    # The card only makes sense as a replacement of the clicked one (an answered state): a
    # client that cannot replace it gets nothing rather than a second copy.
    in_place_only: bool = False
    # A refusal: the action was not done (not allowed, malformed, stale). Only for tests and logs;
    # the person reads ``text``.
    refused: bool = False

    def then(self, *posts: Post) -> Reply:
        """This reply with ``posts`` added after it."""
        return Reply(self.card, self.text, (*self.posts, *posts), self.in_place_only, self.refused)


NOTHING: Final = Reply()


def show(card: Card, *, in_place_only: bool = False) -> Reply:
    return Reply(card=card, in_place_only=in_place_only)


def say(text: str) -> Reply:
    return Reply(text=text)


def refuse(text: str) -> Reply:
    return Reply(text=text, refused=True)


def post(*posts: Post) -> Reply:
    return Reply(posts=posts)
