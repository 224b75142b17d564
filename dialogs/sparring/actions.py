"""Sparring's card verbs and typed commands on the router, and its entry points for those who
start it: the "sparring" command and the welcome card (through ``bot/``), and a screening's
"ask a coordinator" button."""

from __future__ import annotations

from zoneinfo import ZoneInfo

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
from storage.unit_of_work import Units

from ..reply import Reply
from ..router import Refusals, Router
from ..turn import Turn
from .asking import Asking
from .commands import AskQuestion, OnThread, ProposeLevel, WriteOnThread
from .fanout import SparringSettings
from .lists import Lists
from .moves import ThreadMoves
from .steps import REFUSALS

ASK_REFUSALS = Refusals(malformed="sparring.bad_input", unknown_person="directory.unknown_user")


class SparringActions:
    def __init__(
        self,
        units: Units,
        *,
        timezone: str,
        calendar: WorkingCalendar,
        reminder_hours: float = 4.0,
    ) -> None:
        settings = SparringSettings(ZoneInfo(timezone), calendar, reminder_hours)
        self._asking = Asking(units, settings)
        self._moves = ThreadMoves(settings)
        self._lists = Lists(units, settings)

    def register(self, router: Router) -> None:
        moves = self._moves
        router.in_unit(ASK_VERB, AskQuestion, self._asking.ask, refusals=ASK_REFUSALS)
        router.in_unit(VIEW_VERB, OnThread, moves.view, refusals=REFUSALS)
        router.in_unit(CLAIM_VERB, OnThread, moves.claim, refusals=REFUSALS)
        router.in_unit(REPLY_VERB, WriteOnThread, moves.reply, refusals=REFUSALS)
        router.in_unit(PROPOSE_VERB, ProposeLevel, moves.propose, refusals=REFUSALS)
        router.in_unit(FORWARD_VERB, WriteOnThread, moves.forward, refusals=REFUSALS)
        router.in_unit(DECLINE_VERB, WriteOnThread, moves.decline, refusals=REFUSALS)
        router.in_unit(CLOSE_VERB, OnThread, moves.close, refusals=REFUSALS)
        router.text("my_questions", self._lists.my_questions)
        router.text("inbox", self._lists.inbox)

    async def start(self, turn: Turn) -> Reply:
        """The question card (the "sparring" command, the welcome card's button)."""
        return await self._asking.start(turn)

    async def ask_about_screening(self, turn: Turn, screening_id: str) -> Reply:
        """The question card with the screening's summary attached, if it is the asker's own."""
        return await self._asking.start(turn, screening_id)
