"""How to reach people and places: personal chats, team rosters, channels, group chats, the
copies of cards sent under a key, and who could not be reached. Bound to the caller's session.

A person marked unreachable is marked only until the bot sees them again (in a roster, an
install, a member-added event or any activity of theirs): then the mark goes, and what was
dropped for them in the last ``REQUEUE_WITHIN`` is queued again."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final, Literal

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from domain.identity import PersonRef

from .directory import DirectoryStore
from .directory_tables import PersonRecord
from .models import ConversationReferenceRecord, UserRecord
from .outbox import Outbox
from .reach_models import (
    CardVersionRecord,
    ChannelRecord,
    InstallationRecord,
    MemberRecord,
    SentCopyRecord,
    UnreachableRecord,
)

# What was dropped for a person this recently is sent when they can be reached again; the
# senders of older messages were told (if they asked) that it was not delivered.
REQUEUE_WITHIN: Final = timedelta(days=7)
NO_SHARED_TEAM: Final = "no_shared_team"
BLOCKED_CODES: Final = frozenset({"MessageWritesBlocked", "ConversationBlockedByUser"})

UnreachableWhy = Literal[
    "not_installed_no_shared_team",  # no personal app and no team or group chat with the bot
    "blocked",  # the person blocked or removed the bot in their chat
    "rejected",  # Teams refused their chat for another reason (left the tenant, removed app)
    "unknown_person",  # the bot has never seen them anywhere
]


@dataclass(frozen=True)
class Reachability:
    """Whether the bot can send ``person`` a message now, and if not, why (for the reply)."""

    reachable: bool
    why: UnreachableWhy | None = None


REACHABLE: Final = Reachability(True)
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
class PersonRoute:
    """Everything the messenger needs to reach one person, read in one go."""

    mark: str | None  # why they were marked unreachable, if they were
    chat: PersonalChat | None
    roster: RosterEntry | None

    @property
    def unreachable(self) -> str | None:
        """The reason to drop a message to them, or None to try. A "no shared team" mark is
        stale once a chat or a roster shows them (it was set before the bot was installed)."""
        if self.mark == NO_SHARED_TEAM and (self.chat is not None or self.roster is not None):
            return None
        if self.mark is not None:
            return self.mark
        if self.chat is None and self.roster is None:
            return NO_SHARED_TEAM
        return None

    @property
    def stale_mark(self) -> bool:
        return self.mark is not None and self.unreachable is None


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

    def clear_unreachable(self, person: PersonRef) -> bool:
        result = self._session.execute(
            delete(UnreachableRecord).where(
                col(UnreachableRecord.tenant_id) == person.tenant_id,
                col(UnreachableRecord.aad_object_id) == person.aad_object_id,
            )
        )
        return bool(getattr(result, "rowcount", 0))

    def seen(self, person: PersonRef, now: datetime) -> int:
        """The bot saw ``person`` (a roster, an install, an event, their own activity): they
        are reachable again. What was dropped for them lately is queued again; returns how
        many messages. Cheap when they were not marked (one indexed delete)."""
        if not self.clear_unreachable(person):
            return 0
        return Outbox(self._session).requeue_dropped(person, since=now - REQUEUE_WITHIN, now=now)

    def seen_all(self, people: Iterable[PersonRef], now: datetime) -> int:
        """``seen`` for a whole roster: one statement finds who among them was marked."""
        wanted = set(people)
        if not wanted:
            return 0
        marked = self._session.execute(
            select(col(UnreachableRecord.tenant_id), col(UnreachableRecord.aad_object_id)).where(
                col(UnreachableRecord.aad_object_id).in_(sorted({p.aad_object_id for p in wanted}))
            )
        ).all()
        return sum(
            self.seen(person, now)
            for person in (PersonRef(tenant, aad) for tenant, aad in marked)
            if person in wanted
        )

    def members_seen(self, tenant_id: str, members: Sequence[Member], now: datetime) -> None:
        """People on a roster were seen: ``seen_all``, and each one the directory file lists by
        UPN only is linked to their object id."""
        people = [(PersonRef(tenant_id, m.aad_object_id), m.upn, m.name) for m in members]
        self.seen_all((person for person, _upn, _name in people), now)
        DirectoryStore(self._session, now).link_listed_by_upn(people)

    def reachability(self, person: PersonRef) -> Reachability:
        """Can the bot send ``person`` a message now? For a reply that must not claim a send
        that will not happen; usable inside the writing transaction (``unit.reach``)."""
        route = self.routes([person])[person]
        why = route.unreachable
        if why is None:
            return REACHABLE
        if why in BLOCKED_CODES:
            return Reachability(False, "blocked")
        if why != NO_SHARED_TEAM:
            return Reachability(False, "rejected")
        if self._ever_seen(person):
            return Reachability(False, "not_installed_no_shared_team")
        return Reachability(False, "unknown_person")

    def _ever_seen(self, person: PersonRef) -> bool:
        """Known from a turn, a roster or the directory (by Entra id)."""
        user = self._session.scalar(
            select(func.count())
            .select_from(UserRecord)
            .where(
                func.lower(col(UserRecord.aad_object_id)) == person.aad_object_id,
                func.lower(col(UserRecord.tenant_id)) == person.tenant_id,
            )
        )
        directory = self._session.scalar(
            select(func.count())
            .select_from(PersonRecord)
            .where(
                col(PersonRecord.tenant_id) == person.tenant_id,
                col(PersonRecord.aad_object_id) == person.aad_object_id,
            )
        )
        return bool(user or directory)

    def display_name(self, person: PersonRef) -> str:
        """The person's name as the directory, a roster or their own turns have it ("" if none)."""
        directory = self._session.scalar(
            select(col(PersonRecord.name)).where(
                col(PersonRecord.tenant_id) == person.tenant_id,
                col(PersonRecord.aad_object_id) == person.aad_object_id,
            )
        )
        if directory:
            return str(directory)
        member = self._session.scalar(
            select(col(MemberRecord.name))
            .where(
                col(MemberRecord.tenant_id) == person.tenant_id,
                col(MemberRecord.aad_object_id) == person.aad_object_id,
                col(MemberRecord.name) != "",
            )
            .limit(1)
        )
        if member:
            return str(member)
        user = self._session.scalar(
            select(col(UserRecord.name))
            .where(
                func.lower(col(UserRecord.aad_object_id)) == person.aad_object_id,
                func.lower(col(UserRecord.tenant_id)) == person.tenant_id,
                col(UserRecord.name) != "",
            )
            .order_by(col(UserRecord.last_seen_at).desc())
            .limit(1)
        )
        return str(user or "")

    def routes(self, people: Sequence[PersonRef]) -> dict[PersonRef, PersonRoute]:
        """How to reach each of ``people``, in three queries whatever their number."""
        wanted = set(people)
        if not wanted:
            return {}
        ids = sorted({p.aad_object_id for p in wanted})
        marks: dict[PersonRef, str] = {}
        for tenant, aad, reason in self._session.execute(
            select(
                col(UnreachableRecord.tenant_id),
                col(UnreachableRecord.aad_object_id),
                col(UnreachableRecord.reason),
            ).where(col(UnreachableRecord.aad_object_id).in_(ids))
        ):
            marks[PersonRef(tenant, aad)] = reason
        chats: dict[PersonRef, PersonalChat] = {}
        for reference, aad, tenant in self._session.execute(
            select(
                ConversationReferenceRecord,
                col(UserRecord.aad_object_id),
                col(ConversationReferenceRecord.tenant_id),
            )
            .join(
                UserRecord,
                col(UserRecord.teams_user_id) == col(ConversationReferenceRecord.teams_user_id),
            )
            .where(
                func.lower(col(UserRecord.aad_object_id)).in_(ids),
                col(ConversationReferenceRecord.conversation_type) == "personal",
            )
            .order_by(col(ConversationReferenceRecord.updated_at).desc())
        ):
            if aad and tenant:
                person = PersonRef(tenant, aad)
                chats.setdefault(
                    person,
                    PersonalChat(
                        reference.conversation_id, reference.service_url, reference.teams_user_id
                    ),
                )
        rosters: dict[PersonRef, RosterEntry] = {}
        for member, installation in self._session.execute(
            select(MemberRecord, InstallationRecord)
            .join(
                InstallationRecord, col(InstallationRecord.id) == col(MemberRecord.installation_id)
            )
            .where(
                col(MemberRecord.aad_object_id).in_(ids),
                col(InstallationRecord.active).is_(True),
            )
            .order_by(col(InstallationRecord.updated_at).desc())
        ):
            rosters.setdefault(
                PersonRef(member.tenant_id, member.aad_object_id),
                RosterEntry(
                    member.teams_user_id, installation.service_url, installation.bot_id, member.name
                ),
            )
        return {p: PersonRoute(marks.get(p), chats.get(p), rosters.get(p)) for p in wanted}

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

    def conversation_name(self, conversation_id: str) -> str | None:
        """What people call a channel, team or group chat the bot is installed in ("PC Amager,
        KI-koordinering"; a team's id is its General channel); None where the bot is not."""
        root = _root_conversation(conversation_id)
        channel = self._session.scalars(
            select(ChannelRecord).where(col(ChannelRecord.channel_id) == root)
        ).first()
        installation = (
            self._session.get(InstallationRecord, channel.installation_id)
            if channel is not None
            else self._installation(root)
        )
        if installation is None or not installation.active:
            return None
        if channel is not None and channel.name and channel.name != installation.name:
            return f"{installation.name}, {channel.name}"
        return installation.name or None

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

    def upn_of(self, person: PersonRef) -> str | None:
        """The UPN a roster gave for ``person``, if any."""
        return self._session.scalars(
            select(col(MemberRecord.upn)).where(
                col(MemberRecord.tenant_id) == person.tenant_id.lower(),
                col(MemberRecord.aad_object_id) == person.aad_object_id.lower(),
                col(MemberRecord.upn).is_not(None),
            )
        ).first()

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

    def record_copies(self, copies: Sequence[tuple[str, SentCopy]], now: datetime) -> None:
        """``record_copy`` for many (key, copy) pairs in one statement (a fan-out's outcomes)."""
        if not copies:
            return
        dialect = self._session.get_bind().dialect.name
        insert = postgres_insert if dialect == "postgresql" else sqlite_insert
        rows = [
            {
                "card_key": key,
                "tenant_id": copy.tenant_id,
                "conversation_id": copy.conversation_id,
                "activity_id": copy.activity_id,
                "service_url": copy.service_url,
                "sent_at": now,
            }
            for key, copy in dict.fromkeys(copies)
        ]
        self._session.execute(
            insert(SentCopyRecord)
            .values(rows)
            .on_conflict_do_nothing(index_elements=["card_key", "conversation_id", "activity_id"])
        )

    def copies(self, card_key: str) -> list[SentCopy]:
        """Every copy of the card. Read under a shared lock on the card's counter row, so a
        copy recorded meanwhile either is read here or sees this update as in flight (and
        queues a catch-up, ``Outbox.catch_up_copy``)."""
        self._session.scalars(
            select(CardVersionRecord)
            .where(col(CardVersionRecord.card_key) == card_key)
            .with_for_update(read=True)
        ).first()
        records = self._session.scalars(
            select(SentCopyRecord)
            .where(col(SentCopyRecord.card_key) == card_key)
            .order_by(col(SentCopyRecord.id))
        ).all()
        return [
            SentCopy(r.tenant_id, r.conversation_id, r.activity_id, r.service_url) for r in records
        ]


def seen_in_a_turn(
    session: Session,
    tenant_id: str | None,
    aad_object_id: str | None,
    now: datetime,
    *,
    upn: str | None = None,
    name: str = "",
) -> None:
    """Any activity from a person makes them reachable again (``Reach.seen``) and links them
    to a directory entry that knew them by UPN only (the UPN from the activity, else from a
    roster they are on: Teams activities seldom carry it)."""
    if tenant_id and aad_object_id:
        person = PersonRef(tenant_id, aad_object_id)
        reach = Reach(session)
        reach.seen(person, now)
        known = upn or reach.upn_of(person)
        if known:
            DirectoryStore(session, now).link_listed_by_upn([(person, known, name)])
