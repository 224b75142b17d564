"""Replies in a turn that name a case are remembered as copies of that case's cards.

The outbox records every message it sends (``sent_copies``); a reply in the user's own turn (the
"case created" card, a case card shown on a click, a list of one's courses) goes straight back
to Teams. ``CaseReplies.sent`` (the adapter's ``on_sent``) lists each such reply under
``course:<reference>:reply`` for every case it names, so when the case is deleted after its
retention period the reply is turned into the neutral "deleted" card like every other copy. An
``adaptiveCard/action`` answer replaces the clicked message, so that message is the copy.
"""

from __future__ import annotations

import logging
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.schema import Activity, ActivityTypes, ResourceResponse
from sqlalchemy import select
from sqlmodel import Session, col

from domain.clock import Clock
from storage.audit import CASE_REFERENCE
from storage.db import Database
from storage.models import CaseRecord
from storage.reach import Reach, SentCopy

from .middleware import tenant_of

log = logging.getLogger(__name__)


def reply_key(reference: str) -> str:
    return f"course:{reference}:reply"


def _shown(activity: Activity) -> str:
    """Everything an outgoing activity shows, as one text to look for case references in."""
    parts: list[Any] = [activity.text, activity.summary]
    parts += [attachment.content for attachment in activity.attachments or []]
    if activity.type == ActivityTypes.invoke_response:
        parts.append(getattr(activity.value, "body", activity.value))
    return " ".join(str(part) for part in parts if part)


class CaseReplies:
    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock

    async def sent(
        self,
        context: TurnContext,
        activities: list[Activity],
        responses: list[ResourceResponse],
    ) -> None:
        found: set[tuple[str, str]] = set()
        for activity, response in zip(activities, responses or [], strict=False):
            if activity.type == ActivityTypes.invoke_response:
                message_id = context.activity.reply_to_id
            else:
                message_id = getattr(response, "id", None)
            if message_id:
                found |= {(message_id, r) for r in CASE_REFERENCE.findall(_shown(activity))}
        if found:
            try:
                await self._record(context, sorted(found))
            except Exception:  # the reply went out; a failed note of it must not fail the turn
                log.exception("could not remember a reply naming a case")

    async def _record(self, context: TurnContext, found: list[tuple[str, str]]) -> None:
        incoming = context.activity
        if incoming.conversation is None or not incoming.service_url:
            return
        conversation_id = incoming.conversation.id
        tenant_id = tenant_of(incoming) or ""
        service_url = incoming.service_url
        now = self._clock.now()

        def record(session: Session) -> None:
            known = set(
                session.scalars(
                    select(col(CaseRecord.reference)).where(
                        col(CaseRecord.reference).in_({r for _, r in found})
                    )
                )
            )
            reach = Reach(session)
            for message_id, reference in found:
                if reference in known:
                    copy = SentCopy(tenant_id, conversation_id, message_id, service_url)
                    reach.record_copy(reply_key(reference), copy, now)

        await self._db.run(record)
