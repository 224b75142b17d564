"""Sparring's entry points for the handler, and its card verbs for the router."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from botbuilder.core import TurnContext

from bot.replies import Replies
from cards.sparring import (
    ASK_VERB,
    CLAIM_VERB,
    CLOSE_VERB,
    DECLINE_VERB,
    FORWARD_VERB,
    PROPOSE_VERB,
    REPLY_VERB,
    VIEW_VERB,
)
from domain.calendar import WorkingCalendar
from domain.clock import Clock
from storage.unit_of_work import UnitsOfWork

from ..actions import ActionRouter
from .asking import Asking
from .claiming import Claiming
from .closing import Closing
from .context import SparringContext
from .lists import Lists
from .writing import Writing


class SparringActions:
    def __init__(
        self,
        units: UnitsOfWork,
        replies: Replies,
        clock: Clock,
        *,
        timezone: str,
        calendar: WorkingCalendar,
        reminder_hours: float = 4.0,
    ) -> None:
        context = SparringContext(
            units, replies, clock, ZoneInfo(timezone), calendar, reminder_hours
        )
        self._asking = Asking(context)
        self._claiming = Claiming(context)
        self._writing = Writing(context)
        self._closing = Closing(context)
        self._lists = Lists(context)

    def register(self, router: ActionRouter) -> None:
        router.register(ASK_VERB, self._asking.on_ask)
        router.register(VIEW_VERB, self._claiming.on_view)
        router.register(CLAIM_VERB, self._claiming.on_claim)
        router.register(REPLY_VERB, self._writing.on_reply)
        router.register(FORWARD_VERB, self._closing.on_forward)
        router.register(DECLINE_VERB, self._closing.on_decline)
        router.register(PROPOSE_VERB, self._writing.on_propose)
        router.register(CLOSE_VERB, self._closing.on_close)

    async def start(self, turn_context: TurnContext) -> None:
        await self._asking.start(turn_context)

    async def ask_about_screening(self, turn_context: TurnContext, screening_id: str) -> None:
        await self._asking.start(turn_context, screening_id)

    async def my_questions(self, turn_context: TurnContext, argument: str) -> None:
        await self._lists.my_questions(turn_context, argument)

    async def inbox(self, turn_context: TurnContext, argument: str) -> None:
        await self._lists.inbox(turn_context, argument)
