"""The overview's reads and the quarterly figures counted in SQL give what the domain's functions
give over every course, on generated courses and on both databases: the SQL mirrors which day a
deadline counts from, which stages pause it and when a plan is on time, and must not drift."""

from __future__ import annotations

import csv
import io
import random
from dataclasses import fields
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session

from bot.cli import main
from bot.cli_stats import HEADER, stats_rows
from cards.course_lists import Overview, QuarterRow
from cards.texts import Texts
from dialogs.course import CourseContext
from dialogs.course.lists import build_overview, deadline_lines, open_ones
from domain.calendar import WorkingCalendar
from domain.clock import FixedClock
from domain.course import CourseDates, CourseRules, Stage, Step
from domain.course.deadlines import COUNTED_FROM, due_day
from domain.course.due_windows import counted_from_between
from domain.course.stats import last_quarters, quarter_figures, quarters_since
from domain.directory import Directory
from storage.course_tables import CourseRecord, CourseStepRecord
from storage.courses import CourseStore
from storage.db import Database
from storage.models import CaseRecord
from storage.unit_of_work import UnitsOfWork

ZONE = ZoneInfo("Europe/Copenhagen")
MONDAY = date(2026, 11, 23)
ORGANISATIONS = ("pc-amager", "crb-kbh", None)
# The days a local quarter starts on, just before and after midnight in Copenhagen (UTC+1/+2).
EDGES = (
    datetime(2025, 12, 31, 22, 59, tzinfo=UTC),
    datetime(2025, 12, 31, 23, 0, tzinfo=UTC),
    datetime(2026, 3, 31, 21, 59, tzinfo=UTC),
    datetime(2026, 3, 31, 22, 0, tzinfo=UTC),
    datetime(2026, 9, 30, 22, 30, tzinfo=UTC),
)


def _maybe(
    rng: random.Random, day: date, spread: int, offset: int = 0, step: int = 3
) -> date | None:
    """A day near ``day`` (every ``step``-th, so that many courses share one and their deadlines
    tie), or none."""
    if rng.random() < 0.2:
        return None
    return day + timedelta(days=offset + rng.randrange(spread) // step * step)


def _fill(database: Database, seed: int, count: int, organisations: tuple[str | None, ...]) -> None:
    rng = random.Random(seed)

    def write(session: Session) -> None:
        for number in range(1, count + 1):
            reference = f"KI-2026-{number:04d}"
            created = (
                rng.choice(EDGES)
                if rng.random() < 0.1
                else (datetime(2025, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(990_000)))
            )
            case = CaseRecord(
                reference=reference,
                year=2026,
                sequence=number,
                tovholder_teams_user_id="29:anne",
                level=1,
                created_at=created,
            )
            session.add(case)
            session.flush()
            held = _maybe(rng, MONDAY, 90, -75)
            written = held and _maybe(rng, held, 30, step=1)  # on the last day and after
            sent = written and _maybe(rng, MONDAY, 24, -18)
            started = _maybe(rng, MONDAY, 60, -215)
            dates = CourseDates(
                consent_asked_on=None,
                meeting_on=held,
                meeting_held_on=held,
                plan_written_on=written,
                plan_sent_on=sent,
                plan_forwarded_on=sent and _maybe(rng, sent, 6),
                period_started_on=started,
                follow_up_held_on=_maybe(rng, started, 200)
                if started and rng.random() < 0.3
                else None,
            )
            course = CourseRecord(
                case_id=case.id or 0,
                reference=reference,
                stage=rng.choice(list(Stage)).value,
                organisation_id=rng.choice(organisations),
                tovholder_tenant_id="t",
                tovholder_aad_object_id="aad-anne",
                created_at=created,
                updated_at=created,
                **{f.name: getattr(dates, f.name) for f in fields(CourseDates)},
            )
            session.add(course)
            session.flush()
            for position in range(rng.choice((0, 0, 1, 2))):
                session.add(
                    CourseStepRecord(
                        course_id=course.id or 0,
                        position=position,
                        step=rng.choice((Step.HOLD_FOLLOW_UP, Step.HOLD_MEETING)).value,
                        day=date(2025, 1, 1) + timedelta(days=rng.randrange(700)),
                        at=created,
                        corrected=rng.random() < 0.25,
                    )
                )

    database.run_sync(write)


def _overview_of_every_course(
    ctx: CourseContext, store: CourseStore, organisation_id: str, texts: Texts, today: date
) -> Overview:
    """The overview as it was built before the database counted: from every course."""
    dated = open_ones(ctx, store.of_organisation(organisation_id))
    monday = today - timedelta(days=today.weekday())
    facts = [f for _, f in store.facts(ctx.zone, organisation_id)]
    figures = quarter_figures(facts, last_quarters(today), ctx.rules)
    return Overview(
        organisation_id,
        deadline_lines(dated, texts, today, overdue=True),
        deadline_lines(dated, texts, today, today, monday + timedelta(days=6)),
        deadline_lines(
            dated, texts, today, monday + timedelta(days=7), monday + timedelta(days=13)
        ),
        [
            QuarterRow(
                str(f.quarter), f.started, f.plans_written, f.plans_on_time, f.follow_ups_held
            )
            for f in figures
        ],
    )


@pytest.mark.parametrize("rules", [CourseRules(), CourseRules(plan_days=10, follow_up_months=3)])
def test_the_quarterly_figures_counted_in_sql_are_the_domains(database: Database, rules):
    _fill(database, seed=19, count=400, organisations=ORGANISATIONS)
    quarters = quarters_since(date(2024, 12, 1), MONDAY)

    def read(session: Session):  # type: ignore[no-untyped-def]
        store = CourseStore(session)
        return (
            store.facts(ZONE),
            store.quarter_figures(quarters, ZONE, rules),
            store.quarter_figures(quarters, ZONE, rules, "crb-kbh"),
            store.quarter_figures(quarters, ZONE, rules, "nobody"),
        )

    facts, everyone, one, none = database.run_sync(read)

    expected = {
        organisation: quarter_figures([f for o, f in facts if o == organisation], quarters, rules)
        for organisation in ORGANISATIONS
    }
    assert everyone == expected
    assert one == {"crb-kbh": expected["crb-kbh"]}
    assert none == {"nobody": quarter_figures([], quarters, rules)}
    assert sum(f.plans_on_time for f in expected["crb-kbh"]) > 0  # the data reach every count
    assert sum(f.follow_ups_held for f in expected["crb-kbh"]) > 0


@pytest.mark.parametrize("count", [400, 30])
def test_the_overview_read_by_spans_is_the_overview_of_every_course(database: Database, count):
    _fill(database, seed=count, count=count, organisations=("pc-amager", "crb-kbh"))
    texts = Texts("da")
    for today in (MONDAY, MONDAY + timedelta(days=2), date(2026, 3, 30), date(2026, 12, 21)):
        clock = FixedClock(datetime.combine(today, time(9), ZONE))
        for rules in (CourseRules(), CourseRules(plan_days=3, forward_working_days=5)):
            ctx = CourseContext(
                UnitsOfWork(database, clock), clock, WorkingCalendar(zone=ZONE), ZONE, rules
            )

            def both(session: Session, ctx: CourseContext = ctx, today: date = today):  # type: ignore[no-untyped-def]
                store = CourseStore(session)
                return (
                    build_overview(ctx, store, Directory(), "pc-amager", texts, today),
                    _overview_of_every_course(ctx, store, "pc-amager", texts, today),
                )

            read, expected = database.run_sync(both)
            assert read == expected, (today, rules)
            if count > 40 and today == MONDAY:
                assert len(expected.missed) == 40 and expected.this_week and expected.next_week


def test_the_days_a_deadline_counts_from_are_exactly_those_due_in_the_span():
    calendar, rng = WorkingCalendar(zone=ZONE), random.Random(7)
    for rules in (CourseRules(), CourseRules(plan_days=1, forward_working_days=7)):
        for source in COUNTED_FROM:
            for _ in range(60):
                first = date(2025, 12, 1) + timedelta(days=rng.randrange(200))
                last = first + timedelta(days=rng.randrange(15))
                earliest, latest = counted_from_between(source.kind, first, last, rules, calendar)
                assert earliest is not None and latest is not None
                for offset in range(-200, 5):
                    day = first + timedelta(days=offset)
                    due = due_day(source.kind, day, rules, calendar)
                    assert (first <= due <= last) == (earliest <= day <= latest), (source, day)


def test_ki_bot_stats_prints_the_figures_of_every_course(
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
):
    _fill(database, seed=3, count=200, organisations=ORGANISATIONS)
    facts = database.run_sync(lambda session: CourseStore(session).facts(ZONE))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", database.engine.url.render_as_string(hide_password=False))
    capsys.readouterr()

    code = main(["stats", "--since", "2025-01-01"])

    today = datetime.now(UTC).astimezone(ZONE).date()
    expected = [HEADER, *stats_rows(facts, date(2025, 1, 1), today)]
    printed = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert code == 0
    assert printed == [[str(value) for value in row] for row in expected]
    assert {row[1] for row in printed[1:]} == {"pc-amager", "crb-kbh", ""}
