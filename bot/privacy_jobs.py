"""The background jobs of the retention rules: what ended ``RETENTION_DAYS`` ago is deleted (its
cards in Teams turned neutral), and audit entries older than ``AUDIT_RETENTION_DAYS`` go.

Both run once a day at the UTC midnight, with the other clean-up jobs (sooner while a round
stopped at its batch limit), in batches of one transaction each, so a big backlog never holds a
long lock. Something due is therefore deleted the day it falls due, never later than the next."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from functools import partial
from typing import Final

from cards.privacy import deleted_card
from cards.texts import Texts, language_of
from domain.messaging import Content
from domain.schedule import next_multiple
from storage.audit import AuditEntry, AuditLog
from storage.retention import KINDS, Retention
from storage.unit_of_work import SqlUnitOfWork, UnitsOfWork

from .config import Settings

log = logging.getLogger(__name__)

INTERVAL: Final = timedelta(days=1)
BATCH: Final = 50
ROUNDS: Final = 20  # batches per kind and run; the rest waits for the next run


def neutral_content(language: str) -> Content:
    """What every copy of a card about a deleted case shows instead, summary text included."""
    texts = Texts(language)
    return Content(text=texts("privacy.deleted_title"), card=deleted_card(texts))


class PrivacyJobs:
    def __init__(
        self, units: UnitsOfWork, settings: Settings, *, batch: int = BATCH, rounds: int = ROUNDS
    ) -> None:
        self._units = units
        self._days = settings.retention_days
        self._audit_days = settings.audit_retention_days
        self._language = language_of(settings.default_locale)
        self._batch = batch
        self._rounds = rounds
        self._last: dict[str, datetime] = {}
        self._behind: set[str] = set()

    def _due(self, job: str, now: datetime) -> bool:
        last = self._last.get(job)
        if last is not None and now < next_multiple(last, INTERVAL) and job not in self._behind:
            return False
        self._last[job] = now
        return True

    def next_due(self, job: str, after: datetime) -> datetime:
        """When ``job`` ('retention' or 'audit') next has work: at once while it is behind, else
        the next UTC midnight."""
        return after if job in self._behind else next_multiple(after, INTERVAL)

    async def retention(self, now: datetime) -> dict[str, int]:
        """Delete what is due, kind by kind; how many of each."""
        if not self._due("retention", now):
            return {}
        deleted: dict[str, int] = {}
        behind = False
        for kind in KINDS:
            for _ in range(self._rounds):
                count = await self._units.run_sql(partial(self._one_batch, kind=kind))
                deleted[kind] = deleted.get(kind, 0) + count
                if count < self._batch:
                    break
            else:
                behind = True
        self._behind.discard("retention")
        if behind:
            self._behind.add("retention")
        if any(deleted.values()):
            log.info("retention deleted %s", {k: n for k, n in deleted.items() if n})
        return deleted

    def _one_batch(self, unit: SqlUnitOfWork, *, kind: str) -> int:
        retention = Retention(
            unit, days=self._days, neutral=neutral_content, default_language=self._language
        )
        return retention.run(kind, self._batch)

    async def audit_retention(self, now: datetime) -> int:
        """Delete audit entries older than the audit log's retention period, in batches."""
        if not self._due("audit", now):
            return 0
        cutoff = now - timedelta(days=self._audit_days)
        total = 0
        for _ in range(self._rounds):
            count = await self._units.run_sql(
                lambda unit: AuditLog(unit.session).purge_before(cutoff, self._batch)
            )
            total += count
            if count < self._batch:
                self._behind.discard("audit")
                break
        else:
            self._behind.add("audit")
        if total:

            def record(unit: SqlUnitOfWork) -> None:
                AuditLog(unit.session).record(
                    AuditEntry(
                        unit.now,
                        None,
                        "retention.deleted",
                        "retention",
                        "audit_entry",
                        detail={"count": total},
                    )
                )

            await self._units.run_sql(record)
            log.info("audit retention deleted %d entries", total)
        return total
