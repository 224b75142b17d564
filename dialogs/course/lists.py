"""Typed commands over courses (``mine forløb``, ``frister``, a coordinator's ``forløb``, a typed
case reference) and the coordinators' Monday overview (a dispatcher job; one key per coordinator
per week). Every case a list names opens with its own button (the case card's ``course.view``)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from cards.course_lists import (
    CourseLine,
    DeadlineLine,
    Overview,
    QuarterRow,
    ReminderLine,
    courses_card,
    deadlines_card,
    open_card,
    overview_card,
)
from cards.reminders import moment
from cards.texts import Texts
from domain.commands import case_reference
from domain.course import Course, Deadline, open_deadlines
from domain.course.deadlines import COUNTED_FROM, CountedFrom, due_day
from domain.course.due_windows import Span, counted_from_between
from domain.course.keys import OverviewKey
from domain.course.stats import last_quarters
from domain.directory import Action, Directory
from domain.messaging import Content
from domain.timeparse import format_date
from storage.courses import CourseRepository, StoredCourse
from storage.unit_of_work import UnitOfWork

from ..delivery import ContentBuilder, Notice
from ..guard import viewed
from ..reminders.service import coming_here
from ..reply import Reply, refuse, say, show
from ..router import Router
from ..turn import Turn
from .context import CourseContext, on_case
from .planning import send
from .views import personal_card

OVERVIEW_FROM = time(8)  # local time on Mondays
MAX_LINES = 40
Dated = list[tuple[Deadline, str]]


def _sorted(deadlines: tuple[Deadline, ...]) -> list[Deadline]:
    return sorted(deadlines, key=lambda d: d.due)


def course_line(ctx: CourseContext, stored: StoredCourse, texts: Texts, today: date) -> CourseLine:
    coming = _sorted(open_deadlines(stored.course, ctx.rules, ctx.calendar))
    if not coming:
        return CourseLine(stored.reference, stored.course.stage.value, None, None)
    first = coming[0]
    return CourseLine(
        stored.reference,
        stored.course.stage.value,
        first.kind.value,
        format_date(first.due, texts.language),
        first.is_overdue(today),
    )


def _urgency(ctx: CourseContext, stored: StoredCourse) -> tuple[int, date]:
    coming = _sorted(open_deadlines(stored.course, ctx.rules, ctx.calendar))
    if not coming:
        return (2, date.max)
    return (0 if coming[0].due < ctx.today() else 1, coming[0].due)


def _lines(ctx: CourseContext, courses: list[StoredCourse], texts: Texts) -> list[CourseLine]:
    """Open courses, overdue first, then by their next deadline."""
    courses = sorted((c for c in courses if not c.course.is_closed), key=lambda c: _urgency(ctx, c))
    return [course_line(ctx, c, texts, ctx.today()) for c in courses[:MAX_LINES]]


def open_ones(ctx: CourseContext, courses: list[StoredCourse]) -> Dated:
    """Every open deadline of the courses, with the case reference (computed once)."""
    return _open_deadlines(ctx, [stored.course for stored in courses])


def _open_deadlines(ctx: CourseContext, courses: list[Course]) -> Dated:
    return [
        (deadline, course.case_id)
        for course in courses
        for deadline in open_deadlines(course, ctx.rules, ctx.calendar)
    ]


def deadline_lines(
    dated: Dated, texts: Texts, today: date,
    first: date | None = None, last: date | None = None, *, overdue: bool | None = None,
) -> list[DeadlineLine]:  # fmt: skip
    found = [
        (deadline, reference)
        for deadline, reference in dated
        if (first is None or deadline.due >= first)
        and (last is None or deadline.due <= last)
        and (overdue is None or deadline.is_overdue(today) == overdue)
    ]
    found.sort(key=lambda item: (item[0].due, item[1]))
    return [
        DeadlineLine(
            reference, d.kind.value, format_date(d.due, texts.language), d.is_overdue(today)
        )
        for d, reference in found[:MAX_LINES]
    ]


def build_overview(
    ctx: CourseContext, courses: CourseRepository, directory: Directory, organisation_id: str,
    texts: Texts, today: date,
) -> Overview:  # fmt: skip
    monday = today - timedelta(days=today.weekday())
    shown = _overview_courses(ctx, courses, organisation_id, today, monday + timedelta(days=13))
    dated = _open_deadlines(ctx, shown)
    figures = courses.quarter_figures(last_quarters(today), ctx.zone, ctx.rules, organisation_id)
    organisation = directory.organisation(organisation_id)
    return Overview(
        organisation.name if organisation else organisation_id,
        deadline_lines(dated, texts, today, overdue=True),
        deadline_lines(dated, texts, today, today, monday + timedelta(days=6)),
        deadline_lines(
            dated, texts, today, monday + timedelta(days=7), monday + timedelta(days=13)
        ),
        [
            QuarterRow(
                str(f.quarter), f.started, f.plans_written, f.plans_on_time, f.follow_ups_held
            )
            for f in figures[organisation_id]
        ],
    )


def _overview_courses(
    ctx: CourseContext, courses: CourseRepository, organisation_id: str, today: date, last: date
) -> list[Course]:
    """The organisation's courses with a deadline the overview may show, by reference: every one
    with an open deadline due from ``today`` to ``last``, and of each kind of deadline the
    ``MAX_LINES`` missed ones that come first by day and reference. Two queries."""

    def between(
        source: CountedFrom, first: date | None, until: date | None
    ) -> tuple[date | None, date | None]:
        return counted_from_between(source.kind, first, until, ctx.rules, ctx.calendar)

    yesterday = today - timedelta(days=1)
    missed_until = {source: between(source, None, yesterday)[1] for source in COUNTED_FROM}
    nths = courses.nth_counted_from(organisation_id, missed_until, MAX_LINES)
    spans: list[Span] = []
    for source in COUNTED_FROM:
        earliest, latest = between(source, today, last)
        if earliest is not None and latest is not None and earliest <= latest:
            spans.append(Span(source, earliest, latest))
        nth = nths[source]
        if nth is None:
            spans.append(Span(source, None, missed_until[source]))
            continue
        # Every missed deadline due before the MAX_LINES-th falls due, and the first by
        # reference of those due that day.
        last_due = due_day(source.kind, nth, ctx.rules, ctx.calendar)
        tie_from, tie_until = between(source, last_due, last_due)
        if tie_from is None:
            raise ValueError("a bounded span has a first day")
        spans.append(Span(source, None, tie_from - timedelta(days=1)))
        spans.append(Span(source, tie_from, tie_until, MAX_LINES))
    return courses.open_in_spans(organisation_id, spans)


class CourseLists:
    def __init__(self, context: CourseContext) -> None:
        self._ctx = context

    def register(self, router: Router) -> None:
        router.text("my_courses", self.mine)
        router.text("courses", self.organisation)
        router.text("deadlines", self.deadlines)
        router.text("open_case", self.open)

    async def start(self, turn: Turn) -> Reply:
        """The welcome card's "deadlines" button: the list, as if ``frister`` was typed."""
        return await self.deadlines(turn, "")

    async def mine(self, turn: Turn, _argument: str) -> Reply:
        """``mine forløb``: one's own open courses, overdue first."""
        actor, texts = turn.actor, turn.texts
        if actor is None:
            return refuse(texts("course.unknown_user"))

        def work(unit: UnitOfWork) -> list[CourseLine]:
            return _lines(self._ctx, unit.courses.of_tovholder(actor), texts)

        lines = await self._ctx.units.run(work)
        return show(courses_card(texts, texts("course.lists.mine_title"), lines))

    async def organisation(self, turn: Turn, _argument: str) -> Reply:
        """``forløb``: a coordinator's organisation's open courses, overdue first."""
        actor, texts = turn.actor, turn.texts
        if actor is None:
            return refuse(texts("course.unknown_user"))

        def work(unit: UnitOfWork) -> Reply:
            directory = unit.directory.snapshot(today=self._ctx.today())
            organisation_id = directory.coordinates(actor)
            if organisation_id is None:
                return refuse(texts("course.lists.not_coordinator"))
            lines = _lines(self._ctx, unit.courses.of_organisation(organisation_id), texts)
            organisation = directory.organisation(organisation_id)
            name = organisation.name if organisation else organisation_id
            title = texts("course.lists.organisation_title", organisation=name)
            return show(courses_card(texts, title, lines))

        return await self._ctx.units.run(work)

    async def deadlines(self, turn: Turn, _argument: str) -> Reply:
        """``frister``: the coming deadlines of one's courses (a coordinator's organisation's
        too), by date, and one's own coming personal reminders."""
        actor, texts = turn.actor, turn.texts
        if actor is None:
            return refuse(texts("course.unknown_user"))
        ctx = self._ctx

        def work(unit: UnitOfWork) -> Reply:
            directory = unit.directory.snapshot(today=ctx.today())
            courses = {c.reference: c for c in unit.courses.of_tovholder(actor)}
            organisation_id = directory.coordinates(actor)
            organisation = directory.organisation(organisation_id)
            if organisation_id is not None:
                courses |= {c.reference: c for c in unit.courses.of_organisation(organisation_id)}
            lines = deadline_lines(open_ones(ctx, list(courses.values())), texts, ctx.today())
            reminders = [
                ReminderLine(moment(texts, view.at, unit.now), view.text)
                for view in coming_here(unit, actor, turn.where)[:MAX_LINES]
            ]
            name = organisation.name if organisation else organisation_id
            return show(deadlines_card(texts, lines, reminders, organisation=name))

        return await ctx.units.run(work)

    async def open(self, turn: Turn, _argument: str) -> Reply:
        """A typed case reference, alone or after a command: its card for whoever may see it.
        In a group chat or channel a button instead, so that only who presses it sees the case."""
        actor, texts = turn.actor, turn.texts
        if actor is None:
            return refuse(texts("course.unknown_user"))
        reference = case_reference(turn.text)
        if reference is None:
            return say(texts("course.lists.how_to_open"))
        if turn.where.is_shared:
            return show(open_card(texts, reference))
        ctx = self._ctx

        def work(unit: UnitOfWork) -> Reply:
            case = on_case(ctx, unit, turn, reference, Action.VIEW_CASE, audit_as="course.view")
            if isinstance(case, Reply):
                return case
            viewed(unit, case.actor, "case", reference)
            return show(personal_card(ctx, case.stored, case.directory, texts, case.actor))

        return await ctx.units.run(work)

    async def weekly_overview(self, now: datetime) -> int:
        """On Monday mornings, each coordinator's overview of their organisation (queued once
        per coordinator and week)."""
        ctx = self._ctx
        local = now.astimezone(ctx.zone)
        if local.weekday() != 0 or local.time() < OVERVIEW_FROM:
            return 0
        year, week, _ = local.isocalendar()
        arrives = ctx.calendar.hold_for_working_hours(now).astimezone(ctx.zone)
        if arrives.isocalendar()[:2] != (year, week):
            return 0  # no working day left this week (Christmas): next Monday's covers it

        def work(unit: UnitOfWork) -> int:
            today = local.date()
            directory = unit.directory.snapshot(today=today)
            queued = 0
            for organisation_id in sorted(directory.organisations):
                keys = {
                    coordinator: OverviewKey(year, week, organisation_id, coordinator.aad_object_id)
                    for coordinator in directory.coordinators(organisation_id)
                }
                waiting = {c: k for c, k in keys.items() if not unit.courses.queued(k.key)}
                if not waiting:
                    continue
                build = self._overview_builder(unit.courses, directory, organisation_id, today)
                for coordinator, key in waiting.items():
                    send(ctx, unit, Notice(str(key), coordinator, build, unit.now), directory)
                    queued += 1
            return queued

        return await ctx.units.run(work)

    def _overview_builder(
        self, courses: CourseRepository, directory: Directory, organisation_id: str, today: date
    ) -> ContentBuilder:
        """Builds the overview once per language, for every coordinator who reads it."""
        built: dict[str, Overview] = {}

        def build(texts: Texts, _note: str | None) -> Content:
            if texts.language not in built:
                built[texts.language] = build_overview(
                    self._ctx, courses, directory, organisation_id, texts, today
                )
            overview = built[texts.language]
            title = texts("course.overview.title", organisation=overview.organisation)
            return Content(text=title, card=overview_card(texts, overview, chart=True))

        return build
