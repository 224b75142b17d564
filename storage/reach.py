"""How to reach people and places: personal chats, team rosters, channels, group chats, the
copies of cards sent under a key, and who could not be reached. Bound to the caller's session."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from domain.identity import PersonRef

from .models import ConversationReferenceRecord, UserRecord
from .reach_models import (
    ChannelRecord,
    InstallationRecord,
    MemberRecord,
    SentCopyRecord,
    UnreachableRecord,
)

MESSAGE_KEY_PREFIX: Final = "msg:"  # a sent message without a card key, by its dedupe key


@dataclass(frozen=True)
class PersonalChat:
    conversation_id: str
    service_url: str
    teams_user_id: str


@dataclass(frozen=True)
class RosterEntry:
    """A person found in the roster of a team or group chat the bot is installed in."""

    teams_user_id: str
    service_url: str
    bot_id: str
    name: str


@dataclass(frozen=True)
class Place:
    """Where a conversation or channel lives: enough to post to it."""

    conversation_id: str
    service_url: str
    tenant_id: str
    bot_id: str


@dataclass(frozen=True)
class Member:
    aad_object_id: str
    teams_user_id: str
    name: str
    upn: str | None


@dataclass(frozen=True)
class Channel:
    channel_id: str
    name: str


@dataclass(frozen=True)
class Installation:
    conversation_id: str
    kind: str  # "team" | "groupChat"
    tenant_id: str
    name: str
    service_url: str
    bot_id: str


@dataclass(frozen=True)
class InstallationSummary:
    kind: str
    name: str
    tenant_id: str
    conversation_id: str
    channels: tuple[Channel, ...]
    members: int
    reachable: int


@dataclass(frozen=True)
class SentCopy:
    tenant_id: str
    conversation_id: str
    activity_id: str
    service_url: str


def _root_conversation(conversation_id: str) -> str:
    """A channel thread ``19:…@thread.tacv2;messageid=123`` lives in channel ``19:…``."""
    return conversation_id.split(";messageid=", 1)[0]


class Reach:
    def __init__(self, session: Session) -> None:
        self._session = session

    # People ---------------------------------------------------------------------------------

    def personal_chat(self, person: PersonRef) -> PersonalChat | None:
        query = (
            select(ConversationReferenceRecord)
            .join(
                UserRecord,
                col(UserRecord.teams_user_id) == col(ConversationReferenceRecord.teams_user_id),
            )
            .where(
                func.lower(col(UserRecord.aad_object_id)) == person.aad_object_id,
                func.lower(col(ConversationReferenceRecord.tenant_id)) == person.tenant_id,
                col(ConversationReferenceRecord.conversation_type) == "personal",
            )
            .order_by(col(ConversationReferenceRecord.updated_at).desc())
            .limit(1)
        )
        record = self._session.scalars(query).first()
        if record is None:
            return None
        return PersonalChat(record.conversation_id, record.service_url, record.teams_user_id)

    def roster_entry(self, person: PersonRef) -> RosterEntry | None:
        query = (
            select(MemberRecord, InstallationRecord)
            .join(
                InstallationRecord, col(InstallationRecord.id) == col(MemberRecord.installation_id)
            )
            .where(
                col(MemberRecord.tenant_id) == person.tenant_id,
                col(MemberRecord.aad_object_id) == person.aad_object_id,
                col(InstallationRecord.active).is_(True),
            )
            .order_by(col(InstallationRecord.updated_at).desc())
            .limit(1)
        )
        row = self._session.execute(query).first()
        if row is None:
            return None
        member, installation = row
        return RosterEntry(
            member.teams_user_id, installation.service_url, installation.bot_id, member.name
        )

    def remember_personal_chat(
        self,
        person: PersonRef,
        *,
        teams_user_id: str,
        conversation_id: str,
        service_url: str,
        bot_id: str,
        now: datetime,
    ) -> None:
        """Store a one-to-one conversation the bot created, as if the person had written.

        A turn of the same person may store the same rows at the same moment: each insert runs
        in a savepoint and, if it lost that race, the row the other transaction wrote is used."""
        self._once_more_if_raced(lambda: self._remember_user(person, teams_user_id, now))
        self._once_more_if_raced(
            lambda: self._remember_reference(
                person,
                teams_user_id=teams_user_id,
                conversation_id=conversation_id,
                service_url=service_url,
                bot_id=bot_id,
                now=now,
            )
        )

    def _once_more_if_raced(self, write: Callable[[], None]) -> None:
        try:
            with self._session.begin_nested():
                write()
                self._session.flush()
        except IntegrityError:
            with self._session.begin_nested():  # the other row is there now: update it
                write()
                self._session.flush()

    def _remember_user(self, person: PersonRef, teams_user_id: str, now: datetime) -> None:
        user = self._session.scalars(
            select(UserRecord).where(col(UserRecord.teams_user_id) == teams_user_id)
        ).first() or UserRecord(teams_user_id=teams_user_id, first_seen_at=now, last_seen_at=now)
        user.aad_object_id = user.aad_object_id or person.aad_object_id
        user.tenant_id = user.tenant_id or person.tenant_id
        self._session.add(user)

    def _remember_reference(
        self,
        person: PersonRef,
        *,
        teams_user_id: str,
        conversation_id: str,
        service_url: str,
        bot_id: str,
        now: datetime,
    ) -> None:
        reference = {
            "bot": {"id": bot_id},
            "user": {"id": teams_user_id, "aadObjectId": person.aad_object_id},
            "conversation": {
                "id": conversation_id,
                "conversationType": "personal",
                "tenantId": person.tenant_id,
            },
            "channelId": "msteams",
            "serviceUrl": service_url,
        }
        record = self._session.scalars(
            select(ConversationReferenceRecord).where(
                col(ConversationReferenceRecord.conversation_id) == conversation_id,
                col(ConversationReferenceRecord.teams_user_id) == teams_user_id,
            )
        ).first() or ConversationReferenceRecord(
            conversation_id=conversation_id,
            teams_user_id=teams_user_id,
            service_url=service_url,
            reference_json="{}",
            updated_at=now,
        )
        record.conversation_type = "personal"
        record.tenant_id = person.tenant_id
        record.service_url = service_url
        record.reference_json = json.dumps(reference, sort_keys=True)
        record.updated_at = now
        self._session.add(record)

    def unreachable_reason(self, person: PersonRef) -> str | None:
        return self._session.scalar(
            select(col(UnreachableRecord.reason)).where(
                col(UnreachableRecord.tenant_id) == person.tenant_id,
                col(UnreachableRecord.aad_object_id) == person.aad_object_id,
            )
        )

    def mark_unreachable(self, person: PersonRef, reason: str, now: datetime) -> None:
        record = self._session.scalars(
            select(UnreachableRecord).where(
                col(UnreachableRecord.tenant_id) == person.tenant_id,
                col(UnreachableRecord.aad_object_id) == person.aad_object_id,
            )
        ).first() or UnreachableRecord(
            tenant_id=person.tenant_id, aad_object_id=person.aad_object_id, reason="", since=now
        )
        record.reason = reason[:60]
        self._session.add(record)

    def clear_unreachable(self, person: PersonRef) -> None:
        self._session.execute(
            delete(UnreachableRecord).where(
                col(UnreachableRecord.tenant_id) == person.tenant_id,
                col(UnreachableRecord.aad_object_id) == person.aad_object_id,
            )
        )

    # Places ---------------------------------------------------------------------------------

    def place_of_channel(self, team_id: str, channel_id: str) -> Place | None:
        installation = self._installation(team_id)
        if installation is None or not installation.active:
            return None
        return Place(
            channel_id, installation.service_url, installation.tenant_id, installation.bot_id
        )

    def place_of_conversation(self, conversation_id: str) -> Place | None:
        root = _root_conversation(conversation_id)
        installation = self._installation(root)
        if installation is None:
            channel = self._session.scalars(
                select(ChannelRecord).where(col(ChannelRecord.channel_id) == root)
            ).first()
            if channel is not None:
                installation = self._session.get(InstallationRecord, channel.installation_id)
        if installation is not None:
            if not installation.active:
                return None
            return Place(
                conversation_id,
                installation.service_url,
                installation.tenant_id,
                installation.bot_id,
            )
        reference = self._session.scalars(
            select(ConversationReferenceRecord)
            .where(col(ConversationReferenceRecord.conversation_id) == root)
            .order_by(col(ConversationReferenceRecord.updated_at).desc())
            .limit(1)
        ).first()
        if reference is None:
            return None
        bot_id = json.loads(reference.reference_json).get("bot", {}).get("id", "")
        return Place(conversation_id, reference.service_url, reference.tenant_id or "", bot_id)

    # Installations --------------------------------------------------------------------------

    def install(self, installation: Installation, now: datetime) -> int:
        record = self._installation(installation.conversation_id) or InstallationRecord(
            conversation_id=installation.conversation_id,
            kind=installation.kind,
            tenant_id=installation.tenant_id,
            service_url=installation.service_url,
            bot_id=installation.bot_id,
            updated_at=now,
        )
        record.kind = installation.kind
        record.tenant_id = installation.tenant_id
        record.name = installation.name or record.name
        record.service_url = installation.service_url
        record.bot_id = installation.bot_id
        record.active = True
        record.updated_at = now
        self._session.add(record)
        self._session.flush()
        if record.id is None:
            raise RuntimeError("installation was not stored")
        return record.id

    def uninstall(self, conversation_id: str, now: datetime) -> bool:
        record = self._installation(conversation_id)
        if record is None:
            return False
        record.active = False
        record.updated_at = now
        self._session.add(record)
        return True

    def installation_id(self, conversation_id: str) -> int | None:
        record = self._installation(conversation_id)
        return record.id if record is not None else None

    def upsert_channels(self, installation_id: int, channels: Sequence[Channel]) -> None:
        for channel in channels:
            record = self._session.scalars(
                select(ChannelRecord).where(
                    col(ChannelRecord.installation_id) == installation_id,
                    col(ChannelRecord.channel_id) == channel.channel_id,
                )
            ).first() or ChannelRecord(
                installation_id=installation_id, channel_id=channel.channel_id
            )
            record.name = channel.name or record.name
            self._session.add(record)

    def remove_channel(self, installation_id: int, channel_id: str) -> None:
        self._session.execute(
            delete(ChannelRecord).where(
                col(ChannelRecord.installation_id) == installation_id,
                col(ChannelRecord.channel_id) == channel_id,
            )
        )

    def upsert_members(
        self, installation_id: int, tenant_id: str, members: Sequence[Member]
    ) -> None:
        for member in members:
            aad = member.aad_object_id.lower()
            record = self._session.scalars(
                select(MemberRecord).where(
                    col(MemberRecord.installation_id) == installation_id,
                    col(MemberRecord.aad_object_id) == aad,
                )
            ).first() or MemberRecord(
                installation_id=installation_id,
                tenant_id=tenant_id.lower(),
                aad_object_id=aad,
                teams_user_id=member.teams_user_id,
            )
            record.teams_user_id = member.teams_user_id
            record.name = member.name or record.name
            record.upn = member.upn or record.upn
            self._session.add(record)

    def remove_members(self, installation_id: int, aad_object_ids: Sequence[str]) -> None:
        if aad_object_ids:
            self._session.execute(
                delete(MemberRecord).where(
                    col(MemberRecord.installation_id) == installation_id,
                    col(MemberRecord.aad_object_id).in_([a.lower() for a in aad_object_ids]),
                )
            )

    def summaries(self) -> list[InstallationSummary]:
        installations = self._session.scalars(
            select(InstallationRecord)
            .where(col(InstallationRecord.active).is_(True))
            .order_by(col(InstallationRecord.tenant_id), col(InstallationRecord.name))
        ).all()
        summaries = []
        for installation in installations:
            channels = self._session.scalars(
                select(ChannelRecord)
                .where(col(ChannelRecord.installation_id) == installation.id)
                .order_by(col(ChannelRecord.name))
            ).all()
            members = self._session.scalars(
                select(MemberRecord).where(col(MemberRecord.installation_id) == installation.id)
            ).all()
            reachable = sum(
                1
                for m in members
                if self.unreachable_reason(PersonRef(m.tenant_id, m.aad_object_id)) is None
            )
            summaries.append(
                InstallationSummary(
                    kind=installation.kind,
                    name=installation.name,
                    tenant_id=installation.tenant_id,
                    conversation_id=installation.conversation_id,
                    channels=tuple(Channel(c.channel_id, c.name) for c in channels),
                    members=len(members),
                    reachable=reachable,
                )
            )
        return summaries

    def _installation(self, conversation_id: str) -> InstallationRecord | None:
        return self._session.scalars(
            select(InstallationRecord).where(
                col(InstallationRecord.conversation_id) == conversation_id
            )
        ).first()

    # Sent copies ----------------------------------------------------------------------------

    def record_copy(self, card_key: str, copy: SentCopy, now: datetime) -> None:
        exists = self._session.scalars(
            select(SentCopyRecord).where(
                col(SentCopyRecord.card_key) == card_key,
                col(SentCopyRecord.conversation_id) == copy.conversation_id,
                col(SentCopyRecord.activity_id) == copy.activity_id,
            )
        ).first()
        if exists is None:
            self._session.add(
                SentCopyRecord(
                    card_key=card_key,
                    tenant_id=copy.tenant_id,
                    conversation_id=copy.conversation_id,
                    activity_id=copy.activity_id,
                    service_url=copy.service_url,
                    sent_at=now,
                )
            )

    def copies(self, card_key: str) -> list[SentCopy]:
        records = self._session.scalars(
            select(SentCopyRecord)
            .where(col(SentCopyRecord.card_key) == card_key)
            .order_by(col(SentCopyRecord.id))
        ).all()
        return [
            SentCopy(r.tenant_id, r.conversation_id, r.activity_id, r.service_url) for r in records
        ]
