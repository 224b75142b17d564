"""The municipality checker's reading of retention (docs/privacy.md): a closed course is deleted
RETENTION_DAYS after its closing, at the retention job's next run (00:00 UTC, or a process's
start), and from then on the Monday overview no longer counts it."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import cast

from bench.municipality.cast import KOMMUNE, REGION, make_cast
from bench.municipality.checker import Checker
from bench.municipality.inbox import read_part
from bench.municipality.rules import RETENTION_DAYS, ZONE, deleted_at
from bench.municipality.truth import Course, Done, Truth
from cards.course import CourseView, Due, escalation_card
from cards.texts import Texts
from tests.harness.transcript import Posted

CLOSED = datetime(2023, 3, 1, 10, 0, tzinfo=ZONE)


def test_a_closed_course_is_deleted_at_the_first_utc_midnight_after_the_retention_period():
    assert deleted_at(CLOSED, []) == datetime(2023, 5, 31, 0, 0, tzinfo=UTC)


def test_a_process_started_after_the_retention_period_but_before_midnight_deletes_it_then():
    start = datetime(2023, 5, 30, 23, 30, tzinfo=ZONE)  # 21:30 UTC

    assert deleted_at(CLOSED, [CLOSED, start]) == start


def _checker_with_a_course_closed_at(closed: datetime) -> Checker:
    cast = make_cast(random.Random(1), 4)
    person = cast.staff[KOMMUNE][0]
    started = datetime(2023, 1, 9, 10, 0, tzinfo=ZONE)
    course = Course("KI-2023-0001", KOMMUNE, REGION, started, "prompt", asks_consent=False)
    course.tovholders.append((started, person))
    course.steps += [Done("give_consent", started, person), Done("close", closed, person)]
    truth = Truth(started=started, ended=closed + timedelta(days=200))
    truth.courses[course.reference] = course
    return Checker(truth, cast, set())


def test_the_overview_counts_a_closed_course_until_retention_deleted_it():
    checker = _checker_with_a_course_closed_at(CLOSED)
    before = date(2023, 5, 29)  # a Monday before the deletion
    after = date(2023, 6, 5)  # the Monday after it

    _, counted = checker.overview_truth(KOMMUNE, before)
    _, gone = checker.overview_truth(KOMMUNE, after)

    assert counted["2023-Q1"][0] == 1
    assert gone["2023-Q1"][0] == 0
    assert (after - CLOSED.date()).days > RETENTION_DAYS > (before - CLOSED.date()).days


def test_the_christmas_week_without_a_working_day_expects_no_overview():
    checker = _checker_with_a_course_closed_at(CLOSED)
    checker.start = datetime(2023, 12, 18, 7, 0, tzinfo=ZONE)
    checker.end = datetime(2024, 1, 3, 7, 0, tzinfo=ZONE)

    weeks = {e.key[2] for e in checker._overviews()}  # type: ignore[index]

    assert weeks == {(2023, 51), (2024, 1)}


def test_an_escalation_to_the_coordinator_who_took_the_case_over_is_read_as_one():
    # She is now its tovholder, so her escalation offers no "take over".
    view = CourseView(
        reference="KI-2024-0015",
        initials=None,
        level=1,
        stage="plan_sent",
        tovholder="Koordinator To",
        done=(),
        due=(Due("forward", "11/4", overdue=True),),
        coordinator=True,
        people=(("aad-x", "Anden Ansat"),),
        own_case=True,
    )
    card = escalation_card(Texts("da"), view, Due("forward", "11/4", overdue=True))
    assert "course.take_over" not in str(card)

    part = read_part(card, "crb-kbh-coordinator-2", datetime(2024, 4, 12, 9, tzinfo=UTC),
                     cast(Posted, None), 0, digest=True)  # fmt: skip

    assert (part.kind, part.reference, part.deadline) == ("escalation", "KI-2024-0015", "forward")
