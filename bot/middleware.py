"""Turn middleware: commit the claimed turn (its delivery id and the answer to an invoke) once
the bot's logic succeeded, and remove CPR numbers before anything reads the turn. What the HTTP
endpoint records of a turn when it claims it (``seen_turn``) is built here too."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any, Final

from botbuilder.core import BotAdapter, InvokeResponse, Middleware, TurnContext
from botbuilder.schema import Activity, ActivityTypes

from bot.replies import LANGUAGE_KEY, ORGANISATION_LANGUAGE_KEY, Replies
from bot.search_invoke import is_search
from bot.turns import upn_of
from domain.loggable import loggable
from domain.privacy import is_id_shaped, redact_cpr
from storage.turns import (
    MAX_LOCALE,
    MAX_NAME,
    MAX_TYPE,
    InvokeAnswer,
    SeenConversation,
    SeenTurn,
    SeenUser,
    TurnRecorder,
    running_turn,
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
            upn=upn_of(activity),
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


def invoke_answer_of(context: TurnContext) -> InvokeAnswer | None:
    """What the turn answered to an invoke (None if it answered nothing)."""
    sent = context.turn_state.get(BotAdapter._INVOKE_RESPONSE_KEY)  # where the SDK keeps it
    response = getattr(sent, "value", None)
    if not isinstance(response, InvokeResponse) or response.status is None:
        return None
    body = response.body
    return InvokeAnswer(
        int(response.status), body.serialize() if hasattr(body, "serialize") else body
    )


class RecordTurnMiddleware(Middleware):
    """Commits the turn the HTTP endpoint claimed, after the bot's logic succeeded: a turn that
    raises is not committed, so its re-delivery runs again. Proactive turns claim nothing."""

    def __init__(self, recorder: TurnRecorder) -> None:
        self._recorder = recorder

    async def on_turn(self, context: TurnContext, logic: Callable[[], Awaitable[None]]) -> None:
        turn = running_turn()
        if turn is None:
            await logic()
            return
        # Read with the claim, for Replies.texts.
        context.turn_state[LANGUAGE_KEY] = turn.language
        context.turn_state[ORGANISATION_LANGUAGE_KEY] = turn.organisation_language
        try:
            await logic()
        except BaseException:
            turn.fail()  # the error handler's clean-up goes straight to the database
            raise
        if not await self._recorder.complete(turn, invoke_answer_of(context)):
            log.warning("a turn of activity %s outlived its lease", loggable(context.activity.id))


# The ids the bot itself puts in card data (random hex, Teams ids): by chance one in a few dozen
# holds ten digits that read as a date and four more, and redacting it broke the click. Such a
# value passes exactly as sent, only under these keys and only when it is id-shaped and holds a
# letter: a number typed or forged there alone (digits, dashes, spaces) is still removed.
ID_KEYS: Final = frozenset(
    {"screening_id", "card_id", "owner", "poll", "draft", "participant", "slot", "thread"}
)


def _is_bot_id(key: Any, value: Any) -> bool:
    return key in ID_KEYS and isinstance(value, str) and is_id_shaped(value)


def _redact_value(value: Any) -> tuple[Any, int]:
    """Strings anywhere in JSON-like data, keys included, with CPR-like numbers removed (the
    bot's own ids in card data excepted, see ``ID_KEYS``)."""
    if isinstance(value, str):
        redaction = redact_cpr(value)
        return redaction.text, redaction.found
    if isinstance(value, dict):
        found = 0
        cleaned: dict[Any, Any] = {}
        for key, item in value.items():
            clean_key, in_key = _redact_value(key)
            if _is_bot_id(key, item):
                cleaned[clean_key], in_item = item, 0
            else:
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
            if not is_search(activity):  # typed in a picker: searched without it, nothing said
                await self._replies.text(context, "common.cpr_removed")
        await logic()
