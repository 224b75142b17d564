"""Cost of planning a course's reminders in pure domain code, per course.

Plans the reminders of N courses at random stages (meeting held, plan written, follow-up held)
and prints microseconds per course with a cold and a warm holiday cache, and their ratio, so the
nudging job can tell whether re-planning every open course on each change is affordable.

    .venv/bin/python -m bench.course_reminders [--courses 10000]
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, datetime, timedelta

from domain.calendar import WorkingCalendar, _public_holidays
from domain.course import COURSE_ZONE, course_at_milestones, plan_reminders


def _courses(count: int, seed: int = 11) -> list[tuple[date, date | None, date | None]]:
    rng = random.Random(seed)
    found: list[tuple[date, date | None, date | None]] = []
    for _ in range(count):
        meeting = date(2026, 1, 1) + timedelta(days=rng.randrange(3650))
        written = meeting + timedelta(days=rng.randrange(15)) if rng.random() < 0.7 else None
        held = (
            written + timedelta(days=rng.randrange(180)) if written and rng.random() < 0.3 else None
        )
        found.append((meeting, written, held))
    return found


def _run(milestones: list[tuple[date, date | None, date | None]]) -> tuple[float, int]:
    calendar = WorkingCalendar()
    started = time.perf_counter()
    planned = 0
    for meeting, written, held in milestones:
        course = course_at_milestones(meeting, written, held)
        now = datetime.combine(meeting, datetime.min.time(), tzinfo=COURSE_ZONE)
        planned += len(plan_reminders(course, now, calendar=calendar))
    return time.perf_counter() - started, planned


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--courses", type=int, default=10_000)
    args = parser.parse_args()
    milestones = _courses(args.courses)
    _public_holidays.cache_clear()
    cold, planned = _run(milestones)
    warm, _ = _run(milestones)
    per_cold, per_warm = cold / args.courses * 1e6, warm / args.courses * 1e6
    print(f"courses: {args.courses}, reminders planned: {planned}")
    print(f"cold holiday cache: {per_cold:.1f} µs per course")
    print(f"warm holiday cache: {per_warm:.1f} µs per course (cold/warm {cold / warm:.2f})")


if __name__ == "__main__":
    main()
