"""Per organisation: how many requests, and the median times to claim and to first answer."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median


@dataclass(frozen=True)
class ThreadTimes:
    organisation_id: str
    asked_at: datetime
    claimed_at: datetime | None
    first_answer_at: datetime | None


@dataclass(frozen=True)
class OrganisationStats:
    organisation_id: str
    requests: int
    median_to_claim: timedelta | None  # None: nothing claimed yet
    median_to_first_answer: timedelta | None


def _median(durations: list[timedelta]) -> timedelta | None:
    if not durations:
        return None
    return timedelta(seconds=median(d.total_seconds() for d in durations))


def summarise(threads: Iterable[ThreadTimes]) -> list[OrganisationStats]:
    by_organisation: dict[str, list[ThreadTimes]] = {}
    for thread in threads:
        by_organisation.setdefault(thread.organisation_id, []).append(thread)
    return [
        OrganisationStats(
            organisation_id,
            len(group),
            _median([t.claimed_at - t.asked_at for t in group if t.claimed_at]),
            _median([t.first_answer_at - t.asked_at for t in group if t.first_answer_at]),
        )
        for organisation_id, group in sorted(by_organisation.items())
    ]
