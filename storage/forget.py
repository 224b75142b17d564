"""Forgetting a member of staff who left (``ki-bot privacy forget --person UPN``).

Removed: their conversation references, users rows (with their preferences), roster rows, dialog
state, the copies of cards in their personal chat, their own reminders, their roles and
absences, and the messages still waiting for them. Their open courses go to a coordinator of the
course's organisation (every coordinator there is told, through the outbox). Their name is
replaced by "tidligere medarbejder" wherever it is stored: the directory, sparring threads,
meeting polls, and where others wrote it in full in free text or it shows in queued messages.
Their Entra object id stays where it says who did what (the audit log, a course's steps): it
names nobody once their name is gone.

Everything runs in the caller's unit of work; a second run finds nothing left to do.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Final

from sqlalchemy import delete, func, or_, select, update
from sqlmodel import col

from domain.calendar import WorkingCalendar
from domain.course import Stage
from domain.identity import PersonRef
from domain.messaging import Content, ToPerson

from .audit import AuditEntry, AuditLog
from .course_tables import CourseRecord
from .directory import DirectoryStore
from .directory_tables import AbsenceRecord, PersonRecord, RoleRecord
from .meeting_tables import MeetingParticipantRecord, MeetingPollRecord
from .models import (
    BotStateRecord,
    CaseRecord,
    ConversationReferenceRecord,
    ProcessedActivity,
    ScreeningRecord,
    UserRecord,
)
from .outbox import PENDING, OutgoingMessage, address_to_json
from .prompt_cards import PromptCardRecord
from .reach_models import MemberRecord, OutboxRecord, SentCopyRecord, UnreachableRecord
from .reminders import ReminderOccurrenceRecord, ReminderRecord
from .sparring import SparringMessageRecord, SparringThreadRecord
from .trail import MessageTrail, Subject
from .unit_of_work import SqlUnitOfWork

MIN_NAME: Final = 4  # shorter names are not searched for in free text: too many false hits
CANCELLED: Final = "cancelled"

# Builds the coordinators' notice in their language: (language, case reference, new tovholder).
HandoverNotice = Callable[[str, str, str], Content]


@dataclass
class ForgetReport:
    who: str
    person: PersonRef | None = None
    conversation_references: int = 0
    users: int = 0
    roster_rows: int = 0
    dialog_state: int = 0
    sent_copies: int = 0
    reminders: int = 0
    waiting_messages: int = 0
    directory_entries: int = 0
    renamed: int = 0
    handed_over: list[tuple[str, str]] = field(default_factory=list)  # (reference, to whom)
    not_handed_over: list[str] = field(default_factory=list)  # no coordinator to take them

    @property
    def changed(self) -> bool:
        return any(
            (
                self.conversation_references,
                self.users,
                self.roster_rows,
                self.dialog_state,
                self.sent_copies,
                self.reminders,
                self.waiting_messages,
                self.directory_entries,
                self.renamed,
                self.handed_over,
            )
        )

    def counts(self) -> dict[str, int]:
        return {
            "conversation_references": self.conversation_references,
            "users": self.users,
            "roster_rows": self.roster_rows,
            "dialog_state": self.dialog_state,
            "sent_copies": self.sent_copies,
            "reminders": self.reminders,
            "waiting_messages": self.waiting_messages,
            "directory_entries": self.directory_entries,
            "renamed": self.renamed,
            "courses_handed_over": len(self.handed_over),
            "courses_not_handed_over": len(self.not_handed_over),
        }


def _count(result: Any) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


class Forgetting:
    def __init__(
        self,
        unit: SqlUnitOfWork,
        *,
        replacement: str,
        notice: HandoverNotice,
        calendar: WorkingCalendar,
        language_of: Callable[[PersonRef], str],
    ) -> None:
        self._unit = unit
        self._session = unit.session
        self._replacement = replacement
        self._notice = notice
        self._calendar = calendar
        self._language_of = language_of

    # --- who ---------------------------------------------------------------------------------

    def _find(self, who: str) -> tuple[PersonRef | None, list[int]]:
        """The person (tenant + Entra id) and their directory rows, by UPN or ``tenant/id``."""
        if "/" in who and "@" not in who:
            tenant, aad = who.split("/", 1)
            ref = PersonRef(tenant, aad)
        else:
            upn = who.strip().lower()
            ref = None
            found = (
                self._session.execute(
                    select(col(PersonRecord.tenant_id), col(PersonRecord.aad_object_id)).where(
                        col(PersonRecord.upn) == upn
                    )
                ).first()
                or self._session.execute(
                    select(col(MemberRecord.tenant_id), col(MemberRecord.aad_object_id)).where(
                        func.lower(col(MemberRecord.upn)) == upn
                    )
                ).first()
            )
            if found is not None and found[0] and found[1]:
                ref = PersonRef(found[0], found[1])
        matches = [col(PersonRecord.upn) == who.strip().lower()]
        if ref is not None:
            matches.append(
                (col(PersonRecord.tenant_id) == ref.tenant_id)
                & (col(PersonRecord.aad_object_id) == ref.aad_object_id)
            )
        rows = select(col(PersonRecord.id)).where(or_(*matches))
        return ref, [person_id for person_id in self._session.scalars(rows) if person_id]

    # --- forgetting --------------------------------------------------------------------------

    def forget(self, who: str) -> ForgetReport:
        report = ForgetReport(who)
        self._teams_ids: set[str] = set()
        ref, person_ids = self._find(who)
        report.person = ref
        names = self._names(ref, person_ids)
        if ref is not None:
            self._hand_over_courses(ref, report)
            self._forget_reach(ref, report)
            self._forget_reminders(ref, report)
            self._rename_records(ref, report)
        self._forget_directory_entries(person_ids, report)
        self._replace_names(names, report)
        if report.changed:
            AuditLog(self._session).record(
                AuditEntry(
                    self._unit.now,
                    None,
                    "privacy.forgotten",
                    "person",
                    ref.aad_object_id if ref is not None else "directory-entry",
                    detail=dict(report.counts()),
                )
            )
        return report

    def _names(self, ref: PersonRef | None, person_ids: list[int]) -> set[str]:
        found: set[str] = set()
        if person_ids:
            found |= set(
                self._session.scalars(
                    select(col(PersonRecord.name)).where(col(PersonRecord.id).in_(person_ids))
                )
            )
        if ref is not None:
            for column, tenant, aad in (
                (col(UserRecord.name), col(UserRecord.tenant_id), col(UserRecord.aad_object_id)),
                (
                    col(MemberRecord.name),
                    col(MemberRecord.tenant_id),
                    col(MemberRecord.aad_object_id),
                ),
                (
                    col(MeetingParticipantRecord.name),
                    col(MeetingParticipantRecord.tenant_id),
                    col(MeetingParticipantRecord.aad_object_id),
                ),
            ):
                found |= set(
                    self._session.scalars(
                        select(column).where(
                            func.lower(tenant) == ref.tenant_id,
                            func.lower(aad) == ref.aad_object_id,
                        )
                    )
                )
        return {n.strip() for n in found if n and len(n.strip()) >= MIN_NAME} - {self._replacement}

    def _hand_over_courses(self, ref: PersonRef, report: ForgetReport) -> None:
        courses = list(
            self._session.scalars(
                select(CourseRecord).where(
                    col(CourseRecord.tovholder_tenant_id) == ref.tenant_id,
                    col(CourseRecord.tovholder_aad_object_id) == ref.aad_object_id,
                    col(CourseRecord.stage) != Stage.CLOSED.value,
                )
            )
        )
        if not courses:
            return
        directory = DirectoryStore(self._session, self._unit.now).snapshot()
        own = directory.person(ref)
        for course in courses:
            organisation = course.organisation_id or (own.organisation_id if own else None)
            coordinators = [
                c
                for c in (
                    directory.coordinators(organisation) or directory.backups(organisation)
                    if organisation
                    else []
                )
                if c != ref
            ]
            if not coordinators:
                report.not_handed_over.append(course.reference)
                continue
            new = coordinators[0]
            person = directory.person(new)
            name = person.label if person is not None else new.aad_object_id
            self._move_course(course, ref, new)
            for coordinator in coordinators:
                language = self._language_of(coordinator)
                self._unit.send_automatic(
                    OutgoingMessage(
                        f"course:{course.reference}:forgotten:{ref.aad_object_id}:"
                        f"{coordinator.aad_object_id}"[:200],
                        ToPerson(coordinator),
                        self._notice(language, course.reference, name),
                        self._unit.now,
                        card_key=f"course:{course.reference}",
                        language=language,
                    ),
                    self._calendar,
                )
            AuditLog(self._session).record(
                AuditEntry(
                    self._unit.now,
                    None,
                    "course.handed_over",
                    "case",
                    course.reference,
                    case_reference=course.reference,
                    detail={"reason": "tovholder_forgotten"},
                )
            )
            report.handed_over.append((course.reference, name))

    def _move_course(self, course: CourseRecord, old: PersonRef, new: PersonRef) -> None:
        course.tovholder_tenant_id = new.tenant_id
        course.tovholder_aad_object_id = new.aad_object_id
        course.updated_at = self._unit.now
        self._session.add(course)
        teams_id = self._session.scalar(
            select(col(UserRecord.teams_user_id)).where(
                func.lower(col(UserRecord.tenant_id)) == new.tenant_id,
                func.lower(col(UserRecord.aad_object_id)) == new.aad_object_id,
            )
        )
        self._session.execute(
            update(CaseRecord)
            .where(col(CaseRecord.id) == course.case_id)
            .values(tovholder_teams_user_id=teams_id or "")
        )
        # The course's nudges already queued for the old tovholder go to the new one.
        escaped = course.reference.replace("_", "\\_").replace("%", "\\%")
        self._session.execute(
            update(OutboxRecord)
            .where(
                col(OutboxRecord.status) == PENDING,
                col(OutboxRecord.address_json) == address_to_json(ToPerson(old)),
                or_(
                    col(OutboxRecord.dedupe_key) == f"course:{course.reference}",
                    col(OutboxRecord.dedupe_key).like(f"course:{escaped}:%", escape="\\"),
                ),
            )
            .values(address_json=address_to_json(ToPerson(new)))
        )

    def _forget_reach(self, ref: PersonRef, report: ForgetReport) -> None:
        mine = (
            func.lower(col(UserRecord.tenant_id)) == ref.tenant_id,
            func.lower(col(UserRecord.aad_object_id)) == ref.aad_object_id,
        )
        teams_ids = set(self._session.scalars(select(col(UserRecord.teams_user_id)).where(*mine)))
        teams_ids |= set(
            self._session.scalars(
                select(col(MemberRecord.teams_user_id)).where(
                    col(MemberRecord.tenant_id) == ref.tenant_id,
                    col(MemberRecord.aad_object_id) == ref.aad_object_id,
                )
            )
        )
        self._teams_ids = teams_ids
        if teams_ids:
            self._blank_teams_ids(teams_ids, report)
            chats = list(
                self._session.scalars(
                    select(col(ConversationReferenceRecord.conversation_id)).where(
                        col(ConversationReferenceRecord.teams_user_id).in_(teams_ids),
                        col(ConversationReferenceRecord.conversation_type) == "personal",
                    )
                )
            )
            if chats:
                report.sent_copies += _count(
                    self._session.execute(
                        delete(SentCopyRecord).where(col(SentCopyRecord.conversation_id).in_(chats))
                    )
                )
            report.conversation_references += _count(
                self._session.execute(
                    delete(ConversationReferenceRecord).where(
                        col(ConversationReferenceRecord.teams_user_id).in_(teams_ids)
                    )
                )
            )
            report.dialog_state += self._forget_state(teams_ids)
        report.users += _count(self._session.execute(delete(UserRecord).where(*mine)))
        report.roster_rows += _count(
            self._session.execute(
                delete(MemberRecord).where(
                    col(MemberRecord.tenant_id) == ref.tenant_id,
                    col(MemberRecord.aad_object_id) == ref.aad_object_id,
                )
            )
        )
        self._session.execute(
            delete(UnreachableRecord).where(
                col(UnreachableRecord.tenant_id) == ref.tenant_id,
                col(UnreachableRecord.aad_object_id) == ref.aad_object_id,
            )
        )
        report.waiting_messages += _count(
            self._session.execute(
                update(OutboxRecord)
                .where(
                    col(OutboxRecord.status) == PENDING,
                    col(OutboxRecord.address_json) == address_to_json(ToPerson(ref)),
                )
                .values(status=CANCELLED)
            )
        )

    def _blank_teams_ids(self, teams_ids: set[str], report: ForgetReport) -> None:
        """Their Teams ids where a record keeps them to reach them (owner of a screening card,
        tovholder of a closed case or a poll): nobody reaches them there any more."""
        chats = select(col(ConversationReferenceRecord.conversation_id)).where(
            col(ConversationReferenceRecord.teams_user_id).in_(teams_ids),
            col(ConversationReferenceRecord.conversation_type) == "personal",
        )
        self._session.execute(
            update(ScreeningRecord)
            .where(col(ScreeningRecord.conversation_id).in_(chats))
            .values(conversation_id="")
        )
        for table, column in (
            (ScreeningRecord, "teams_user_id"),
            (CaseRecord, "tovholder_teams_user_id"),
            (MeetingPollRecord, "tovholder_teams_user_id"),
        ):
            report.renamed += _count(
                self._session.execute(
                    update(table).where(getattr(table, column).in_(teams_ids)).values({column: ""})
                )
            )

    def _forget_state(self, teams_ids: Iterable[str]) -> int:
        """Their dialog state (the SDK keys it ``…/users/<Teams id>/…``) and the cards that wait
        for their answer."""
        teams_ids = list(teams_ids)
        key = col(BotStateRecord.key)
        theirs = or_(
            *(key.contains(f"/users/{t}/") | key.endswith(f"/users/{t}") for t in teams_ids)
        )
        cards = delete(PromptCardRecord).where(
            col(PromptCardRecord.owner_teams_user_id).in_(list(teams_ids))
        )
        return _count(self._session.execute(delete(BotStateRecord).where(theirs))) + _count(
            self._session.execute(cards)
        )

    def _forget_reminders(self, ref: PersonRef, report: ForgetReport) -> None:
        reminders = list(
            self._session.scalars(
                select(col(ReminderRecord.id)).where(
                    col(ReminderRecord.owner_tenant_id) == ref.tenant_id,
                    col(ReminderRecord.owner_aad_object_id) == ref.aad_object_id,
                )
            )
        )
        if not reminders:
            return
        trail = MessageTrail(self._unit, None)
        for reminder_id in reminders:
            trail.erase(
                Subject((f"reminder:{reminder_id}", f"reminder-card:reminder:{reminder_id}"))
            )
        self._session.execute(
            delete(ReminderOccurrenceRecord).where(
                col(ReminderOccurrenceRecord.reminder_id).in_(reminders)
            )
        )
        self._session.execute(delete(ReminderRecord).where(col(ReminderRecord.id).in_(reminders)))
        report.reminders += len(reminders)

    def _forget_directory_entries(self, person_ids: list[int], report: ForgetReport) -> None:
        if not person_ids:
            return
        self._session.execute(delete(RoleRecord).where(col(RoleRecord.person_id).in_(person_ids)))
        self._session.execute(
            delete(AbsenceRecord).where(col(AbsenceRecord.person_id).in_(person_ids))
        )
        self._session.execute(
            update(AbsenceRecord)
            .where(col(AbsenceRecord.substitute_id).in_(person_ids))
            .values(substitute_id=None)
        )
        report.directory_entries += _count(
            self._session.execute(
                update(PersonRecord)
                .where(
                    col(PersonRecord.id).in_(person_ids),
                    or_(
                        col(PersonRecord.name) != self._replacement,
                        col(PersonRecord.upn).is_not(None),
                        col(PersonRecord.organisation_id).is_not(None),
                    ),
                )
                .values(
                    name=self._replacement,
                    upn=None,
                    organisation_id=None,
                    updated_at=self._unit.now,
                )
            )
        )

    def _rename_records(self, ref: PersonRef, report: ForgetReport) -> None:
        """Their name where a record keeps it beside their id."""
        for table, name, tenant, aad in (
            (SparringThreadRecord, "asker_name", "asker_tenant_id", "asker_aad_object_id"),
            (SparringThreadRecord, "claimer_name", "claimer_tenant_id", "claimer_aad_object_id"),
            (
                MeetingPollRecord,
                "tovholder_name",
                "tovholder_tenant_id",
                "tovholder_aad_object_id",
            ),
        ):
            report.renamed += _count(
                self._session.execute(
                    update(table)
                    .where(
                        getattr(table, tenant) == ref.tenant_id,
                        getattr(table, aad) == ref.aad_object_id,
                        getattr(table, name) != self._replacement,
                    )
                    .values({name: self._replacement})
                )
            )
        report.renamed += _count(
            self._session.execute(
                update(MeetingParticipantRecord)
                .where(
                    col(MeetingParticipantRecord.tenant_id) == ref.tenant_id,
                    col(MeetingParticipantRecord.aad_object_id) == ref.aad_object_id,
                    or_(
                        col(MeetingParticipantRecord.name) != self._replacement,
                        col(MeetingParticipantRecord.upn).is_not(None),
                    ),
                )
                .values(name=self._replacement, upn=None)
            )
        )

    def _replace_names(self, names: set[str], report: ForgetReport) -> None:
        """Their full name where others wrote it, and in the messages the bot still holds."""
        if not names and not self._teams_ids:
            return
        report.renamed += self._forget_click_answers(names | self._teams_ids)
        if not names:
            report.renamed += self._replace_in_messages(set(), None)
            return
        pattern = re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
            + r")(?!\w)"
        )  # fmt: skip
        for table, column in (
            (ReminderRecord, "text"),
            (SparringThreadRecord, "question"),
            (SparringMessageRecord, "text"),
            (MeetingPollRecord, "title"),
            (MeetingPollRecord, "agenda"),
            (MeetingPollRecord, "citizen_points"),
            (MeetingParticipantRecord, "name"),
            (MeetingParticipantRecord, "note"),
        ):
            report.renamed += self._replace_in(table, column, names, pattern)
        report.renamed += self._replace_in_messages(names, pattern)

    def _forget_click_answers(self, needles: set[str]) -> int:
        """A click's stored answer that shows them is dropped: it is kept only to answer Teams'
        re-delivery of the same click (a re-delivery after this gets no card back)."""
        if not needles:
            return 0
        body = col(ProcessedActivity.invoke_body)
        return _count(
            self._session.execute(
                update(ProcessedActivity)
                .where(or_(*(body.contains(n) for n in needles)))
                .values(invoke_body=None, invoke_status=None)
            )
        )

    def _replace_in(
        self, table: Any, column: str, names: set[str], pattern: re.Pattern[str]
    ) -> int:
        attribute = getattr(table, column)
        rows = self._session.execute(
            select(table.id, attribute).where(or_(*(attribute.contains(n) for n in names)))
        ).all()
        changed = 0
        for row_id, value in rows:
            replaced = pattern.sub(self._replacement, value or "")
            if replaced != value:
                self._session.execute(
                    update(table).where(table.id == row_id).values({column: replaced})
                )
                changed += 1
        return changed

    def _replace_in_messages(self, names: set[str], pattern: re.Pattern[str] | None) -> int:
        """Their name in the messages the bot holds, and their Teams id in a card's refresh."""
        needles = names | self._teams_ids
        rows = self._session.execute(
            select(col(OutboxRecord.id), col(OutboxRecord.content_json)).where(
                or_(*(col(OutboxRecord.content_json).contains(n) for n in needles))
            )
        ).all()
        changed = 0
        for row_id, content in rows:
            cleaned = _replace_strings(
                json.loads(content), pattern, self._replacement, frozenset(self._teams_ids)
            )
            replaced = json.dumps(cleaned, ensure_ascii=False, sort_keys=True)
            if replaced != content:
                self._session.execute(
                    update(OutboxRecord)
                    .where(col(OutboxRecord.id) == row_id)
                    .values(content_json=replaced)
                )
                changed += 1
        return changed


def _replace_strings(
    value: Any, pattern: re.Pattern[str] | None, replacement: str, drop: frozenset[str]
) -> Any:
    """``value`` with the names replaced, and the ``drop`` ids left out of lists (a card's
    ``refresh.userIds``) or blanked."""
    if isinstance(value, str):
        if value in drop:
            return ""
        return pattern.sub(replacement, value) if pattern is not None else value
    if isinstance(value, list):
        return [
            _replace_strings(item, pattern, replacement, drop)
            for item in value
            if not (isinstance(item, str) and item in drop)
        ]
    if isinstance(value, dict):
        return {k: _replace_strings(v, pattern, replacement, drop) for k, v in value.items()}
    return value
