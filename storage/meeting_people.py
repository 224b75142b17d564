"""Who a tovholder can invite: the people in the rosters the bot knows, found by Teams id too
(an @mention carries only the bot-specific Teams id)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import select
from sqlmodel import Session, col

from domain.identity import PersonRef

from .reach_models import InstallationRecord, MemberRecord

MAX_PEOPLE = 100


@dataclass(frozen=True)
class Candidate:
    person: PersonRef
    name: str
    upn: str | None = None


def roster_people(session: Session, tenant_ids: Sequence[str]) -> list[Candidate]:
    """Members of the active installations in these tenants, one entry per person."""
    query = (
        select(MemberRecord)
        .join(InstallationRecord, col(InstallationRecord.id) == col(MemberRecord.installation_id))
        .where(
            col(InstallationRecord.active).is_(True),
            col(MemberRecord.tenant_id).in_(list(tenant_ids)),
        )
        .order_by(col(MemberRecord.name), col(MemberRecord.id))
    )
    found: dict[PersonRef, Candidate] = {}
    for member in session.scalars(query):
        ref = PersonRef(member.tenant_id, member.aad_object_id)
        found.setdefault(ref, Candidate(ref, member.name or member.aad_object_id, member.upn))
        if len(found) >= MAX_PEOPLE:
            break
    return list(found.values())


def members_by_teams_id(session: Session, teams_user_ids: Sequence[str]) -> list[Candidate]:
    if not teams_user_ids:
        return []
    query = select(MemberRecord).where(col(MemberRecord.teams_user_id).in_(list(teams_user_ids)))
    found: dict[PersonRef, Candidate] = {}
    for member in session.scalars(query):
        ref = PersonRef(member.tenant_id, member.aad_object_id)
        found.setdefault(ref, Candidate(ref, member.name, member.upn))
    return list(found.values())


class MeetingPeopleLookup(Protocol):
    """Whom a tovholder can invite, as a unit of work finds them."""

    def in_rosters(self, tenant_ids: Sequence[str]) -> list[Candidate]: ...

    def by_teams_id(self, teams_user_ids: Sequence[str]) -> list[Candidate]: ...


class MeetingPeople:
    """The two look-ups above, bound to the caller's unit of work."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def in_rosters(self, tenant_ids: Sequence[str]) -> list[Candidate]:
        return roster_people(self._session, tenant_ids)

    def by_teams_id(self, teams_user_ids: Sequence[str]) -> list[Candidate]:
        return members_by_teams_id(self._session, teams_user_ids)
