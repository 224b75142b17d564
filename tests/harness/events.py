"""The activities Teams posts to the bot on behalf of a user, built from the world's model."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

from .model import BOT_ID, BOT_NAME, Channel, GroupChat, Place, Team, User

_ids = itertools.count(1)
TIMEZONE = "Europe/Copenhagen"


def new_activity_id() -> str:
    return f"1{next(_ids):012d}"


def conversation_of(place: Place, thread: str | None = None) -> dict[str, Any]:
    if isinstance(place, User):
        return {
            "id": place.personal_chat,
            "conversationType": "personal",
            "tenantId": place.tenant.id,
        }
    if isinstance(place, GroupChat):
        return {
            "id": place.id,
            "conversationType": "groupChat",
            "isGroup": True,
            "tenantId": place.tenant.id,
        }
    conversation_id = f"{place.id};messageid={thread}" if thread else place.id
    return {
        "id": conversation_id,
        "conversationType": "channel",
        "isGroup": True,
        "tenantId": place.team.tenant.id,
    }


def channel_data(place: Place, tenant_id: str) -> dict[str, Any]:
    data: dict[str, Any] = {"tenant": {"id": tenant_id}}
    if isinstance(place, Channel):
        data.update(
            {
                "teamsChannelId": place.id,
                "teamsTeamId": place.team.id,
                "channel": {"id": place.id, "name": place.name},
                "team": place.team.info(),
            }
        )
    return data


def activity(
    activity_type: str,
    *,
    user: User,
    place: Place,
    service_url: str,
    thread: str | None = None,
    now: datetime | None = None,
    **fields: Any,
) -> dict[str, Any]:
    conversation = conversation_of(place, thread)
    when = (now or datetime.now(UTC)).astimezone(UTC)
    return {
        "type": activity_type,
        "id": new_activity_id(),
        "timestamp": when.isoformat().replace("+00:00", "Z"),
        "localTimezone": TIMEZONE,
        "channelId": "msteams",
        "serviceUrl": service_url,
        "from": user.account(),
        "conversation": conversation,
        "recipient": {"id": BOT_ID, "name": BOT_NAME},
        "locale": user.locale,
        "entities": [
            {
                "type": "clientInfo",
                "locale": user.locale,
                "country": "DK",
                "platform": "Web",
                "timezone": TIMEZONE,
            }
        ],
        "channelData": channel_data(place, conversation["tenantId"]),
        **fields,
    }


def mention_bot(text: str) -> dict[str, Any]:
    return {
        "text": f"<at>{BOT_NAME}</at> {text}",
        "entities": [
            {
                "type": "mention",
                "text": f"<at>{BOT_NAME}</at>",
                "mentioned": {"id": BOT_ID, "name": BOT_NAME},
            }
        ],
    }


def team_event(
    event_type: str,
    team: Team,
    *,
    by: User,
    service_url: str,
    channel: Channel | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """A conversationUpdate in a team: ``teamMemberAdded``, ``channelCreated`` and the rest."""
    event = activity(
        "conversationUpdate", user=by, place=team.general, service_url=service_url, **fields
    )
    data = event["channelData"]
    data.pop("channel")
    data.pop("teamsChannelId")
    data["eventType"] = event_type
    if channel is not None:
        data["channel"] = {"id": channel.id, "name": channel.name}
    return event
