"""Course reminders at scale: finding the due ones as scheduled reminders pile up, and building
one coordinator's Monday overview.

Fills PostgreSQL with 100,000 KI cases and their courses (20 organisations of 5,000 cases), then
the outbox to 1k, 100k and 1M scheduled course reminders (a fixed 500 due now, the rest ahead)
and times the dispatcher's claim of a batch of 50 due rows at each size: it must not grow with
the total. Then times ``build_overview`` (deadlines missed, this week, next week, four quarters
of figures) for one organisation with 5,000 cases, read by spans and counted in SQL, beside the
same overview built from every course of the organisation as it was before (issue #19).

    .venv/bin/python -m bench.course_reminders_scan --database postgresql://kibot:kibot@127.0.0.1/kibot_bench
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import insert, text
from sqlmodel import Session

from cards.course_lists import Overview, QuarterRow
from cards.texts import Texts
from dialogs.course import CourseContext
from dialogs.course.lists import build_overview, deadline_lines, open_ones
from domain.calendar import WorkingCalendar
from domain.clock import FixedClock
from domain.course.stats import last_quarters, quarter_figures
from domain.directory import Directory
from storage.course_tables import CourseRecord, CourseStepRecord
from storage.courses import CourseStore
from storage.db import Database
from storage.migrate import upgrade
from storage.models import CaseRecord
from storage.outbox import Outbox
from storage.unit_of_work import UnitsOfWork

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
ZONE = ZoneInfo("Europe/Copenhagen")
CASES = 100_000
ORGANISATIONS = 20
DUE_NOW = 500
BATCH = 50

CASES_SQL = """
INSERT INTO ki_cases (reference, audit_id, year, sequence, initials, tovholder_teams_user_id,
                      level, status, created_at)
SELECT 'KI-2026-' || lpad(n::text, 6, '0'), md5(n::text), 2026, n, NULL, '29:u' || (n % 3000), 1, 'open',
       CAST(:now AS timestamptz) - ((n % 400) || ' days')::interval
FROM generate_series(1, CAST(:cases AS integer)) AS n
"""
# A third of the courses wait for their plan, the rest for their follow-up meeting.
COURSES_SQL = """
INSERT INTO ki_courses (case_id, reference, stage, level, period, organisation_id,
                        other_organisation_id, tovholder_tenant_id, tovholder_aad_object_id,
                        meeting_on, meeting_held_on, plan_written_on, plan_sent_on,
                        plan_forwarded_on, period_started_on, created_at, updated_at)
SELECT c.id, c.reference,
       CASE WHEN c.sequence % 3 = 0 THEN 'meeting_held' ELSE 'plan_forwarded' END,
       1, CASE WHEN c.sequence % 3 = 0 THEN 0 ELSE 1 END,
       'org-' || lpad((c.sequence % :orgs)::text, 2, '0'), 'partner', 't',
       'aad-' || (c.sequence % 3000),
       d.held, d.held,
       CASE WHEN c.sequence % 3 = 0 THEN NULL ELSE d.held + (c.sequence % 20) END,
       CASE WHEN c.sequence % 3 = 0 THEN NULL ELSE d.held + (c.sequence % 20) END,
       CASE WHEN c.sequence % 3 = 0 THEN NULL ELSE d.held + (c.sequence % 20) END,
       CASE WHEN c.sequence % 3 = 0 THEN NULL ELSE d.held + (c.sequence % 20) END,
       c.created_at, c.created_at
FROM ki_cases c,
     LATERAL (SELECT (CAST(:now AS timestamptz) - ((c.sequence % 300) || ' days')::interval)::date
              AS held) d
"""
FOLLOW_UPS_SQL = """
INSERT INTO ki_course_steps (course_id, position, step, day, at, corrected)
SELECT id, 9, 'hold_follow_up', period_started_on + 150, updated_at, false
FROM ki_courses WHERE period_started_on IS NOT NULL AND id % 10 = 0
"""
FILL = """
INSERT INTO outbox (dedupe_key, address_json, content_json, language, due_at, status,
                    attempts, created_at)
SELECT 'course:KI-2026-' || lpad((n % 100000)::text, 6, '0') || ':follow_up:' || n || 'd',
       '{"kind": "person", "tenant_id": "t", "aad_object_id": "aad-' || (n % 3000) || '"}',
       '{"text": "x"}', 'da', CAST(:now AS timestamptz) + (n || ' minutes')::interval,
       'pending', 0, :now
FROM generate_series(CAST(:start AS integer), CAST(:stop AS integer)) AS n
"""
DUE = """
INSERT INTO outbox (dedupe_key, address_json, content_json, language, due_at, status,
                    attempts, created_at)
SELECT 'course:due:' || n, '{"kind": "person", "tenant_id": "t", "aad_object_id": "due"}',
       '{"text": "x"}', 'da', CAST(:now AS timestamptz) - (n || ' seconds')::interval,
       'pending', 0, :now
FROM generate_series(1, CAST(:count AS integer)) AS n
"""


def _percentiles(timings: list[float]) -> tuple[float, float]:
    ordered = sorted(timings)
    return statistics.median(ordered), ordered[round(0.99 * (len(ordered) - 1))]


def _time_claims(database: Database, repeats: int) -> list[float]:
    timings = []
    for _ in range(repeats):
        database.run_sync(
            lambda s: s.execute(
                text(
                    "UPDATE outbox SET status='pending', lease_owner=NULL, lease_until=NULL "
                    "WHERE dedupe_key LIKE 'course:due:%'"
                )
            )
        )
        started = time.perf_counter()
        claimed = database.run_sync(
            lambda s: Outbox(s).claim_due(
                now=NOW, owner="bench", lease=timedelta(minutes=2), limit=BATCH
            )
        )
        timings.append((time.perf_counter() - started) * 1000)
        if len(claimed) != BATCH:
            raise RuntimeError(f"claimed {len(claimed)} rows, expected {BATCH}")
    return timings


def _every_course(
    ctx: CourseContext, store: CourseStore, organisation_id: str, texts: Texts, today: date
) -> Overview:
    """The overview as it was built before the database counted: from every course of the
    organisation (the same run's baseline)."""
    dated = open_ones(ctx, store.of_organisation(organisation_id))
    monday = today - timedelta(days=today.weekday())
    facts = [f for _, f in store.facts(ctx.zone, organisation_id)]
    figures = quarter_figures(facts, last_quarters(today), ctx.rules)
    return Overview(
        organisation_id,
        deadline_lines(dated, texts, today, overdue=True),
        deadline_lines(dated, texts, today, today, monday + timedelta(days=6)),
        deadline_lines(dated, texts, today, monday + timedelta(days=7), monday + timedelta(days=13)),
        [
            QuarterRow(str(f.quarter), f.started, f.plans_written, f.plans_on_time,
                       f.follow_ups_held)
            for f in figures
        ],
    )  # fmt: skip


Build = Callable[[CourseContext, CourseStore, str, Texts, date], Overview]


def _time_overview(database: Database, repeats: int, build: Build) -> tuple[list[float], Overview]:
    clock = FixedClock(NOW)
    ctx = CourseContext(UnitsOfWork(database, clock), clock, WorkingCalendar(zone=ZONE), ZONE)
    texts, today, timings = Texts("da"), NOW.astimezone(ZONE).date(), []
    overview = None
    for _ in range(repeats):
        started = time.perf_counter()
        overview = database.run_sync(lambda s: build(ctx, CourseStore(s), "org-00", texts, today))
        timings.append((time.perf_counter() - started) * 1000)
    assert overview is not None
    return timings, overview


def _read_by_spans(
    ctx: CourseContext, store: CourseStore, organisation_id: str, texts: Texts, today: date
) -> Overview:
    return build_overview(ctx, store, Directory(), organisation_id, texts, today)


def _fill_sqlite(database: Database) -> None:
    """The cases, courses and follow-ups of ``CASES_SQL``, ``COURSES_SQL`` and ``FOLLOW_UPS_SQL``,
    written row by row (SQLite has no ``generate_series``)."""
    today = NOW.date()
    cases, courses, steps = [], [], []
    for n in range(1, CASES + 1):
        created = NOW - timedelta(days=n % 400)
        held = today - timedelta(days=n % 300)
        waiting = n % 3 == 0
        plan = None if waiting else held + timedelta(days=n % 20)
        cases.append(
            {"id": n, "reference": f"KI-2026-{n:06d}", "audit_id": f"{n:032x}", "year": 2026,
             "sequence": n, "tovholder_teams_user_id": f"29:u{n % 3000}", "level": 1,
             "status": "open", "created_at": created}
        )  # fmt: skip
        courses.append(
            {"id": n, "case_id": n, "reference": f"KI-2026-{n:06d}",
             "stage": "meeting_held" if waiting else "plan_forwarded", "level": 1,
             "period": 0 if waiting else 1, "organisation_id": f"org-{n % ORGANISATIONS:02d}",
             "other_organisation_id": "partner", "tovholder_tenant_id": "t",
             "tovholder_aad_object_id": f"aad-{n % 3000}", "meeting_on": held,
             "meeting_held_on": held, "plan_written_on": plan, "plan_sent_on": plan,
             "plan_forwarded_on": plan, "period_started_on": plan, "created_at": created,
             "updated_at": created}
        )  # fmt: skip
        if plan is not None and n % 10 == 0:
            steps.append(
                {"course_id": n, "position": 9, "step": "hold_follow_up",
                 "day": plan + timedelta(days=150), "at": created, "corrected": False}
            )  # fmt: skip

    def write(session: Session) -> None:
        for table, rows in (
            (CaseRecord, cases),
            (CourseRecord, courses),
            (CourseStepRecord, steps),
        ):
            session.execute(insert(table), rows)

    database.run_sync(write)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--database",
        required=True,
        help="a PostgreSQL URL (emptied first), or sqlite: a temporary file, the overview only",
    )
    parser.add_argument("--sizes", default="1000,100000,1000000")
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    if args.database == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            database = Database(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
            upgrade(database.engine)
            started = time.perf_counter()
            _fill_sqlite(database)
            database.run_sync(lambda s: s.execute(text("ANALYZE")))
            print(f"{CASES:,} cases and courses in {time.perf_counter() - started:.1f} s (SQLite)")
            _report_overview(database, args.repeats)
            database.dispose()
        return
    database = Database(args.database.replace("postgresql://", "postgresql+psycopg://", 1))
    with database.engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public"))
    upgrade(database.engine)
    started = time.perf_counter()
    params = {"now": NOW, "cases": CASES, "orgs": ORGANISATIONS}
    for statement in (CASES_SQL, COURSES_SQL, FOLLOW_UPS_SQL):
        database.run_sync(lambda s, sql=statement: s.execute(text(sql), params))
    database.run_sync(lambda s: s.execute(text(DUE), {"now": NOW, "count": DUE_NOW}))
    print(f"{CASES:,} cases and courses in {time.perf_counter() - started:.1f} s")

    filled, results = 0, []
    for size in (int(part) for part in args.sizes.split(",")):
        target = size - DUE_NOW
        if target > filled:
            database.run_sync(
                lambda s, start=filled + 1, stop=target: s.execute(
                    text(FILL), {"now": NOW, "start": start, "stop": stop}
                )
            )
            filled = target
        database.run_sync(lambda s: s.execute(text("ANALYZE")))
        p50, p99 = _percentiles(_time_claims(database, args.repeats))
        results.append((size, p50))
        print(f"{size:>9,} scheduled rows: claim {BATCH} due, p50 {p50:6.2f} ms, p99 {p99:6.2f} ms")
    (small, small_p50), (large, large_p50) = results[0], results[-1]
    print(f"p50 ratio {large:,} / {small:,} rows: {large_p50 / small_p50:.2f}x (flat = no growth)")

    _report_overview(database, args.repeats)
    database.dispose()


def _report_overview(database: Database, repeats: int) -> None:
    repeats = max(5, repeats // 3)
    courses = database.run_sync(lambda s: len(CourseStore(s).of_organisation("org-00")))
    before, expected = _time_overview(database, repeats, _every_course)
    after, overview = _time_overview(database, repeats, _read_by_spans)
    if overview != expected:
        raise RuntimeError("the overview read by spans differs from the one of every course")
    (p50, p99), (old_p50, old_p99) = _percentiles(after), _percentiles(before)
    print(
        f"weekly overview of one organisation ({courses:,} cases, {len(overview.missed)} missed "
        f"shown): p50 {p50:.0f} ms, p99 {p99:.0f} ms; built from every course as before: "
        f"p50 {old_p50:.0f} ms, p99 {old_p99:.0f} ms ({old_p50 / p50:.1f}x at p50)"
    )


if __name__ == "__main__":
    main()
