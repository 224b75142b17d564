"""The course's steps: the order of annex §3.1, who takes each step, and clear refusals."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from domain.course import (
    COURSE_ZONE,
    Course,
    CourseError,
    DateBeforePreviousStep,
    DateInFuture,
    DateRequired,
    Role,
    Stage,
    Step,
    StepNotAllowed,
    StepOutOfOrder,
    advance,
    allowed_roles,
    available_steps,
    course_at_milestones,
    may_perform,
)
from domain.identity import PersonRef

T, C = Role.TOVHOLDER, Role.COORDINATOR
TOVHOLDER = PersonRef("tenant-kommune", "anna")


def at(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=COURSE_ZONE)


def take(course: Course, step: Step, role: Role, day: date, on: date | None = None) -> Course:
    return advance(course, step, roles={role}, at=at(day), on=on, actor=TOVHOLDER)


def test_a_whole_course_runs_from_idea_to_a_second_period_and_closing():
    course = Course("case-1")
    course = take(course, Step.ASK_CONSENT, T, date(2026, 1, 5))
    course = take(course, Step.GIVE_CONSENT, T, date(2026, 2, 2))
    course = take(course, Step.INFORM_OWN_COORDINATOR, T, date(2026, 2, 2))
    course = take(course, Step.INFORM_OTHER_COORDINATOR, C, date(2026, 2, 3))
    course = take(course, Step.SCHEDULE_MEETING, T, date(2026, 2, 3), on=date(2026, 2, 17))
    course = take(course, Step.HOLD_MEETING, T, date(2026, 2, 17))
    course = take(course, Step.WRITE_PLAN, T, date(2026, 2, 27))
    course = take(course, Step.SEND_PLAN, T, date(2026, 2, 27))
    course = take(course, Step.FORWARD_PLAN, C, date(2026, 3, 2))
    assert (course.stage, course.period) == (Stage.PLAN_FORWARDED, 1)

    course = take(course, Step.HOLD_FOLLOW_UP, T, date(2026, 8, 20))
    course = take(course, Step.CONTINUE_PLAN, T, date(2026, 8, 20))
    assert (course.stage, course.period) == (Stage.CONTINUED, 2)
    assert course.dates.period_started_on == date(2026, 8, 20)

    course = take(course, Step.HOLD_FOLLOW_UP, T, date(2027, 2, 1))
    course = take(course, Step.CLOSE, C, date(2027, 2, 1))
    assert course.is_closed and available_steps(course) == ()
    assert len(course.history) == 13 and course.history[-1].actor == TOVHOLDER
    assert course.history[4].on == date(2026, 2, 17)


def test_a_step_out_of_order_names_the_stage_and_the_next_steps():
    with pytest.raises(StepOutOfOrder) as refused:
        take(Course("case-1"), Step.WRITE_PLAN, T, date(2026, 1, 5))

    assert refused.value.code == "step_out_of_order"
    assert refused.value.stage is Stage.IDEA
    assert refused.value.expected == (
        Step.ASK_CONSENT,
        Step.GIVE_CONSENT,
        Step.REFUSE_CONSENT,
        Step.CLOSE,
    )
    assert "write_plan: cannot be taken at stage idea" in str(refused.value)


def test_nothing_follows_a_closed_course():
    closed = take(Course("case-1"), Step.CLOSE, C, date(2026, 1, 5))

    with pytest.raises(StepOutOfOrder, match="none"):
        take(closed, Step.GIVE_CONSENT, T, date(2026, 1, 6))


@pytest.mark.parametrize(
    ("step", "level", "roles"),
    [
        (Step.ASK_CONSENT, 1, {T}),
        (Step.INFORM_OTHER_COORDINATOR, 1, {C}),
        (Step.SCHEDULE_MEETING, 1, {T}),
        (Step.SCHEDULE_MEETING, 2, {C}),
        (Step.HOLD_MEETING, 3, {C}),
        (Step.WRITE_PLAN, 2, {T}),
        (Step.FORWARD_PLAN, 1, {C}),
        (Step.CLOSE, 1, {T, C}),
    ],
)
def test_each_step_belongs_to_the_role_the_model_gives_it(step: Step, level: int, roles: set[Role]):
    assert allowed_roles(step, level) == roles


def test_someone_with_both_roles_may_take_either_kind_of_step():
    assert may_perform(Step.FORWARD_PLAN, {T, C}) and may_perform(Step.WRITE_PLAN, {T, C})
    assert not may_perform(Step.WRITE_PLAN, set())


def test_a_step_by_the_wrong_role_is_refused_with_the_role_needed():
    course = course_at_milestones(date(2026, 3, 2), date(2026, 3, 9))
    course = take(course, Step.REJECT_PLAN, T, date(2026, 3, 10))

    with pytest.raises(StepNotAllowed) as refused:
        take(course, Step.WRITE_PLAN, C, date(2026, 3, 11))

    assert refused.value.code == "step_not_allowed" and refused.value.needed == {T}
    assert "needs the tovholder of the case (you have: coordinator)" in str(refused.value)


def test_at_level_two_the_coordinator_convenes_and_the_tovholder_may_not():
    course = Course("case-2", stage=Stage.OTHER_COORDINATOR_INFORMED, level=2)

    scheduled = take(course, Step.SCHEDULE_MEETING, C, date(2026, 3, 2), on=date(2026, 3, 16))
    assert scheduled.stage is Stage.MEETING_SCHEDULED
    with pytest.raises(StepNotAllowed):
        take(course, Step.SCHEDULE_MEETING, T, date(2026, 3, 2), on=date(2026, 3, 16))


def test_buttons_show_only_the_next_steps_the_viewer_may_take():
    course = Course("case-1", stage=Stage.PLAN_SENT)

    assert available_steps(course, {T}) == (Step.REJECT_PLAN, Step.CLOSE)
    assert available_steps(course, {C}) == (Step.FORWARD_PLAN, Step.CLOSE)


def test_a_rejected_plan_reopens_consent_and_a_new_meeting():
    course = course_at_milestones(date(2026, 3, 2), date(2026, 3, 9))
    rejected = take(course, Step.REJECT_PLAN, T, date(2026, 3, 12))

    assert rejected.stage is Stage.PLAN_REJECTED
    assert set(available_steps(rejected)) == {
        Step.REFUSE_CONSENT,
        Step.SCHEDULE_MEETING,
        Step.WRITE_PLAN,
        Step.CLOSE,
    }
    again = take(rejected, Step.SCHEDULE_MEETING, T, date(2026, 3, 12), on=date(2026, 4, 1))
    assert again.dates.meeting_on == date(2026, 4, 1) and again.dates.plan_written_on is None


def test_consent_refused_can_later_be_given():
    refused = take(Course("case-1"), Step.REFUSE_CONSENT, T, date(2026, 1, 5))

    assert take(refused, Step.GIVE_CONSENT, T, date(2026, 4, 1)).stage is Stage.CONSENT_GIVEN


def test_scheduling_a_meeting_needs_its_date():
    course = Course("case-1", stage=Stage.OTHER_COORDINATOR_INFORMED)

    with pytest.raises(DateRequired) as refused:
        take(course, Step.SCHEDULE_MEETING, T, date(2026, 3, 2))
    assert refused.value.code == "date_required"


def test_a_plan_cannot_be_written_before_the_meeting_or_in_the_future():
    course = course_at_milestones(date(2026, 3, 2))

    with pytest.raises(DateBeforePreviousStep) as early:
        take(course, Step.WRITE_PLAN, T, date(2026, 3, 5), on=date(2026, 3, 1))
    with pytest.raises(DateInFuture) as future:
        take(course, Step.WRITE_PLAN, T, date(2026, 3, 5), on=date(2026, 3, 6))

    assert (early.value.code, early.value.earliest) == (
        "date_before_previous_step",
        date(2026, 3, 2),
    )
    assert future.value.code == "date_in_future"


def test_today_is_the_copenhagen_date_of_the_moment():
    course = course_at_milestones(date(2026, 3, 2))
    late_evening_utc = datetime.fromisoformat("2026-03-05T23:30:00+00:00")  # 6 March in Copenhagen

    written = advance(course, Step.WRITE_PLAN, roles={T}, at=late_evening_utc)

    assert written.dates.plan_written_on == date(2026, 3, 6)


def test_every_refusal_is_a_course_error_and_a_value_error():
    assert issubclass(StepOutOfOrder, CourseError) and issubclass(CourseError, ValueError)


def test_a_course_level_is_one_two_or_three():
    with pytest.raises(ValueError, match="level"):
        Course("case-1", level=4)
