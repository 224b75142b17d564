"""Telling a sender that their message was not delivered.

A message may name a sender to tell (``TellOnFailure``). When it finally fails, or is dropped
because its recipient cannot be reached, the sender gets one short notice: queued in the same
transaction as the outcome, in their language, under a dedupe key of its own (one notice per
message, also when the message is queued again and fails again), and never itself followed by a
notice, so nothing loops.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlmodel import Session

from domain.messaging import Content, ToPerson
from storage.outbox import ClaimedMessage, Outbox, OutgoingMessage, derived_key
from storage.preferences import Preferences
from storage.reach import BLOCKED_CODES, NO_SHARED_TEAM, REQUEUE_WITHIN, Reach

from .connector import DeliveryFailure

Why = Literal["not_installed", "blocked", "rejected", "failed"]


@dataclass(frozen=True)
class NotDelivered:
    """What a failure notice says: which message (``about``), to whom, and why."""

    about: str
    recipient: str  # the recipient's name; "" for a chat or channel, or if unknown
    why: Why
    kept_for_days: int  # a message to someone not reachable yet is sent if they are within it


NoticeBuilder = Callable[[str, NotDelivered], Content]


def why_of(failure: DeliveryFailure) -> Why:
    if failure.kind not in ("unreachable", "gone"):
        return "failed"
    if failure.reason == NO_SHARED_TEAM:
        return "not_installed"
    return "blocked" if failure.reason in BLOCKED_CODES else "rejected"


def tell_senders(
    session: Session,
    parts: Sequence[ClaimedMessage],
    why: Why,
    now: datetime,
    build: NoticeBuilder,
) -> int:
    """One notice per message that asked for it, to its sender; returns how many."""
    told = 0
    for part in parts:
        tell = part.tell_on_failure
        if tell is None:
            continue
        address = part.address
        name = Reach(session).display_name(address.person) if isinstance(address, ToPerson) else ""
        language = Preferences(session).language_for(tell.sender)
        notice = build(language, NotDelivered(tell.about, name, why, REQUEUE_WITHIN.days))
        told += Outbox(session).enqueue(
            OutgoingMessage(
                derived_key("not-delivered", str(part.id)),
                ToPerson(tell.sender),
                notice,
                now,
                language=language,
            ),
            now=now,
        )
    return told
