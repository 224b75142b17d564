"""The directory in chat: one's organisation, the admins' pool changes, absences.

Every change runs in one unit of work together with its audit entry; every refusal is audited.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from cards.directory import (
    CANCEL_CHANGE_VERB,
    CHOOSE_ORGANISATION_VERB,
    CONFIRM_CHANGE_VERB,
    PROPOSE_CHANGE_VERB,
    REGISTER_ABSENCE_VERB,
)
from domain.clock import Clock
from domain.directory import PeriodParser, parse_absence_period
from storage.unit_of_work import Units

from ..router import Refusals, Router
from ..turn import Turn
from .absences import Absences
from .commands import CancelChange, ChangePool, ChooseOrganisation, RegisterAbsence
from .context import DirectoryContext
from .organisation import OrganisationFlow, Start
from .pool_admin import PoolAdmin

UNKNOWN_PERSON = "directory.unknown_user"


class DirectoryActions:
    """The directory's typed commands and card verbs.

    ``parse_period`` turns "1/12–5/12" into dates (the Danish date parser by default).
    """

    def __init__(
        self,
        units: Units,
        clock: Clock,
        timezone: str,
        *,
        parse_period: PeriodParser = parse_absence_period,
    ) -> None:
        context = DirectoryContext(units, clock, ZoneInfo(timezone))
        self._organisation = OrganisationFlow(context)
        self._pools = PoolAdmin(context)
        self._absences = Absences(context, parse_period)

    def register(self, router: Router) -> None:
        change = Refusals("directory.change.invalid", UNKNOWN_PERSON)
        router.text("my_organisation", self._organisation.my_organisation)
        router.text("pools", self._pools.pools)
        router.text("absence", self._absences.absence)
        router.verb(CHOOSE_ORGANISATION_VERB, ChooseOrganisation, self._organisation.choose,
                    refusals=Refusals(unknown_person=UNKNOWN_PERSON))  # fmt: skip
        router.in_unit(PROPOSE_CHANGE_VERB, ChangePool, self._pools.propose_change, refusals=change)
        router.in_unit(CONFIRM_CHANGE_VERB, ChangePool, self._pools.confirm_change, refusals=change)
        router.in_unit(CANCEL_CHANGE_VERB, CancelChange, self._pools.cancel_change, refusals=change)
        router.in_unit(REGISTER_ABSENCE_VERB, RegisterAbsence, self._absences.register,
                       refusals=Refusals("directory.absence.bad_dates", UNKNOWN_PERSON))  # fmt: skip

    async def is_admin(self, turn: Turn) -> bool:
        """Whether the reader may manage the directory (asked for the help card; not audited)."""
        return await self._pools.is_admin(turn)

    def gate(self, capability: str, start: Start) -> Start:
        """``start``, after asking for the person's organisation if the bot does not know it."""
        return self._organisation.gate(capability, start)
