"""In-memory Outlook invitation rows, with the promises the job relies on (one claim wins)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from storage.outlook_events import MAX_ERROR, OutlookEvent


class FakeOutlookEvents:
    def __init__(self) -> None:
        self.rows: dict[str, OutlookEvent] = {}
        self.now: datetime | None = None

    def want(self, poll_id: str, sequence: int, *, cancelled: bool, now: datetime) -> None:
        row = self.rows.get(poll_id)
        if row is None:
            self.rows[poll_id] = OutlookEvent(
                poll_id, None, None, sequence, cancelled, -1, "pending", 0, "", now
            )
            return
        row = replace(row, wanted_sequence=sequence, cancelled=cancelled)
        if not (row.state == "fallback" and row.event_id is None):
            row = replace(row, state="pending", attempts=0, due_at=now)
        self.rows[poll_id] = row

    def get(self, poll_id: str) -> OutlookEvent | None:
        return self.rows.get(poll_id)

    def due(self, now: datetime, limit: int = 20) -> list[str]:
        waiting = [r for r in self.rows.values() if r.state == "pending" and r.due_at <= now]
        return [r.poll_id for r in sorted(waiting, key=lambda r: r.due_at)][:limit]

    def claim(self, poll_id: str, now: datetime, until: datetime) -> OutlookEvent | None:
        row = self.rows.get(poll_id)
        if row is None or row.state != "pending" or row.due_at > now:
            return None
        self.now = now
        self.rows[poll_id] = replace(row, due_at=until)
        return self.rows[poll_id]

    def record(
        self, poll_id: str, sequence: int, event_id: str | None, join_url: str | None
    ) -> None:
        row = self.rows[poll_id]
        done = row.wanted_sequence == sequence
        self.rows[poll_id] = replace(
            row,
            done_sequence=sequence,
            event_id=event_id,
            join_url=join_url or row.join_url,
            attempts=0,
            last_error="",
            state="done" if done else "pending",
            due_at=row.due_at if done or self.now is None else self.now,
        )

    def retry(self, poll_id: str, attempts: int, at: datetime, error: str) -> None:
        row = self.rows[poll_id]
        self.rows[poll_id] = replace(
            row, attempts=attempts, due_at=at, last_error=error[:MAX_ERROR]
        )

    def give_up(self, poll_id: str, error: str) -> None:
        row = self.rows[poll_id]
        self.rows[poll_id] = replace(row, state="fallback", last_error=error[:MAX_ERROR])

    def next_due(self) -> datetime | None:
        return min((r.due_at for r in self.rows.values() if r.state == "pending"), default=None)

    def counts(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for row in self.rows.values():
            found[row.state] = found.get(row.state, 0) + 1
        return found
