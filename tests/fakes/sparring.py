"""A fake of ``storage.sparring.SparringThreads``: threads and messages in dicts, the same
promises (``save`` only over the version a change was made from; locking is a no-op)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from domain.clock import Clock
from domain.identity import PersonRef
from domain.sparring import UNCLAIMED_STATUSES, NewThread, Status, Thread
from storage.sparring import AttachedScreening, Message


@dataclass
class FakeThreads:
    clock: Clock
    threads: dict[int, Thread] = field(default_factory=dict)
    messages_by_id: dict[int, tuple[int, Message]] = field(default_factory=dict)
    screenings: dict[str, AttachedScreening] = field(default_factory=dict)
    saves: int = 0

    def create(self, new: NewThread) -> Thread:
        thread = Thread.asked(len(self.threads) + 1, new, self.clock.now())
        self.threads[thread.id] = thread
        self.add_message(thread.id, new.asker, "question", new.question)
        return thread

    def get(self, thread_id: int, *, for_update: bool = False) -> Thread | None:
        return self.threads.get(thread_id)

    def save(self, thread: Thread) -> bool:
        stored = self.threads.get(thread.id)
        if stored is None or stored.version != thread.version - 1:
            return False
        self.threads[thread.id] = thread
        self.saves += 1
        return True

    def add_message(self, thread_id: int, author: PersonRef, kind: str, text: str) -> int:
        message_id = len(self.messages_by_id) + 1
        message = Message(author, kind, text, self.clock.now())
        self.messages_by_id[message_id] = (thread_id, message)
        return message_id

    def messages(self, thread_id: int) -> list[Message]:
        return [m for owner, m in self.messages_by_id.values() if owner == thread_id]

    def asked_by(self, asker: PersonRef, limit: int = 20) -> list[Thread]:
        mine = [t for t in self.threads.values() if t.asker == asker]
        return sorted(mine, key=lambda t: (-t.asked_at.timestamp(), t.id))[:limit]

    def inbox(self, organisation_ids: Sequence[str], me: PersonRef) -> list[Thread]:
        found = [
            t
            for t in self.threads.values()
            if (t.organisation_id in organisation_ids and t.status in UNCLAIMED_STATUSES)
            or (t.claimer == me and t.status in (Status.CLAIMED, Status.ANSWERED))
        ]
        return sorted(found, key=lambda t: (t.asked_at, t.id))

    def screening(self, screening_id: str) -> AttachedScreening | None:
        return self.screenings.get(screening_id)

    def at(self, thread_id: int) -> Thread:
        """The stored thread (tests)."""
        return self.threads[thread_id]
