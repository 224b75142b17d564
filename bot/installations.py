"""Keeps track of where the bot lives: teams and their channels and members, group chats, and
people who installed it personally. Fed by Teams' conversationUpdate and installationUpdate
events; the roster and channel list are read from the Bot Connector when the bot is added."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from botbuilder.schema import Activity

from domain.clock import Clock
from domain.identity import PersonRef
from domain.loggable import loggable
from domain.privacy import redact_cpr
from storage.db import Database
from storage.reach import Channel, Installation, Member, Reach

from .connector import Connector, DeliveryFailure

log = logging.getLogger(__name__)


def _name(value: Any, limit: int = 300) -> str:
    """A name Teams sent (a member's, a team's, a channel's), as it may be kept: no CPR number."""
    return redact_cpr(str(value or "")).text[:limit]


def _channel_data(activity: Activity) -> dict[str, Any]:
    return activity.channel_data if isinstance(activity.channel_data, dict) else {}


def _tenant(activity: Activity) -> str:
    if activity.conversation is not None and activity.conversation.tenant_id:
        return str(activity.conversation.tenant_id).lower()
    tenant = _channel_data(activity).get("tenant")
    return str(tenant.get("id", "")).lower() if isinstance(tenant, dict) else ""


def _accounts(raw: Any) -> list[dict[str, Any]]:
    accounts = []
    for account in raw or []:
        data = account.serialize() if hasattr(account, "serialize") else account
        if isinstance(data, dict):
            accounts.append(data)
    return accounts


def _member(data: dict[str, Any]) -> Member | None:
    aad = data.get("aadObjectId") or data.get("objectId")
    teams_id = data.get("id")
    if not isinstance(aad, str) or not aad or not isinstance(teams_id, str) or not teams_id:
        return None
    upn = data.get("userPrincipalName") or data.get("email")
    return Member(
        aad_object_id=aad.lower()[:64],
        teams_user_id=teams_id[:400],
        name=_name(data.get("name")),
        upn=str(upn)[:320] if isinstance(upn, str) else None,
    )


@dataclass(frozen=True)
class _Where:
    """The installation an event is about: a team (by team id) or a group chat."""

    conversation_id: str
    kind: str
    name: str


def _where(activity: Activity) -> _Where | None:
    data = _channel_data(activity)
    team = data.get("team")
    if isinstance(team, dict) and isinstance(team.get("id"), str):
        return _Where(team["id"], "team", _name(team.get("name")))
    conversation = activity.conversation
    if conversation is not None and conversation.conversation_type == "groupChat":
        return _Where(str(conversation.id), "groupChat", _name(conversation.name))
    return None


class InstallationTracker:
    def __init__(self, database: Database, connector: Connector, clock: Clock) -> None:
        self._db = database
        self._connector = connector
        self._clock = clock

    async def on_conversation_update(self, activity: Activity) -> None:
        bot_id = activity.recipient.id if activity.recipient is not None else ""
        added = _accounts(activity.members_added)
        removed = _accounts(activity.members_removed)
        where = _where(activity)
        if any(a.get("id") == bot_id for a in added):
            await self.installed(activity)
        elif any(a.get("id") == bot_id for a in removed):
            await self.uninstalled(activity)
        elif where is not None:
            await self._on_change(activity, where, added, removed)

    async def installed(self, activity: Activity) -> None:
        where = _where(activity)
        tenant = _tenant(activity)
        if where is None:
            sender = activity.from_property
            aad = getattr(sender, "aad_object_id", None) if sender is not None else None
            if aad and tenant:
                person = PersonRef(tenant, aad)
                await self._db.run(lambda s: Reach(s).clear_unreachable(person))
            return
        service_url = str(activity.service_url)
        bot_id = activity.recipient.id if activity.recipient is not None else ""
        installation = Installation(
            where.conversation_id, where.kind, tenant, where.name, service_url, bot_id
        )
        now = self._clock.now()
        installation_id = await self._db.run(lambda s: Reach(s).install(installation, now))
        log.info("installed in %s %s", where.kind, loggable(where.conversation_id))
        await self._read_roster(installation_id, installation)

    async def uninstalled(self, activity: Activity) -> None:
        where = _where(activity)
        if where is None:
            return
        now = self._clock.now()
        await self._db.run(lambda s: Reach(s).uninstall(where.conversation_id, now))
        log.info("removed from %s %s", where.kind, loggable(where.conversation_id))

    async def _on_change(
        self,
        activity: Activity,
        where: _Where,
        added: list[dict[str, Any]],
        removed: list[dict[str, Any]],
    ) -> None:
        data = _channel_data(activity)
        event = data.get("eventType")
        channel = data.get("channel") if isinstance(data.get("channel"), dict) else None
        tenant = _tenant(activity)
        new_members = [m for m in (_member(a) for a in added) if m is not None]
        gone = [str(a["aadObjectId"]) for a in removed if isinstance(a.get("aadObjectId"), str)]
        now = self._clock.now()

        def apply(session: Any) -> None:
            reach = Reach(session)
            installation_id = reach.installation_id(where.conversation_id)
            if installation_id is None:
                return
            reach.upsert_members(installation_id, tenant, new_members)
            reach.remove_members(installation_id, gone)
            if channel is not None and isinstance(channel.get("id"), str):
                if event in ("channelCreated", "channelRenamed", "channelRestored"):
                    reach.upsert_channels(
                        installation_id, [Channel(channel["id"], _name(channel.get("name")))]
                    )
                elif event == "channelDeleted":
                    reach.remove_channel(installation_id, channel["id"])
            if event == "teamRenamed":
                reach.install(
                    Installation(
                        where.conversation_id,
                        where.kind,
                        tenant,
                        where.name,
                        str(activity.service_url),
                        activity.recipient.id if activity.recipient is not None else "",
                    ),
                    now,
                )

        await self._db.run(apply)

    async def _read_roster(self, installation_id: int, installation: Installation) -> None:
        """Best effort: an installation without a roster still works for posting to it."""
        try:
            members = await self._connector.members(
                installation.service_url, installation.conversation_id
            )
            channels: list[dict[str, Any]] = []
            if installation.kind == "team":
                channels = await self._connector.channels(
                    installation.service_url, installation.conversation_id
                )
        except DeliveryFailure as failure:
            log.warning(
                "could not read the roster of %s: %s",
                loggable(installation.conversation_id),
                failure.reason,
            )
            return
        roster = [m for m in (_member(data) for data in members) if m is not None]
        channel_list = [
            Channel(
                str(c["id"]),
                _name(
                    c.get("name") or ("General" if c["id"] == installation.conversation_id else "")
                ),
            )
            for c in channels
            if isinstance(c.get("id"), str)
        ]
        if installation.kind == "team" and not any(
            c.channel_id == installation.conversation_id for c in channel_list
        ):
            channel_list.append(Channel(installation.conversation_id, "General"))

        def store(session: Any) -> None:
            reach = Reach(session)
            reach.upsert_members(installation_id, installation.tenant_id, roster)
            reach.upsert_channels(installation_id, channel_list)

        await self._db.run(store)
