"""Fakes of the repositories every capability uses: audit, outbox, language preferences."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from domain.identity import PersonRef
from domain.messaging import ToPerson
from storage.audit import AuditEntry, check_entry
from storage.outbox import OutgoingMessage


@dataclass
class FakeAudit:
    entries: list[AuditEntry] = field(default_factory=list)

    def record(self, entry: AuditEntry) -> None:
        check_entry(entry)  # the same rules as the real log: codes and ids only
        self.entries.append(entry)

    def actions(self) -> list[str]:
        return [entry.action for entry in self.entries]

    def refusals(self) -> list[tuple[str, str]]:
        return [(e.action, e.outcome) for e in self.entries if e.outcome.startswith("refused")]


@dataclass
class FakeOutbox:
    """Queued messages by dedupe key; ``cancelled`` holds the keys withdrawn."""

    queued: dict[str, OutgoingMessage] = field(default_factory=dict)
    cancelled: set[str] = field(default_factory=set)

    def enqueue(self, message: OutgoingMessage, *, now: datetime) -> bool:
        if message.due_at.tzinfo is None:
            raise ValueError("due_at must be timezone-aware")
        if message.dedupe_key in self.queued:
            return False
        self.queued[message.dedupe_key] = message
        return True

    def cancel(self, key_prefix: str) -> int:
        withdrawn = [
            key for key in self.queued if key.startswith(key_prefix) and key not in self.cancelled
        ]
        self.cancelled.update(withdrawn)
        return len(withdrawn)

    def take_automatic(
        self, person: PersonRef, start: datetime, end: datetime
    ) -> list[OutgoingMessage]:
        taken = [
            m
            for m in self.pending()
            if m.address == ToPerson(person) and m.digest_group and start <= m.due_at < end
        ]
        self.cancelled.update(m.dedupe_key for m in taken)
        return taken

    def pending(self) -> list[OutgoingMessage]:
        return [m for key, m in self.queued.items() if key not in self.cancelled]

    def pending_keys(self) -> list[str]:
        return [m.dedupe_key for m in self.pending()]


@dataclass
class FakePreferences:
    languages: dict[PersonRef, str] = field(default_factory=dict)
    chosen_by_user: dict[str, str] = field(default_factory=dict)

    def language_for(self, person: PersonRef, default: str = "da") -> str:
        return self.languages.get(person, default)

    def language_of_user(self, teams_user_id: str) -> str | None:
        return self.chosen_by_user.get(teams_user_id)

    def set_language(self, teams_user_id: str, language: str, now: datetime) -> None:
        self.chosen_by_user[teams_user_id] = language
