"""Who sent a turn, as a PersonRef (tenant + Entra object id), never the bot-specific Teams id."""

from __future__ import annotations

from collections.abc import Mapping

from botbuilder.schema import Activity

from domain.identity import PersonRef


def _tenant(activity: Activity) -> str | None:
    conversation = activity.conversation
    if conversation is not None and getattr(conversation, "tenant_id", None):
        return str(conversation.tenant_id)
    data = activity.channel_data
    tenant = data.get("tenant") if isinstance(data, Mapping) else None
    return str(tenant["id"]) if isinstance(tenant, Mapping) and tenant.get("id") else None


def actor_of(activity: Activity) -> PersonRef | None:
    sender = activity.from_property
    object_id = getattr(sender, "aad_object_id", None) if sender else None
    tenant = _tenant(activity)
    if not object_id or not tenant:
        return None
    return PersonRef(tenant, object_id)


def name_of(activity: Activity) -> str:
    sender = activity.from_property
    return str(sender.name or "")[:200] if sender else ""
