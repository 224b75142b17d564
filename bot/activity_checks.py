"""Checks on an activity that parsed, so a malformed one is refused before any turn starts.

Sizes follow the columns that store them (storage/models.py) and what Teams sends: ids are
printable ASCII, a tenant is at most 64 characters, no text anywhere holds a lone surrogate.
"""

from __future__ import annotations

import json
import re
from typing import Any, Final

from botbuilder.schema import Activity, ChannelAccount

from .service_urls import BadServiceUrl, ServiceUrlPolicy

MAX_USER_ID: Final = 200  # users.teams_user_id
MAX_CONVERSATION_ID: Final = 400  # conversation_references.conversation_id
MAX_TENANT_ID: Final = 64  # tenant and Entra object ids (GUIDs), users.aad_object_id
MAX_OTHER_ID: Final = 256  # activity ids (hashed, not stored)
MAX_CHANNEL_ID: Final = 64  # part of bot_state keys
_ESCAPED_SURROGATE: Final = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


class Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _id(value: object, what: str, limit: int, *, required: bool = True) -> None:
    if value is None or value == "":
        if required:
            raise Refused(400, f"activity has no {what}")
        return
    if not isinstance(value, str) or len(value) > limit:
        raise Refused(400, f"{what} is not an id of at most {limit} characters")
    if not value.isascii() or not value.isprintable():
        raise Refused(400, f"{what} must be printable ASCII")


def _account(account: ChannelAccount | None, what: str) -> None:
    if account is None:
        raise Refused(400, f"activity has no {what}")
    _id(account.id, f"{what}.id", MAX_USER_ID)
    _id(account.aad_object_id, f"{what}.aadObjectId", MAX_TENANT_ID, required=False)


def has_lone_surrogate(raw: bytes, body: Any) -> bool:
    """JSON can escape half of a surrogate pair; such text cannot be stored or sent again."""
    if _ESCAPED_SURROGATE.search(raw) is None:
        return False
    try:
        json.dumps(body, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def settle_tenant(activity: Activity) -> None:
    """Teams sends ``conversation.tenantId``; the SDK's model only knows ``tenantID`` and keeps
    the other in ``additional_properties``. Move it where the SDK and ``tenant_of`` look, and
    refuse an activity whose conversation and channel data name different tenants."""
    conversation = activity.conversation
    extra = getattr(conversation, "additional_properties", None) or {}
    sent = conversation.tenant_id or extra.pop("tenantId", None)
    channel_data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    tenant = channel_data.get("tenant")
    from_channel_data = tenant.get("id") if isinstance(tenant, dict) else None
    for value in (sent, from_channel_data):
        _id(value, "tenant id", MAX_TENANT_ID, required=False)
    if sent and from_channel_data and str(sent).lower() != str(from_channel_data).lower():
        raise Refused(400, "conversation and channelData name different tenants")
    conversation.tenant_id = sent or from_channel_data or None


def check_activity(activity: Activity, service_urls: ServiceUrlPolicy) -> None:
    """Raise Refused (400, or 403 for a connector the bot may not reply to) if not valid."""
    _id(activity.channel_id, "channelId", MAX_CHANNEL_ID)
    _id(activity.id, "id", MAX_OTHER_ID, required=False)
    _id(activity.reply_to_id, "replyToId", MAX_OTHER_ID, required=False)
    if activity.conversation is None:
        raise Refused(400, "activity has no conversation")
    _id(activity.conversation.id, "conversation.id", MAX_CONVERSATION_ID)
    _account(activity.from_property, "from")
    _account(activity.recipient, "recipient")
    settle_tenant(activity)
    if not isinstance(activity.service_url, str) or not activity.service_url:
        raise Refused(400, "activity has no serviceUrl")
    try:
        allowed = service_urls.allows(activity.service_url)
    except BadServiceUrl as error:
        raise Refused(400, str(error)) from None
    if not allowed:
        raise Refused(403, "serviceUrl not allowed")
