"""The messenger: turns an addressed message into Bot Connector calls.

It finds where a person or place is reached (creating a person's one-to-one chat when the bot
shares a team with them), paces calls inside Teams' rate limits, and reports what was sent.
Dialogs never call it directly: they queue messages in the outbox, whose dispatcher calls this.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from domain.clock import Clock
from domain.identity import PersonRef
from domain.messaging import Content, ToChannel, ToConversation, ToPerson, UpdateCopies
from domain.pacing import Pacer
from storage.db import Database
from storage.outbox import ClaimedMessage
from storage.reach import NO_SHARED_TEAM, PersonRoute, Place, Reach, SentCopy

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
    reached_again: PersonRef | None = None  # their "no shared team" mark turned out stale
    created_chat: bool = False  # a personal chat was created for this message


@dataclass(frozen=True)
class Route:
    """Where one message goes, read before sending (for a whole batch in one transaction)."""

    person: PersonRoute | None = None
    place: Place | None = None  # a conversation, or the channel for a new thread
    copies: tuple[SentCopy, ...] = ()


class LeaseLost(Exception):
    """The outbox row being sent was taken over by another process (this one stalled past its
    lease); sending stops so an older card update never lands after a newer one."""


StillHeld = Callable[[], bool]


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

    async def routes(self, messages: Sequence[ClaimedMessage]) -> dict[int, Route]:
        """The routes of ``messages`` (by id), read in one transaction."""
        return await self._db.run(lambda session: routes_of(session, messages))

    async def deliver(
        self,
        message: ClaimedMessage,
        route: Route | None = None,
        *,
        still_held: StillHeld | None = None,
    ) -> Delivered:
        """Send ``message``; raises DeliveryFailure saying whether to retry or give up."""
        if route is None:
            route = (await self.routes([message]))[message.id]
        activity = activity_of(message.content)
        match message.address:
            case ToPerson(person):
                return await self._to_person(person, route.person, activity)
            case ToChannel(tenant_id, _team_id, channel_id):
                if route.place is None:
                    raise DeliveryFailure("unreachable", "unknown_channel")
                return Delivered(
                    (await self._to_channel(tenant_id, channel_id, route.place, activity),)
                )
            case ToConversation():
                if route.place is None:
                    raise DeliveryFailure("unreachable", "unknown_conversation")
                return Delivered((await self._post(route.place, activity),))
            case UpdateCopies():
                await self._update_copies(route.copies, activity, still_held)
                return Delivered(())
        raise DeliveryFailure("rejected", "unknown_address")

    async def _to_person(
        self, person: PersonRef, route: PersonRoute | None, activity: dict[str, Any]
    ) -> Delivered:
        if route is None:
            raise DeliveryFailure("unreachable", NO_SHARED_TEAM)
        reached_again = person if route.stale_mark else None
        if (unreachable := route.unreachable) is not None:
            raise DeliveryFailure("unreachable", unreachable)
        if route.chat is not None:
            chat = route.chat
            place = Place(chat.conversation_id, chat.service_url, person.tenant_id, "")
            return Delivered((await self._post(place, activity),), reached_again)
        roster = route.roster
        if roster is None:  # pragma: no cover - route.unreachable says so first
            raise DeliveryFailure("unreachable", NO_SHARED_TEAM)
        parameters = {
            "isGroup": False,
            "bot": {"id": roster.bot_id},
            "members": [{"id": roster.teams_user_id}],
            "tenantId": person.tenant_id,
            "channelData": {"tenant": {"id": person.tenant_id}},
        }
        async with self._paced(f"create:{person.tenant_id}", person.tenant_id):
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
        return Delivered((await self._post(place, activity),), reached_again, created_chat=True)

    async def _to_channel(
        self, tenant_id: str, channel_id: str, place: Place, activity: dict[str, Any]
    ) -> SentCopy:
        parameters = {
            "isGroup": True,
            "bot": {"id": place.bot_id},
            "tenantId": tenant_id,
            "channelData": {"channel": {"id": channel_id}, "tenant": {"id": tenant_id}},
            "activity": activity,
        }
        async with self._paced(channel_id, tenant_id):
            created = await self._connector.create_conversation(place.service_url, parameters)
        return SentCopy(
            tenant_id, created.conversation_id, created.activity_id or "", place.service_url
        )

    async def _post(self, place: Place, activity: dict[str, Any]) -> SentCopy:
        async with self._paced(place.conversation_id, place.tenant_id):
            activity_id = await self._connector.send(
                place.service_url, place.conversation_id, activity
            )
        return SentCopy(place.tenant_id, place.conversation_id, activity_id, place.service_url)

    async def _update_copies(
        self,
        copies: Sequence[SentCopy],
        activity: dict[str, Any],
        still_held: StillHeld | None,
    ) -> None:
        for copy in copies:
            try:
                async with self._paced(copy.conversation_id, copy.tenant_id):
                    if still_held is not None and not still_held():  # after pacing's wait
                        raise LeaseLost(copy.conversation_id)
                    await self._connector.update(
                        copy.service_url, copy.conversation_id, copy.activity_id, activity
                    )
            except DeliveryFailure as failure:
                if failure.kind not in ("unreachable", "gone"):
                    raise  # PUT is idempotent: the whole update is tried again later
                # A copy deleted by its owner, or a chat the bot left: the others still update.

    @contextlib.asynccontextmanager
    async def _paced(self, conversation_id: str, tenant_id: str) -> AsyncIterator[None]:
        """Wait until a send fits Teams' limits; it counts from when it really leaves until
        its answer (Teams got it somewhere in between), then for a window."""
        while (wait := self._pacer.take(conversation_id, tenant_id, self._monotonic())) > 0:
            await self._sleep(wait)
        try:
            yield
        finally:
            self._pacer.answered(conversation_id, tenant_id, self._monotonic())


def routes_of(session: Session, messages: Sequence[ClaimedMessage]) -> dict[int, Route]:
    """The routes of ``messages`` (by id), read in the caller's transaction."""
    reach = Reach(session)
    people = reach.routes([m.address.person for m in messages if isinstance(m.address, ToPerson)])
    routes: dict[int, Route] = {}
    for message in messages:
        match message.address:
            case ToPerson(person):
                routes[message.id] = Route(person=people.get(person))
            case ToChannel(_tenant_id, team_id, channel_id):
                routes[message.id] = Route(place=reach.place_of_channel(team_id, channel_id))
            case ToConversation(_tenant_id, conversation_id):
                routes[message.id] = Route(place=reach.place_of_conversation(conversation_id))
            case UpdateCopies(card_key):
                routes[message.id] = Route(copies=tuple(reach.copies(card_key)))
    return routes
