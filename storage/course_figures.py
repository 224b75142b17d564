"""Counting and grouping of courses in SQL, so an overview or the statistics read a few rows
instead of every course: the courses with an open deadline counted from days in a span, and the
quarterly figures per organisation. Which day a deadline counts from, which stages pause it and
when a plan is on time are the domain's (``domain.course.deadlines``); the tests compare these
queries with the domain's functions on both databases."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import fields
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, case, func, literal, literal_column, select, union_all
from sqlmodel import Session, col

from domain.course import Course, CourseDates, CourseRules, Stage, Step
from domain.course.deadlines import PAUSED, CountedFrom
from domain.course.due_windows import Span
from domain.course.stats import Quarter, QuarterFigures

from .course_tables import CourseRecord, CourseStepRecord
from .sql_dates import days_between

_DATE_FIELDS = tuple(f.name for f in fields(CourseDates))
_COURSE_COLUMNS = (
    col(CourseRecord.reference),
    col(CourseRecord.stage),
    col(CourseRecord.level),
    col(CourseRecord.period),
    *(col(getattr(CourseRecord, name)) for name in _DATE_FIELDS),
)


def _open(organisation_id: str, source: CountedFrom) -> list[ColumnElement[bool]]:
    """The organisation's courses whose deadline ``source`` is open (as ``deadlines`` has it)."""
    return [
        col(CourseRecord.organisation_id) == organisation_id,
        col(getattr(CourseRecord, source.counted_from)).is_not(None),
        col(getattr(CourseRecord, source.met_by)).is_(None),
        col(CourseRecord.stage).not_in([stage.value for stage in PAUSED]),
    ]


def _in_span(organisation_id: str, span: Span) -> Any:
    counted_from = col(getattr(CourseRecord, span.source.counted_from))
    where = _open(organisation_id, span.source)
    if span.earliest is not None:
        where.append(counted_from >= span.earliest)
    if span.latest is not None:
        where.append(counted_from <= span.latest)
    query = select(*_COURSE_COLUMNS).where(*where)
    if span.limit is None:
        return query
    inner = query.order_by(col(CourseRecord.reference)).limit(span.limit).subquery()
    return select(*inner.c)


def open_in_spans(session: Session, organisation_id: str, spans: Sequence[Span]) -> list[Course]:
    """The courses (without their history) in any of the ``spans``, by reference; one query."""
    if not spans:
        return []
    found = {
        reference: Course(reference, Stage(stage), level, period, CourseDates(*days))
        for reference, stage, level, period, *days in session.execute(
            union_all(*(_in_span(organisation_id, span) for span in spans))
        )
    }
    return [found[reference] for reference in sorted(found)]


def nth_counted_from(
    session: Session, organisation_id: str, latest: Mapping[CountedFrom, date | None], n: int
) -> dict[CountedFrom, date | None]:
    """Of each deadline in ``latest``: the ``n``-th earliest day (from 1) an open one counts
    from, on or before its day there; ``None`` if there are fewer. One query."""
    found: dict[CountedFrom, date | None] = dict.fromkeys(latest)
    sources = list(latest)
    branches = []
    for index, source in enumerate(sources):
        counted_from = col(getattr(CourseRecord, source.counted_from))
        where = _open(organisation_id, source)
        if (until := latest[source]) is not None:
            where.append(counted_from <= until)
        inner = (
            select(literal(index).label("source"), counted_from.label("day"))
            .where(*where)
            .order_by(counted_from)
            .offset(n - 1)
            .limit(1)
            .subquery()
        )
        branches.append(select(*inner.c))
    if branches:
        for index, day in session.execute(union_all(*branches)):
            found[sources[index]] = day
    return found


def quarter_figures(
    session: Session,
    quarters: Sequence[Quarter],
    zone: ZoneInfo,
    rules: CourseRules,
    organisation_id: str | None = None,
) -> dict[str | None, list[QuarterFigures]]:
    """``domain.course.stats.quarter_figures`` of each organisation's courses (of one, or of
    every organisation that has a course), counted by the database."""
    counts: dict[str | None, list[list[int]]] = {}

    where: list[Any] = []
    if organisation_id is not None:
        where.append(col(CourseRecord.organisation_id) == organisation_id)
        counts[organisation_id] = [[0] * 4 for _ in quarters]
    else:
        for (organisation,) in session.execute(
            select(col(CourseRecord.organisation_id)).distinct()
        ):
            counts[organisation] = [[0] * 4 for _ in quarters]
    if quarters:
        counted = union_all(
            _started(quarters, zone, where),
            _plans(quarters, rules, where),
            _follow_ups(quarters, where),
        )
        for what, organisation, index, first, second in session.execute(counted):
            row = counts.setdefault(organisation, [[0] * 4 for _ in quarters])[index]
            column = {"started": 0, "plans": 1, "held": 3}[what]
            row[column] += int(first or 0)
            if what == "plans":
                row[2] += int(second or 0)
    return {
        organisation: [QuarterFigures(q, *row) for q, row in zip(quarters, rows, strict=True)]
        for organisation, rows in counts.items()
    }


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(), zone)


def _quarter_of(column: Any, quarters: Sequence[Quarter], bound: Any) -> Any:
    """The index of the quarter ``column`` falls in (``bound(day)`` turns a quarter's first day
    into the column's kind of value)."""
    return case(
        *(
            (and_(column >= bound(q.first_day), column < bound(q.next().first_day)), index)
            for index, q in enumerate(quarters)
        ),
        else_=None,
    )


def _grouped(what: str, binned: Any, first: str, second: str | None = None) -> Any:
    """``what, organisation, quarter index, sum(first), sum(second) or 0`` of the rows of
    ``binned`` in a quarter (a subquery, so that both databases group by the quarter's
    expression)."""
    inner = binned.subquery()
    return (
        select(
            literal(what).label("what"),
            inner.c.organisation,
            inner.c.quarter,
            func.sum(inner.c[first]).label("first"),
            (func.sum(inner.c[second]) if second else literal(0)).label("second"),
        )
        .where(inner.c.quarter.is_not(None))
        .group_by(inner.c.organisation, inner.c.quarter)
    )


def _started(quarters: Sequence[Quarter], zone: ZoneInfo, where: list[Any]) -> Any:
    created = col(CourseRecord.created_at)
    binned = select(
        col(CourseRecord.organisation_id).label("organisation"),
        _quarter_of(created, quarters, lambda day: _midnight(day, zone)).label("quarter"),
        literal_column("1").label("started"),
    ).where(created >= _midnight(quarters[0].first_day, zone), *where)
    return _grouped("started", binned, "started")


def _plans(quarters: Sequence[Quarter], rules: CourseRules, where: list[Any]) -> Any:
    written, held = col(CourseRecord.plan_written_on), col(CourseRecord.meeting_held_on)
    # domain.course.deadlines.plan_deadline(held, written, rules).met_in_time
    on_time = and_(held.is_not(None), days_between(written, held) <= rules.plan_days)
    binned = select(
        col(CourseRecord.organisation_id).label("organisation"),
        _quarter_of(written, quarters, lambda day: day).label("quarter"),
        literal_column("1").label("written"),
        case((on_time, 1), else_=0).label("on_time"),
    ).where(written >= quarters[0].first_day, *where)
    return _grouped("plans", binned, "written", "on_time")


def _follow_ups(quarters: Sequence[Quarter], where: list[Any]) -> Any:
    day = col(CourseStepRecord.day)
    binned = (
        select(
            col(CourseRecord.organisation_id).label("organisation"),
            _quarter_of(day, quarters, lambda first: first).label("quarter"),
            literal_column("1").label("held"),
        )
        .join(CourseRecord, col(CourseRecord.id) == col(CourseStepRecord.course_id))
        .where(
            col(CourseStepRecord.step) == Step.HOLD_FOLLOW_UP.value,
            col(CourseStepRecord.corrected).is_(False),
            day >= quarters[0].first_day,
            *where,
        )
    )
    return _grouped("held", binned, "held")
