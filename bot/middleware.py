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

from bot.replies import LANGUAGE_KEY, ORGANISATION_LANGUAGE_KEY, Replies
from domain.loggable import loggable
from domain.privacy import redact_cpr
from storage.turns import (
    MAX_LOCALE,
    MAX_NAME,
    MAX_TYPE,
    SeenConversation,
    SeenTurn,
    SeenUser,
    TurnRecorder,
)

log = logging.getLogger(__name__)


def tenant_of(activity: Activity) -> str | None:
    """Teams sends ``conversation.tenantId`` (the SDK's model reads ``tenantID``) and
    ``channelData.tenant.id``; the HTTP endpoint has already checked that they agree."""
    conversation = activity.conversation
    if conversation is not None:
        extra = getattr(conversation, "additional_properties", None) or {}
        tenant_id = conversation.tenant_id or extra.get("tenantId")
        if tenant_id:
            return str(tenant_id)
    channel_data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    tenant = channel_data.get("tenant")
    return str(tenant["id"]) if isinstance(tenant, dict) and tenant.get("id") else None


def _delivery_key(activity: Activity) -> str | None:
    if not activity.id or activity.conversation is None:
        return None
    raw = f"{activity.channel_id}|{activity.conversation.id}|{activity.id}"
    return hashlib.sha256(raw.encode()).hexdigest()


def _clean(text: str | None, limit: int) -> str | None:
    """A name or label as it may be stored: CPR-like numbers removed, cut to ``limit``."""
    return None if text is None else redact_cpr(text).text[:limit]


def _reference_json(activity: Activity) -> str:
    """The conversation reference with every display name cleaned; ids stay exact for replies."""
    reference = TurnContext.get_conversation_reference(activity)
    for account in (reference.user, reference.bot, reference.conversation):
        if account is not None and account.name:
            account.name = _clean(account.name, MAX_NAME)
    return json.dumps(reference.serialize(), sort_keys=True)


def seen_turn(activity: Activity) -> SeenTurn:
    """What the recorder stores of a turn. It runs before RedactCprMiddleware (a re-delivery is
    dropped first), so every user-controlled text is cleaned and bounded here."""
    sender = activity.from_property
    user = None
    if sender is not None and sender.id and activity.type != ActivityTypes.typing:
        user = SeenUser(
            teams_user_id=sender.id,
            aad_object_id=getattr(sender, "aad_object_id", None),
            name=_clean(sender.name, MAX_NAME) or "",
            tenant_id=tenant_of(activity),
            locale=_clean(activity.locale, MAX_LOCALE),
        )
    conversation = None
    if activity.conversation is not None and activity.service_url:
        conversation = SeenConversation(
            conversation_id=activity.conversation.id,
            conversation_type=_clean(activity.conversation.conversation_type, MAX_TYPE)
            or "personal",
            tenant_id=tenant_of(activity),
            service_url=activity.service_url,
            reference_json=_reference_json(activity),
        )
    return SeenTurn(delivery_key=_delivery_key(activity), user=user, conversation=conversation)


class RecordTurnMiddleware(Middleware):
    def __init__(self, recorder: TurnRecorder) -> None:
        self._recorder = recorder

    async def on_turn(self, context: TurnContext, logic: Callable[[], Awaitable[None]]) -> None:
        seen = seen_turn(context.activity)
        recorded = await self._recorder.record(seen)
        if not recorded.is_new:
            log.info("dropped re-delivered activity %s", loggable(context.activity.id))
            return
        # Read with the turn, for Replies.texts.
        context.turn_state[LANGUAGE_KEY] = recorded.language
        context.turn_state[ORGANISATION_LANGUAGE_KEY] = recorded.organisation_language
        await logic()  # a turn that raises is not marked, so its re-delivery runs again
        if seen.delivery_key is not None:
            await self._recorder.mark_handled(seen.delivery_key)


def _redact_value(value: Any) -> tuple[Any, int]:
    """Strings anywhere in JSON-like data, keys included, with CPR-like numbers removed."""
    if isinstance(value, str):
        redaction = redact_cpr(value)
        return redaction.text, redaction.found
    if isinstance(value, dict):
        found = 0
        cleaned: dict[Any, Any] = {}
        for key, item in value.items():
            clean_key, in_key = _redact_value(key)
            cleaned[clean_key], in_item = _redact_value(item)
            found += in_key + in_item
        return cleaned, found
    if isinstance(value, list):
        items = [_redact_value(item) for item in value]
        return [item for item, _ in items], sum(count for _, count in items)
    return value, 0


def _redact_names(activity: Activity) -> None:
    """Display names, conversation titles and Teams' team and channel names: cleaned silently,
    they are not the user's message. Ids stay exact: replies depend on them."""
    for account in (activity.from_property, activity.recipient, activity.conversation):
        if account is not None and isinstance(account.name, str):
            account.name = redact_cpr(account.name).text
    channel_data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    for part in ("team", "channel"):
        named = channel_data.get(part)
        if isinstance(named, dict) and isinstance(named.get("name"), str):
            named["name"] = redact_cpr(named["name"]).text


class RedactCprMiddleware(Middleware):
    """Removes CPR-like numbers from typed text, card submits and invokes (values, keys, verbs)
    and from names before anything reads them, and tells the user why a typed one went.
    Nothing downstream (dialogs, storage, logs) ever sees the number."""

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
        _redact_names(activity)
        if found:
            log.info("removed %d CPR-like number(s) from activity %s", found, loggable(activity.id))
            await self._replies.text(context, "common.cpr_removed")
        await logic()
