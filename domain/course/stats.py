"""The figures the pilot counted by hand (report Table 3.2), per quarter: courses started, plans
written on time (within ``plan_days`` of the meeting), follow-up meetings held."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .deadlines import CourseRules, plan_deadline


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1..4

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> date:
        following = self.next()
        return following.first_day - timedelta(days=1)

    def next(self) -> Quarter:
        return Quarter(self.year + self.number // 4, self.number % 4 + 1)

    def previous(self) -> Quarter:
        return Quarter(self.year - (self.number == 1), (self.number - 2) % 4 + 1)

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"


def quarters_since(first: date, today: date) -> list[Quarter]:
    quarter, last = Quarter.of(first), Quarter.of(today)
    found = []
    while quarter <= last:
        found.append(quarter)
        quarter = quarter.next()
    return found


def last_quarters(today: date, count: int = 4) -> list[Quarter]:
    quarter = Quarter.of(today)
    found = [quarter]
    for _ in range(count - 1):
        quarter = quarter.previous()
        found.append(quarter)
    return found[::-1]


@dataclass(frozen=True)
class CourseFacts:
    """What the figures need of one course (local dates)."""

    started_on: date
    meeting_held_on: date | None = None
    plan_written_on: date | None = None
    follow_ups_held: tuple[date, ...] = ()


@dataclass(frozen=True)
class QuarterFigures:
    quarter: Quarter
    started: int
    plans_written: int
    plans_on_time: int
    follow_ups_held: int


def quarter_figures(
    facts: Iterable[CourseFacts], quarters: Sequence[Quarter], rules: CourseRules | None = None
) -> list[QuarterFigures]:
    rules = rules or CourseRules()
    counts = {q: [0, 0, 0, 0] for q in quarters}
    for course in facts:
        if (q := Quarter.of(course.started_on)) in counts:
            counts[q][0] += 1
        if (
            course.plan_written_on is not None
            and (q := Quarter.of(course.plan_written_on)) in counts
        ):
            counts[q][1] += 1
            held = course.meeting_held_on
            if held is not None and plan_deadline(held, course.plan_written_on, rules).met_in_time:
                counts[q][2] += 1
        for day in course.follow_ups_held:
            if (q := Quarter.of(day)) in counts:
                counts[q][3] += 1
    return [QuarterFigures(q, *counts[q]) for q in quarters]
