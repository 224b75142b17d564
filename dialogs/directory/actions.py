"""The directory in chat: one's organisation, the admins' pool changes, absences.

Every change runs in one unit of work together with its audit entry; every refusal is audited.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from botbuilder.core import TurnContext

from bot.replies import Replies
from cards.directory import (
    CANCEL_CHANGE_VERB,
    CHOOSE_ORGANISATION_VERB,
    CONFIRM_CHANGE_VERB,
    PROPOSE_CHANGE_VERB,
    REGISTER_ABSENCE_VERB,
)
from domain.clock import Clock
from domain.directory import PeriodParser, parse_absence_period
from storage.db import Database

from ..actions import ActionRouter
from .absences import Absences
from .context import DirectoryContext
from .organisation import OrganisationFlow, Starter
from .pool_admin import PoolAdmin


class DirectoryActions:
    """The directory's entry points for the handler, and its card verbs for the router.

    ``parse_period`` turns "1/12–5/12" into dates (the Danish date parser by default).
    """

    def __init__(
        self,
        database: Database,
        replies: Replies,
        clock: Clock,
        timezone: str,
        *,
        parse_period: PeriodParser = parse_absence_period,
    ) -> None:
        context = DirectoryContext(database, replies, clock, ZoneInfo(timezone))
        self._organisation = OrganisationFlow(context)
        self._pools = PoolAdmin(context)
        self._absences = Absences(context, parse_period)

    def register(self, router: ActionRouter) -> None:
        router.register(CHOOSE_ORGANISATION_VERB, self._organisation.on_choose_organisation)
        router.register(PROPOSE_CHANGE_VERB, self._pools.on_propose_change)
        router.register(CONFIRM_CHANGE_VERB, self._pools.on_confirm_change)
        router.register(CANCEL_CHANGE_VERB, self._pools.on_cancel_change)
        router.register(REGISTER_ABSENCE_VERB, self._absences.on_register_absence)

    def gate(self, capability: str, starter: Starter | None) -> Starter:
        """A starter that first asks for the user's organisation if the bot does not know it."""
        return self._organisation.gate(capability, starter)

    async def my_organisation(self, turn_context: TurnContext) -> None:
        await self._organisation.my_organisation(turn_context)

    async def pools(self, turn_context: TurnContext) -> None:
        await self._pools.pools(turn_context)

    async def absence(self, turn_context: TurnContext, argument: str) -> None:
        await self._absences.absence(turn_context, argument)
