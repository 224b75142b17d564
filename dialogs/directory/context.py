"""What the directory's flows share: one unit of work with the store and the audit log, the
local date, who the actor is, and refusals that are answered and audited."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from botbuilder.core import TurnContext
from sqlmodel import Session

from bot.replies import Replies
from domain.clock import Clock
from domain.directory import Action, DirectorySubject, authorise
from domain.identity import PersonRef
from storage.audit import AuditEntry, AuditLog
from storage.db import Database
from storage.directory import DirectoryStore

from ..actions import CardAction
from .identity import actor_of

T = TypeVar("T")
Work = Callable[[DirectoryStore, AuditLog], T]


@dataclass(frozen=True)
class DirectoryContext:
    database: Database
    replies: Replies
    clock: Clock
    zone: ZoneInfo

    def today(self) -> date:
        return self.clock.now().astimezone(self.zone).date()

    async def run(self, work: Work[T]) -> T:
        """One unit of work: the directory and the audit log on one transaction."""
        now = self.clock.now()

        def unit(session: Session) -> T:
            return work(DirectoryStore(session, now), AuditLog(session))

        return await self.database.run(unit)

    def entry(self, actor: PersonRef, action: str, subject_id: str, **detail: Any) -> AuditEntry:
        return AuditEntry(self.clock.now(), actor, action, "person", subject_id, detail=detail)

    async def actor(self, turn_context: TurnContext) -> PersonRef | None:
        actor = actor_of(turn_context.activity)
        if actor is None:
            await self.replies.text(turn_context, "directory.unknown_user")
        return actor

    async def owned(self, turn_context: TurnContext, action: CardAction) -> PersonRef | None:
        """The actor, if the card they pressed was sent to them."""
        if action.get("owner") != action.actor_id:
            await self.replies.text(turn_context, "directory.not_yours")
            return None
        return await self.actor(turn_context)

    async def may_manage(self, turn_context: TurnContext, actor: PersonRef, action: str) -> bool:
        """Only administrators manage the directory; anyone else is told so and audited."""
        directory = await self.run(lambda store, _log: store.snapshot())
        decision = authorise(actor, Action.MANAGE_DIRECTORY, DirectorySubject(), directory)
        if not decision.allowed:
            refused = AuditEntry(
                self.clock.now(),
                actor,
                action,
                "directory",
                "pools",
                f"refused:{decision.reason_code}",
            )
            await self.run(lambda _store, log: log.record(refused))
            await self.replies.text(turn_context, "directory.not_allowed")
        return decision.allowed
