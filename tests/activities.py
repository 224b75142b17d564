"""Factories for the activities Teams posts to the bot."""

from __future__ import annotations

import itertools
from typing import Any

BOT_ID = "28:ki-bot"
TENANT_ID = "8b6f4c3e-5d2a-4f1b-9c7e-2a1d3b4c5e6f"
_ids = itertools.count(1)


def _base(
    activity_type: str,
    *,
    service_url: str,
    user: str = "29:alice",
    user_name: str = "Alice Andersen",
    conversation: str = "a:personal-alice",
    conversation_type: str = "personal",
    locale: str = "da-DK",
    tenant: str = TENANT_ID,
    activity_id: str | None = None,
) -> dict[str, Any]:
    return {
        "type": activity_type,
        "id": activity_id or f"act-{next(_ids)}",
        "timestamp": "2026-11-23T09:00:00.000Z",
        "channelId": "msteams",
        "serviceUrl": service_url,
        "from": {"id": user, "name": user_name, "aadObjectId": f"aad-{user.split(':')[-1]}"},
        "conversation": {
            "id": conversation,
            "conversationType": conversation_type,
            "tenantId": tenant,
        },
        "recipient": {"id": BOT_ID, "name": "KI-bot"},
        "locale": locale,
        "channelData": {"tenant": {"id": tenant}},
    }


def message(text: str, *, mention_bot: bool = False, **kwargs: Any) -> dict[str, Any]:
    activity = _base("message", **kwargs)
    if mention_bot:
        activity["text"] = f"<at>KI-bot</at> {text}"
        activity["entities"] = [
            {
                "type": "mention",
                "text": "<at>KI-bot</at>",
                "mentioned": {"id": BOT_ID, "name": "KI-bot"},
            }
        ]
    else:
        activity["text"] = text
    return activity


def card_submit(data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """An Action.Submit: a message with the card's data in ``value`` and no text."""
    activity = _base("message", **kwargs)
    activity["value"] = data
    return activity


def card_invoke(verb: str, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """An Action.Execute: an ``adaptiveCard/action`` invoke."""
    activity = _base("invoke", **kwargs)
    activity["name"] = "adaptiveCard/action"
    activity["value"] = {"action": {"type": "Action.Execute", "verb": verb, "data": data}}
    return activity


def bot_installed(**kwargs: Any) -> dict[str, Any]:
    activity = _base("conversationUpdate", **kwargs)
    activity["membersAdded"] = [{"id": BOT_ID}]
    return activity
