"""The directory's card buttons as typed commands. Each card is sent to one person (``owner``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Final, Literal

from cards.directory import NO_SUBSTITUTE

from ..fields import CardId, IsoDate, Matching, Number, TeamsId, Text

OrganisationId = Annotated[str, Matching(r"[\w.-]{1,64}", 64)]
PersonId = Annotated[int, Number(1, 10**12)]
Change = Literal["coordinator", "backup", "remove", "admin"]
NEEDS_ORGANISATION: Final = frozenset({"coordinator", "backup"})


@dataclass(frozen=True)
class OwnCard:
    owner: TeamsId


@dataclass(frozen=True)
class ChooseOrganisation(OwnCard):
    organisation: OrganisationId
    then: Annotated[str, Text(40)] = ""


@dataclass(frozen=True)
class ChangePool(OwnCard):
    """coordinator / backup (in ``organisation``), remove (from the pool), admin; ``card`` names
    the confirmation card the button is on (none on the pools card)."""

    person: PersonId
    change: Change
    organisation: Annotated[str | None, Matching(r"[\w.-]{1,64}", 64)] = None
    card: CardId | None = None

    @property
    def complete(self) -> bool:
        return self.change not in NEEDS_ORGANISATION or self.organisation is not None


@dataclass(frozen=True)
class CancelChange(ChangePool):
    """The confirmation card's other button: the same change, not made."""


@dataclass(frozen=True)
class RegisterAbsence(OwnCard):
    first: Annotated[date, IsoDate()]
    last: Annotated[date, IsoDate()]
    substitute: Annotated[str, Matching(f"{NO_SUBSTITUTE}|[0-9]{{1,12}}", 12)] = NO_SUBSTITUTE

    @property
    def substitute_id(self) -> int | None:
        return None if self.substitute == NO_SUBSTITUTE else int(self.substitute)
