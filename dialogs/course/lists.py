"""Typed commands over courses (``mine forløb``, ``frister``, a coordinator's ``forløb``) and the
coordinators' Monday overview (a dispatcher job; one dedupe key per coordinator per week)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from botbuilder.core import TurnContext

from cards.course_lists import (
    CourseLine,
    DeadlineLine,
    Overview,
    QuarterRow,
    courses_card,
    deadlines_card,
    overview_card,
)
from cards.texts import Texts
from domain.course import Deadline, open_deadlines
from domain.course.stats import last_quarters, quarter_figures
from domain.directory import Directory
from domain.messaging import Content
from domain.timeparse import format_date
from storage.courses import CourseStore, StoredCourse
from storage.directory import DirectoryStore
from storage.unit_of_work import UnitOfWork

from ..delivery import ContentBuilder, Notice, queue_notice
from ..directory.identity import actor_of
from .context import CourseContext

OVERVIEW_FROM = time(8)  # local time on Mondays
MAX_LINES = 40


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


Dated = list[tuple[Deadline, str]]


def open_ones(ctx: CourseContext, courses: list[StoredCourse]) -> Dated:
    """Every open deadline of the courses, with the case reference (computed once)."""
    return [
        (deadline, stored.reference)
        for stored in courses
        for deadline in open_deadlines(stored.course, ctx.rules, ctx.calendar)
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
    ctx: CourseContext, store: CourseStore, directory: Directory, organisation_id: str,
    texts: Texts, today: date,
) -> Overview:  # fmt: skip
    courses = open_ones(ctx, store.of_organisation(organisation_id))
    monday = today - timedelta(days=today.weekday())
    quarters = last_quarters(today)
    facts = [f for _, f in store.facts(ctx.zone, organisation_id)]
    figures = quarter_figures(facts, quarters, ctx.rules)
    organisation = directory.organisation(organisation_id)
    return Overview(
        organisation.name if organisation else organisation_id,
        deadline_lines(courses, texts, today, overdue=True),
        deadline_lines(courses, texts, today, today, monday + timedelta(days=6)),
        deadline_lines(
            courses, texts, today, monday + timedelta(days=7), monday + timedelta(days=13)
        ),
        [
            QuarterRow(
                str(f.quarter), f.started, f.plans_written, f.plans_on_time, f.follow_ups_held
            )
            for f in figures
        ],
    )


class CourseLists:
    def __init__(self, context: CourseContext) -> None:
        self._ctx = context

    async def _reply(self, turn_context: TurnContext, card: dict[str, object]) -> None:
        await self._ctx.replies.card(turn_context, dict(card))

    async def mine(self, turn_context: TurnContext, _argument: str) -> None:
        actor, texts = actor_of(turn_context.activity), self._ctx.replies.texts(turn_context)
        if actor is None:
            await self._ctx.replies.text(turn_context, "course.unknown_user")
            return
        ctx = self._ctx

        def work(unit: UnitOfWork) -> list[CourseLine]:
            courses = CourseStore(unit.session).of_tovholder(actor)
            courses = [c for c in courses if not c.course.is_closed]
            courses.sort(key=lambda c: _urgency(ctx, c))
            return [course_line(ctx, c, texts, ctx.today()) for c in courses[:MAX_LINES]]

        lines = await ctx.units.run(work)
        await self._reply(
            turn_context, courses_card(texts, texts("course.lists.mine_title"), lines)
        )

    async def organisation(self, turn_context: TurnContext, _argument: str) -> None:
        actor, texts = actor_of(turn_context.activity), self._ctx.replies.texts(turn_context)
        if actor is None:
            await self._ctx.replies.text(turn_context, "course.unknown_user")
            return
        ctx = self._ctx

        def work(unit: UnitOfWork) -> tuple[str, list[CourseLine]] | None:
            directory = DirectoryStore(unit.session, unit.now).snapshot(today=ctx.today())
            organisation_id = directory.coordinates(actor)
            if organisation_id is None:
                return None
            courses = [
                c
                for c in CourseStore(unit.session).of_organisation(organisation_id)
                if not c.course.is_closed
            ]
            courses.sort(key=lambda c: _urgency(ctx, c))  # overdue first
            organisation = directory.organisation(organisation_id)
            name = organisation.name if organisation else organisation_id
            return name, [course_line(ctx, c, texts, ctx.today()) for c in courses[:MAX_LINES]]

        found = await ctx.units.run(work)
        if found is None:
            await self._ctx.replies.text(turn_context, "course.lists.not_coordinator")
            return
        name, lines = found
        title = texts("course.lists.organisation_title", organisation=name)
        await self._reply(turn_context, courses_card(texts, title, lines))

    async def deadlines(self, turn_context: TurnContext, _argument: str) -> None:
        actor, texts = actor_of(turn_context.activity), self._ctx.replies.texts(turn_context)
        if actor is None:
            await self._ctx.replies.text(turn_context, "course.unknown_user")
            return
        ctx = self._ctx

        def work(unit: UnitOfWork) -> list[DeadlineLine]:
            store = CourseStore(unit.session)
            directory = DirectoryStore(unit.session, unit.now).snapshot(today=ctx.today())
            courses = {c.reference: c for c in store.of_tovholder(actor)}
            organisation_id = directory.coordinates(actor)
            if organisation_id is not None:
                courses |= {c.reference: c for c in store.of_organisation(organisation_id)}
            return deadline_lines(open_ones(ctx, list(courses.values())), texts, ctx.today())

        lines = await ctx.units.run(work)
        await self._reply(turn_context, deadlines_card(texts, lines))

    async def weekly_overview(self, now: datetime) -> int:
        """On Monday mornings, each coordinator's overview of their organisation (queued once
        per coordinator and week)."""
        ctx = self._ctx
        local = now.astimezone(ctx.zone)
        if local.weekday() != 0 or local.time() < OVERVIEW_FROM:
            return 0
        year, week, _ = local.isocalendar()

        def work(unit: UnitOfWork) -> int:
            store = CourseStore(unit.session)
            today = local.date()
            directory = DirectoryStore(unit.session, unit.now).snapshot(today=today)
            queued = 0
            for organisation_id in sorted(directory.organisations):
                coordinators = directory.coordinators(organisation_id)
                keys = {
                    c: f"course:overview:{year}-W{week:02d}:{organisation_id}:{c.aad_object_id}"
                    for c in coordinators
                }
                waiting = {c: k for c, k in keys.items() if not store.queued(k)}
                if not waiting:
                    continue
                build = self._overview_builder(store, directory, organisation_id, today)
                for coordinator, key in waiting.items():
                    notice = Notice(key, coordinator, build, unit.now, automatic=True)
                    queue_notice(unit, notice, directory=directory, calendar=ctx.calendar,
                                 zone=ctx.zone)  # fmt: skip
                    queued += 1
            return queued

        return await ctx.units.run(work)

    def _overview_builder(
        self, store: CourseStore, directory: Directory, organisation_id: str, today: date
    ) -> ContentBuilder:
        """Builds the overview once per language, for every coordinator who reads it."""
        built: dict[str, Overview] = {}

        def build(texts: Texts, _note: str | None) -> Content:
            if texts.language not in built:
                built[texts.language] = build_overview(
                    self._ctx, store, directory, organisation_id, texts, today
                )
            overview = built[texts.language]
            title = texts("course.overview.title", organisation=overview.organisation)
            return Content(text=title, card=overview_card(texts, overview))

        return build
