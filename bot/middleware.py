"""Turn middleware: remember who and where (for proactive messages), drop re-deliveries of turns
that completed, and show "typing" while a turn runs."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from botbuilder.core import Middleware, TurnContext
from botbuilder.schema import Activity, ActivityTypes

from dialogs.replies import Replies
from domain.privacy import redact_cpr
from storage.turns import SeenConversation, SeenTurn, SeenUser, TurnRecorder

log = logging.getLogger(__name__)


def tenant_of(activity: Activity) -> str | None:
    if activity.conversation is not None and activity.conversation.tenant_id:
        return str(activity.conversation.tenant_id)
    channel_data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    tenant = channel_data.get("tenant")
    return str(tenant["id"]) if isinstance(tenant, dict) and tenant.get("id") else None


def _delivery_key(activity: Activity) -> str | None:
    if not activity.id or activity.conversation is None:
        return None
    raw = f"{activity.channel_id}|{activity.conversation.id}|{activity.id}"
    return hashlib.sha256(raw.encode()).hexdigest()


def seen_turn(activity: Activity) -> SeenTurn:
    sender = activity.from_property
    user = None
    if sender is not None and sender.id and activity.type != ActivityTypes.typing:
        user = SeenUser(
            teams_user_id=sender.id,
            aad_object_id=getattr(sender, "aad_object_id", None),
            name=sender.name or "",
            tenant_id=tenant_of(activity),
            locale=activity.locale,
        )
    conversation = None
    if activity.conversation is not None and activity.service_url:
        reference = TurnContext.get_conversation_reference(activity)
        conversation = SeenConversation(
            conversation_id=activity.conversation.id,
            conversation_type=activity.conversation.conversation_type or "personal",
            tenant_id=tenant_of(activity),
            service_url=activity.service_url,
            reference_json=json.dumps(reference.serialize(), sort_keys=True),
        )
    return SeenTurn(delivery_key=_delivery_key(activity), user=user, conversation=conversation)


class RecordTurnMiddleware(Middleware):
    def __init__(self, recorder: TurnRecorder) -> None:
        self._recorder = recorder

    async def on_turn(self, context: TurnContext, logic: Callable[[], Awaitable[None]]) -> None:
        seen = seen_turn(context.activity)
        if not await self._recorder.record_turn(seen):
            log.info("dropped re-delivered activity %s", context.activity.id)
            return
        await logic()  # a turn that raises is not marked, so its re-delivery runs again
        if seen.delivery_key is not None:
            await self._recorder.mark_handled(seen.delivery_key)


def _redact_value(value: Any) -> tuple[Any, int]:
    if isinstance(value, str):
        redaction = redact_cpr(value)
        return redaction.text, redaction.found
    if isinstance(value, dict):
        found = 0
        cleaned: dict[Any, Any] = {}
        for key, item in value.items():
            cleaned[key], count = _redact_value(item)
            found += count
        return cleaned, found
    if isinstance(value, list):
        items = [_redact_value(item) for item in value]
        return [item for item, _ in items], sum(count for _, count in items)
    return value, 0


class RedactCprMiddleware(Middleware):
    """Removes CPR-like numbers from typed text and card submits before anything reads them,
    and tells the user why. Nothing downstream (dialogs, storage, logs) ever sees the number."""

    def __init__(self, replies: Replies) -> None:
        self._replies = replies

    async def on_turn(self, context: TurnContext, logic: Callable[[], Awaitable[None]]) -> None:
        activity = context.activity
        found = 0
        if activity.text:
            activity.text, found = _redact_value(activity.text)
        if activity.value is not None:
            activity.value, in_value = _redact_value(activity.value)
            found += in_value
        if found:
            log.info("removed %d CPR-like number(s) from activity %s", found, activity.id)
            await self._replies.text(context, "common.cpr_removed")
        await logic()
