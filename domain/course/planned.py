"""What a course has queued in the outbox (its reminders and escalations, by key), and what a
change withdraws from it, so a re-plan cancels exactly the messages that no longer apply.

A reminder whose moment has passed is left alone (it may be waiting for a digest); one whose
deadline was met, or whose date moved, is withdrawn before it is sent; a snooze stays until its
deadline is met.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from .deadlines import RESPONSIBLE, Deadline, DeadlineKind
from .keys import PlannedKey, ReminderKey
from .steps import Role


@dataclass(frozen=True)
class Planned:
    key: PlannedKey
    at: datetime
    written: str | None = None  # the key as stored, if it was written differently (see ``text``)

    @property
    def text(self) -> str:
        """The key as the outbox and the plan hold it: a snooze planned before keys were values
        has its minute unescaped (``09:00``), which reads back as the same key."""
        return self.written or str(self.key)

    @property
    def kind(self) -> DeadlineKind:
        return self.key.kind

    @property
    def due(self) -> date:
        return self.key.due

    @property
    def is_snooze(self) -> bool:
        return isinstance(self.key, ReminderKey) and self.key.snoozed_to is not None


def withdrawn(
    planned: Iterable[Planned],
    wanted: Collection[PlannedKey],
    still_open: Iterable[Deadline],
    now: datetime,
) -> list[Planned]:
    """What no longer applies after a change: everything of a deadline met or moved, and what is
    planned ahead but not wanted any more."""
    open_now = {(deadline.kind, deadline.due) for deadline in still_open}
    return [
        p
        for p in planned
        if (p.kind, p.due) not in open_now
        or (p.key not in wanted and p.at > now and not p.is_snooze)
    ]


def tovholders(planned: Iterable[Planned]) -> list[Planned]:
    """The tovholder's own reminders (a handover withdraws them; the coordinators' escalations
    and reminders stay)."""
    return [
        p
        for p in planned
        if isinstance(p.key, ReminderKey) and RESPONSIBLE[p.kind] is Role.TOVHOLDER
    ]
