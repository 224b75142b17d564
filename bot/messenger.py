"""The messenger: turns an addressed message into Bot Connector calls.

It finds where a person or place is reached (creating a person's one-to-one chat when the bot
shares a team with them), paces calls inside Teams' rate limits, and reports what was sent.
Dialogs never call it directly: they queue messages in the outbox, whose dispatcher calls this.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from domain.clock import Clock
from domain.identity import PersonRef
from domain.messaging import Content, ToChannel, ToConversation, ToPerson, UpdateCopies
from domain.pacing import Pacer
from storage.db import Database
from storage.outbox import ClaimedMessage
from storage.reach import Place, Reach, SentCopy

from .connector import Connector, DeliveryFailure

ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"


def activity_of(content: Content) -> dict[str, Any]:
    activity: dict[str, Any] = {"type": "message"}
    if content.text is not None:
        activity["text"] = content.text
    attachments = [dict(a) for a in content.attachments]
    if content.card is not None:
        attachments.insert(0, {"contentType": ADAPTIVE_CARD, "content": content.card})
        if content.text is not None:
            activity["summary"] = content.text[:200]
            del activity["text"]
    if attachments:
        activity["attachments"] = attachments
    return activity


@dataclass(frozen=True)
class Delivered:
    copies: tuple[SentCopy, ...]


class Messenger:
    def __init__(
        self,
        database: Database,
        connector: Connector,
        clock: Clock,
        *,
        pacer: Pacer | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._db = database
        self._connector = connector
        self._clock = clock
        self._pacer = pacer or Pacer()
        self._monotonic = monotonic
        self._sleep = sleep

    async def deliver(self, message: ClaimedMessage) -> Delivered:
        """Send ``message``; raises DeliveryFailure saying whether to retry or give up."""
        activity = activity_of(message.content)
        match message.address:
            case ToPerson(person):
                copy = await self._to_person(person, activity)
                return Delivered((copy,))
            case ToChannel(tenant_id, team_id, channel_id):
                return Delivered(
                    (await self._to_channel(tenant_id, team_id, channel_id, activity),)
                )
            case ToConversation(_, conversation_id):
                place = await self._db.run(
                    lambda s: Reach(s).place_of_conversation(conversation_id)
                )
                if place is None:
                    raise DeliveryFailure("unreachable", "unknown_conversation")
                return Delivered((await self._post(place, activity),))
            case UpdateCopies(card_key):
                await self._update_copies(card_key, activity)
                return Delivered(())
        raise DeliveryFailure("rejected", "unknown_address")

    async def _to_person(self, person: PersonRef, activity: dict[str, Any]) -> SentCopy:
        def look_up(session: Any) -> tuple[str | None, Any, Any]:
            reach = Reach(session)
            return (
                reach.unreachable_reason(person),
                reach.personal_chat(person),
                reach.roster_entry(person),
            )

        unreachable, chat, roster = await self._db.run(look_up)
        if unreachable is not None:
            raise DeliveryFailure("unreachable", unreachable)
        if chat is not None:
            place = Place(chat.conversation_id, chat.service_url, person.tenant_id, "")
            return await self._post(place, activity)
        if roster is None:
            raise DeliveryFailure("unreachable", "no_shared_team")
        parameters = {
            "isGroup": False,
            "bot": {"id": roster.bot_id},
            "members": [{"id": roster.teams_user_id}],
            "tenantId": person.tenant_id,
            "channelData": {"tenant": {"id": person.tenant_id}},
        }
        await self._pace(f"create:{person.tenant_id}", person.tenant_id)
        created = await self._connector.create_conversation(roster.service_url, parameters)
        now = self._clock.now()
        await self._db.run(
            lambda s: Reach(s).remember_personal_chat(
                person,
                teams_user_id=roster.teams_user_id,
                conversation_id=created.conversation_id,
                service_url=roster.service_url,
                bot_id=roster.bot_id,
                now=now,
            )
        )
        place = Place(created.conversation_id, roster.service_url, person.tenant_id, roster.bot_id)
        return await self._post(place, activity)

    async def _to_channel(
        self, tenant_id: str, team_id: str, channel_id: str, activity: dict[str, Any]
    ) -> SentCopy:
        place = await self._db.run(lambda s: Reach(s).place_of_channel(team_id, channel_id))
        if place is None:
            raise DeliveryFailure("unreachable", "unknown_channel")
        parameters = {
            "isGroup": True,
            "bot": {"id": place.bot_id},
            "tenantId": tenant_id,
            "channelData": {"channel": {"id": channel_id}, "tenant": {"id": tenant_id}},
            "activity": activity,
        }
        await self._pace(channel_id, tenant_id)
        created = await self._connector.create_conversation(place.service_url, parameters)
        return SentCopy(
            tenant_id, created.conversation_id, created.activity_id or "", place.service_url
        )

    async def _post(self, place: Place, activity: dict[str, Any]) -> SentCopy:
        await self._pace(place.conversation_id, place.tenant_id)
        activity_id = await self._connector.send(place.service_url, place.conversation_id, activity)
        return SentCopy(place.tenant_id, place.conversation_id, activity_id, place.service_url)

    async def _update_copies(self, card_key: str, activity: dict[str, Any]) -> None:
        copies = await self._db.run(lambda s: Reach(s).copies(card_key))
        for copy in copies:
            await self._pace(copy.conversation_id, copy.tenant_id)
            try:
                await self._connector.update(
                    copy.service_url, copy.conversation_id, copy.activity_id, activity
                )
            except DeliveryFailure as failure:
                if failure.kind not in ("unreachable", "gone"):
                    raise  # PUT is idempotent: the whole update is tried again later
                # A copy deleted by its owner, or a chat the bot left: the others still update.

    async def _pace(self, conversation_id: str, tenant_id: str) -> None:
        wait = self._pacer.reserve(conversation_id, tenant_id, self._monotonic())
        if wait > 0:
            await self._sleep(wait)
