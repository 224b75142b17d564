"""What the directory's flows share: the local date, a card's owner, and the administrators'
check, answered and audited in one place."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from domain.clock import Clock
from domain.directory import Action, DirectorySubject
from domain.identity import PersonRef
from domain.ids import new_id
from storage.unit_of_work import UnitOfWork, Units

from ..guard import Audited, audit, permitted
from ..reply import Reply, refuse
from ..turn import Turn
from .commands import OwnCard

POOLS = Audited("directory", "pools")


def _new_card_id() -> str:
    return new_id()


@dataclass(frozen=True)
class DirectoryContext:
    units: Units
    clock: Clock
    zone: ZoneInfo
    new_card_id: Callable[[], str] = _new_card_id  # names a confirmation card

    def today(self) -> date:
        return self.clock.now().astimezone(self.zone).date()


def not_owner(turn: Turn, command: OwnCard) -> Reply | None:
    """A refusal if the card was sent to someone else."""
    return (
        None if command.owner == turn.teams_user_id else refuse(turn.texts("directory.not_yours"))
    )


def may_manage(unit: UnitOfWork, turn: Turn, actor: PersonRef, action: str) -> Reply | None:
    """Only administrators manage the directory; anyone else is told so and audited."""
    decision = permitted(
        unit,
        actor,
        Action.MANAGE_DIRECTORY,
        DirectorySubject(),
        unit.directory.snapshot(),
        audit_as=action,
        about=POOLS,
    )
    return None if decision.allowed else refuse(turn.texts("directory.not_allowed"))


def audit_person(
    unit: UnitOfWork, actor: PersonRef, action: str, person_id: int, **detail: str | None
) -> None:
    audit(unit, actor, action, Audited("person", str(person_id)), detail=detail)
