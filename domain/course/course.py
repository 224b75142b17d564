"""One KI course: its stage, the days that deadlines count from, and the history of its steps.

``advance`` is the only way forward: it checks the order, the actor's roles and the step's day,
then returns a new ``Course`` (nothing is changed in place). The day rules, each refused with its
reason: no step is dated in the future (a meeting is planned ahead, so its planning is not) or
before the step it follows (``timeline``); a meeting held on a weekend or holiday is recorded only
once confirmed.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from ..calendar import WorkingCalendar
from ..identity import PersonRef
from .errors import (
    DateAfterNextStep,
    DateBeforePreviousStep,
    DateInFuture,
    DateRequired,
    StepNotAllowed,
    StepOutOfOrder,
    UnusualDay,
)
from .steps import RULES, Role, Stage, Step, allowed_roles, may_perform, steps_from

COURSE_ZONE = ZoneInfo("Europe/Copenhagen")


@dataclass(frozen=True)
class CourseDates:
    """Local calendar days (Europe/Copenhagen) that the deadlines are counted from."""

    consent_asked_on: date | None = None
    meeting_on: date | None = None  # planned
    meeting_held_on: date | None = None
    plan_written_on: date | None = None
    plan_sent_on: date | None = None
    plan_forwarded_on: date | None = None
    period_started_on: date | None = None  # the plan written, or a follow-up that continued it
    follow_up_held_on: date | None = None


@dataclass(frozen=True)
class Event:
    step: Step
    at: datetime
    on: date
    actor: PersonRef | None = None
    corrected: bool = False  # the step's date was corrected, the step itself taken earlier
    moment: datetime | None = None  # a meeting's time, when it is known (planned or held)


@dataclass(frozen=True)
class Course:
    case_id: str
    stage: Stage = Stage.IDEA
    level: int = 1
    period: int = 0  # 1 for the first plan; each follow-up that continues or changes it adds one
    dates: CourseDates = CourseDates()
    history: tuple[Event, ...] = ()

    def __post_init__(self) -> None:
        if self.level not in (1, 2, 3):
            raise ValueError(f"a KI course has level 1, 2 or 3, not {self.level}")

    @property
    def is_closed(self) -> bool:
        return self.stage is Stage.CLOSED


def available_steps(course: Course, roles: Collection[Role] | None = None) -> tuple[Step, ...]:
    """The steps that may come next; with roles, only those this person may take (the buttons)."""
    steps = steps_from(course.stage)
    if roles is None:
        return steps
    return tuple(step for step in steps if may_perform(step, roles, course.level))


# Meetings: a day that is not a working day is asked about before it is recorded as held.
MEETINGS_HELD = frozenset({Step.HOLD_MEETING, Step.HOLD_FOLLOW_UP})


def _last(rows: list[Event], step: Step) -> int | None:
    return next((i for i in range(len(rows) - 1, -1, -1) if rows[i].step is step), None)


def timeline(course: Course) -> tuple[Event, ...]:
    """The steps as they stand, in the order they were taken: a corrected date replaces the row
    it corrects (marked ``corrected``), and a meeting planned again before it was held (moved)
    replaces the plan it moves."""
    rows: list[Event] = []
    for event in course.history:
        index = _last(rows, event.step) if event.corrected else None
        if index is None and event.step is Step.SCHEDULE_MEETING and rows:
            index = len(rows) - 1 if rows[-1].step is Step.SCHEDULE_MEETING else None
        if index is None:
            rows.append(event)
        elif event.corrected:
            rows[index] = replace(rows[index], on=event.on, moment=event.moment, corrected=True)
        else:
            rows[index] = replace(event, corrected=True)
    return tuple(rows)


def previous_row(rows: tuple[Event, ...], step: Step) -> Event | None:
    """The row a new ``step`` follows (a meeting planned again follows what its plan followed)."""
    found = list(rows)
    if step is Step.SCHEDULE_MEETING and found and found[-1].step is Step.SCHEDULE_MEETING:
        found.pop()
    return found[-1] if found else None


def check_day(
    step: Step,
    day: date,
    today: date,
    *,
    after: Event | None,
    before: date | None = None,
    calendar: WorkingCalendar,
    confirmed: bool,
) -> None:
    """The day rules of a step dated ``day`` that follows ``after`` (and comes before ``before``,
    for a correction). Raises the ``CourseError`` that explains the refusal."""
    if RULES[step].dated and day > today:
        raise DateInFuture(step, day, today)
    if after is not None and day < after.on:
        raise DateBeforePreviousStep(step, day, after.on, after.step)
    if before is not None and day > before:
        raise DateAfterNextStep(step, day, before)
    if step in MEETINGS_HELD and not confirmed and not calendar.is_working_day(day):
        raise UnusualDay(step, day, weekend=day.weekday() >= 5)


def held_moment(course: Course, day: date) -> datetime | None:
    """A meeting held on the day it was planned for happened at its planned time."""
    rows = timeline(course)
    index = _last(list(rows), Step.SCHEDULE_MEETING)
    planned = rows[index].moment if index is not None else None
    if planned is not None and planned.astimezone(COURSE_ZONE).date() == day:
        return planned
    return None


def _earliest(step: Step, dates: CourseDates) -> date | None:
    return {
        Step.WRITE_PLAN: dates.meeting_held_on,
        Step.SEND_PLAN: dates.plan_written_on,
        Step.FORWARD_PLAN: dates.plan_sent_on,
        Step.HOLD_FOLLOW_UP: dates.period_started_on,
    }.get(step)


def _dated(step: Step, dates: CourseDates, on: date) -> CourseDates:
    match step:
        case Step.ASK_CONSENT:
            return replace(dates, consent_asked_on=on)
        case Step.SCHEDULE_MEETING:  # a new meeting starts the plan over
            return replace(dates, meeting_on=on, meeting_held_on=None, plan_written_on=None,
                           plan_sent_on=None, plan_forwarded_on=None, period_started_on=None,
                           follow_up_held_on=None)  # fmt: skip
        case Step.HOLD_MEETING:
            return replace(dates, meeting_held_on=on)
        case Step.WRITE_PLAN:
            return replace(dates, plan_written_on=on, plan_sent_on=None, plan_forwarded_on=None,
                           period_started_on=on, follow_up_held_on=None)  # fmt: skip
        case Step.SEND_PLAN:
            return replace(dates, plan_sent_on=on)
        case Step.FORWARD_PLAN:
            return replace(dates, plan_forwarded_on=on)
        case Step.HOLD_FOLLOW_UP:
            return replace(dates, follow_up_held_on=on)
        case Step.CONTINUE_PLAN | Step.CHANGE_PLAN:  # a new six-month period from the follow-up
            return replace(dates, period_started_on=dates.follow_up_held_on, follow_up_held_on=None)
        case _:
            return dates


def advance(
    course: Course,
    step: Step,
    *,
    roles: Collection[Role],
    at: datetime,
    on: date | None = None,
    actor: PersonRef | None = None,
    moment: datetime | None = None,
    calendar: WorkingCalendar | None = None,
    confirmed: bool = False,
) -> Course:
    """Take a step at moment ``at``; ``on`` is the day it concerns (today in Copenhagen if left
    out; the meeting's day when scheduling, or its ``moment``'s). ``confirmed``: the person said
    yes to an unusual day. Raises a ``CourseError`` subclass if refused."""
    rule = RULES[step]
    if on is None and moment is not None:
        on = moment.astimezone(COURSE_ZONE).date()
    if course.stage not in rule.from_stages:
        raise StepOutOfOrder(step, course.stage, steps_from(course.stage))
    if not may_perform(step, roles, course.level):
        raise StepNotAllowed(step, roles, allowed_roles(step, course.level))
    if at.tzinfo is None:
        raise ValueError("a step's moment must be timezone-aware")
    today = at.astimezone(COURSE_ZONE).date()
    if on is None and rule.needs_date:
        raise DateRequired(step)
    day = today if on is None else on
    if rule.dated or step is Step.SCHEDULE_MEETING:
        after = previous_row(timeline(course), step)
        check_day(step, day, today, after=after, calendar=calendar or WorkingCalendar(),
                  confirmed=confirmed)  # fmt: skip
    earliest = _earliest(step, course.dates)
    if earliest is not None and day < earliest:
        raise DateBeforePreviousStep(step, day, earliest)
    if step is Step.HOLD_MEETING:
        moment = held_moment(course, day)
    period = course.period
    if step is Step.WRITE_PLAN:
        period = max(period, 1)
    elif step in (Step.CONTINUE_PLAN, Step.CHANGE_PLAN):
        period += 1
    return replace(
        course,
        stage=rule.to_stage,
        period=period,
        dates=_dated(step, course.dates, day),
        history=(*course.history, Event(step, at, day, actor, moment=moment)),
    )
