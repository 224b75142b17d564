"""The directory's card submits, parsed into small typed commands; anything else is refused."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cards.directory import CHANGES, NO_SUBSTITUTE

from ..actions import CardAction


class InvalidCommand(ValueError):
    pass


@dataclass(frozen=True)
class ChooseOrganisation:
    organisation_id: str
    then: str


@dataclass(frozen=True)
class ChangePool:
    """coordinator / backup (in ``organisation_id``), remove (from the pool), admin."""

    person_id: int
    change: str
    organisation_id: str | None


@dataclass(frozen=True)
class RegisterAbsence:
    first: date
    last: date
    substitute_id: int | None


def _text(action: CardAction, key: str, *, limit: int = 64) -> str:
    value = action.get(key, "")
    if not isinstance(value, str) or len(value) > limit:
        raise InvalidCommand(key)
    return value.strip()


def _person_id(value: str) -> int:
    if not value.isdigit() or len(value) > 12:
        raise InvalidCommand("person")
    return int(value)


def choose_organisation(action: CardAction) -> ChooseOrganisation:
    organisation_id = _text(action, "organisation")
    if not organisation_id:
        raise InvalidCommand("organisation")
    return ChooseOrganisation(organisation_id, _text(action, "then"))


def change_pool(action: CardAction) -> ChangePool:
    change = _text(action, "change")
    if change not in CHANGES:
        raise InvalidCommand("change")
    organisation_id = _text(action, "organisation") or None
    if change in ("coordinator", "backup") and organisation_id is None:
        raise InvalidCommand("organisation")
    return ChangePool(_person_id(_text(action, "person")), change, organisation_id)


def register_absence(action: CardAction) -> RegisterAbsence:
    try:
        first = date.fromisoformat(_text(action, "first"))
        last = date.fromisoformat(_text(action, "last"))
    except ValueError:
        raise InvalidCommand("dates") from None
    if last < first:
        raise InvalidCommand("dates")
    substitute = _text(action, "substitute") or NO_SUBSTITUTE
    return RegisterAbsence(
        first, last, None if substitute == NO_SUBSTITUTE else _person_id(substitute)
    )
