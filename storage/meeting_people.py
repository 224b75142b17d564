"""Who a tovholder can invite: the people in the rosters the bot knows, found by Teams id too
(an @mention carries only the bot-specific Teams id)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import and_, or_, select
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


def members_by_refs(session: Session, refs: Sequence[PersonRef]) -> list[Candidate]:
    """The roster entries of these people (a person picked by search may be beyond the first
    ``MAX_PEOPLE`` of ``roster_people``), in any installation, active or not."""
    wanted = list(dict.fromkeys(refs))[:MAX_PEOPLE]
    if not wanted:
        return []
    query = (
        select(MemberRecord)
        .where(
            or_(
                *(
                    and_(
                        col(MemberRecord.tenant_id) == ref.tenant_id,
                        col(MemberRecord.aad_object_id) == ref.aad_object_id,
                    )
                    for ref in wanted
                )
            )
        )
        .order_by(col(MemberRecord.id))
    )
    return _candidates(session.scalars(query))


def installation_members(session: Session, conversation_id: str) -> list[Candidate]:
    """Everyone on the roster of the active team or group chat ``conversation_id`` (a team's
    id, or a group chat's conversation id)."""
    query = (
        select(MemberRecord)
        .join(InstallationRecord, col(InstallationRecord.id) == col(MemberRecord.installation_id))
        .where(
            col(InstallationRecord.active).is_(True),
            col(InstallationRecord.conversation_id) == conversation_id,
        )
        .order_by(col(MemberRecord.id))
    )
    return _candidates(session.scalars(query))


def _candidates(members: Iterable[MemberRecord]) -> list[Candidate]:
    """Each person once, as first listed (a person may be on several rosters)."""
    found: dict[PersonRef, Candidate] = {}
    for member in members:
        ref = PersonRef(member.tenant_id, member.aad_object_id)
        found.setdefault(ref, Candidate(ref, member.name or member.aad_object_id, member.upn))
    return list(found.values())


class MeetingPeopleLookup(Protocol):
    """Whom a tovholder can invite, as a unit of work finds them."""

    def in_rosters(self, tenant_ids: Sequence[str]) -> list[Candidate]: ...

    def by_teams_id(self, teams_user_ids: Sequence[str]) -> list[Candidate]: ...

    def by_refs(self, refs: Sequence[PersonRef]) -> list[Candidate]: ...

    def in_conversation(self, conversation_id: str) -> list[Candidate]: ...


class MeetingPeople:
    """The look-ups above, bound to the caller's unit of work."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def in_rosters(self, tenant_ids: Sequence[str]) -> list[Candidate]:
        return roster_people(self._session, tenant_ids)

    def by_teams_id(self, teams_user_ids: Sequence[str]) -> list[Candidate]:
        return members_by_teams_id(self._session, teams_user_ids)

    def by_refs(self, refs: Sequence[PersonRef]) -> list[Candidate]:
        return members_by_refs(self._session, refs)

    def in_conversation(self, conversation_id: str) -> list[Candidate]:
        return installation_members(self._session, conversation_id)
