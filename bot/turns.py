"""The Teams activity as the capabilities see it: a ``dialogs.turn.Turn``. The one place that
reads who, where and which tenant from an activity."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from botbuilder.schema import Activity

from cards.texts import Texts
from dialogs.turn import ConversationKind, Turn, Where
from domain.identity import PersonRef
from domain.privacy import redact_cpr

MAX_NAME = 200
_KINDS: dict[str, ConversationKind] = {
    "personal": "personal",
    "groupChat": "groupChat",
    "channel": "channel",
}


def _channel_data(activity: Activity) -> Mapping[str, Any]:
    data = activity.channel_data
    return data if isinstance(data, Mapping) else {}


def tenant_of(activity: Activity) -> str | None:
    """The tenant, lower-cased. Teams sends ``conversation.tenantId`` (the SDK's model reads
    ``tenantID``, so it may sit in ``additional_properties``) and ``channelData.tenant.id``; the
    HTTP endpoint has already checked that they agree."""
    conversation = activity.conversation
    if conversation is not None:
        extra = getattr(conversation, "additional_properties", None) or {}
        tenant_id = conversation.tenant_id or extra.get("tenantId")
        if tenant_id:
            return str(tenant_id).lower()
    tenant = _channel_data(activity).get("tenant")
    if isinstance(tenant, Mapping) and tenant.get("id"):
        return str(tenant["id"]).lower()
    return None


def actor_of(activity: Activity) -> PersonRef | None:
    """The sender as tenant + Entra object id, never the bot-specific Teams id."""
    sender = activity.from_property
    object_id = getattr(sender, "aad_object_id", None) if sender is not None else None
    tenant = tenant_of(activity)
    if not object_id or not tenant:
        return None
    return PersonRef(tenant, str(object_id))


def name_of(activity: Activity) -> str:
    sender = activity.from_property
    raw = str(sender.name or "") if sender is not None else ""
    return redact_cpr(raw).text[:MAX_NAME]


def upn_of(activity: Activity) -> str | None:
    sender = activity.from_property
    extra = getattr(sender, "additional_properties", None) or {}
    upn = extra.get("userPrincipalName") or extra.get("email")
    return str(upn).lower()[:320] if isinstance(upn, str) and "@" in upn else None


def mentioned_ids(activity: Activity) -> tuple[str, ...]:
    """The Teams ids of the people @mentioned in the message, in order (the bot's own too)."""
    ids: list[str] = []
    for entity in activity.entities or []:
        mentioned = (entity.additional_properties or {}).get("mentioned")
        if (
            entity.type == "mention"
            and isinstance(mentioned, Mapping)
            and isinstance(mentioned.get("id"), str)
        ):
            ids.append(mentioned["id"])
    return tuple(ids)


def where_of(activity: Activity) -> Where:
    conversation = activity.conversation
    data = _channel_data(activity)
    team = data.get("team")
    channel = data.get("channel")
    kind = _KINDS.get(str(conversation.conversation_type or "")) if conversation else None
    return Where(
        conversation_id=str(conversation.id) if conversation is not None else "",
        kind=kind or "personal",
        tenant_id=tenant_of(activity),
        team_id=str(team["id"]) if isinstance(team, Mapping) and team.get("id") else None,
        channel_id=str(channel["id"])
        if isinstance(channel, Mapping) and channel.get("id")
        else None,
    )


def turn_of(activity: Activity, texts: Texts, *, automatic: bool = False) -> Turn:
    sender = activity.from_property
    bot_id = activity.recipient.id if activity.recipient is not None else None
    return Turn(
        actor=actor_of(activity),
        teams_user_id=str(sender.id) if sender is not None and sender.id else "",
        name=name_of(activity),
        where=where_of(activity),
        texts=texts,
        upn=upn_of(activity),
        text=activity.text.strip() if isinstance(activity.text, str) else "",
        mentioned=tuple(m for m in mentioned_ids(activity) if m != bot_id),
        automatic=automatic,
    )
