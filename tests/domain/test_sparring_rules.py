"""Which buttons each viewer gets in each state, when the unclaimed reminder is due, the lists'
ages and the statistics' medians."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from domain.calendar import WorkingCalendar
from domain.sparring import (
    Relation,
    Status,
    ThreadTimes,
    ViewerAction,
    age_label_parts,
    summarise,
    unclaimed_reminder_due,
    viewer_actions,
)

CPH = ZoneInfo("Europe/Copenhagen")
A = ViewerAction

S, R = Status, Relation
UNCLAIMED_POOL = (A.CLAIM, A.FORWARD, A.DECLINE)
CLAIMER = (A.ANSWER, A.PROPOSE_LEVEL_2, A.PROPOSE_LEVEL_3, A.FORWARD, A.DECLINE, A.CLOSE)
ACTIONS = [
    ("a pool member claims, forwards or declines a new request", S.NEW, R.POOL, UNCLAIMED_POOL),
    ("and a forwarded one the same way", S.FORWARDED, R.POOL, UNCLAIMED_POOL),
    ("the asker may only call an unclaimed one resolved", S.NEW, R.ASKER, (A.RESOLVE,)),
    ("the claimer answers, proposes, forwards, declines, closes", S.CLAIMED, R.CLAIMER, CLAIMER),
    (
        "the asker follows up or resolves a claimed one",
        S.ANSWERED,
        R.ASKER,
        (A.FOLLOW_UP, A.RESOLVE),
    ),
    ("the rest of the pool has nothing once claimed", S.CLAIMED, R.POOL, ()),
    ("a stranger never has anything", S.NEW, R.OTHER, ()),
    ("nobody acts on a declined request", S.DECLINED, R.CLAIMER, ()),
    ("nobody acts on a closed one", S.CLOSED, R.ASKER, ()),
]


@pytest.mark.parametrize(
    ("_name", "status", "relation", "expected"), ACTIONS, ids=[a[0] for a in ACTIONS]
)
def test_each_viewer_is_offered_only_what_they_may_do(_name, status, relation, expected):
    assert viewer_actions(status, relation) == expected


@pytest.mark.parametrize(
    ("asked", "due"),
    [
        (datetime(2026, 11, 23, 9, 0, tzinfo=CPH), datetime(2026, 11, 23, 13, 0, tzinfo=CPH)),
        (datetime(2026, 11, 27, 14, 0, tzinfo=CPH), datetime(2026, 11, 30, 10, 0, tzinfo=CPH)),
        (datetime(2026, 11, 28, 11, 0, tzinfo=CPH), datetime(2026, 11, 30, 12, 0, tzinfo=CPH)),
        (datetime(2027, 3, 24, 15, 0, tzinfo=CPH), datetime(2027, 3, 30, 11, 0, tzinfo=CPH)),
        (datetime(2026, 12, 23, 15, 30, tzinfo=CPH), datetime(2026, 12, 28, 11, 30, tzinfo=CPH)),
    ],
    ids=["same day", "over a weekend", "asked on a saturday", "over easter", "over christmas"],
)
def test_the_unclaimed_reminder_counts_working_hours_only(asked: datetime, due: datetime):
    assert unclaimed_reminder_due(asked, WorkingCalendar.from_settings(), 4) == due


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        (timedelta(seconds=59), ("now", 0)),
        (timedelta(minutes=5), ("minutes", 5)),
        (timedelta(hours=1, minutes=59), ("hour", 1)),
        (timedelta(hours=3, minutes=59), ("hours", 3)),
        (timedelta(hours=47), ("hours", 47)),
        (timedelta(days=3, hours=1), ("days", 3)),
        (timedelta(seconds=-5), ("now", 0)),
    ],
)
def test_a_requests_age_reads_in_its_largest_whole_unit(age: timedelta, expected):
    now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)

    assert age_label_parts(now - age, now) == expected


def test_statistics_give_requests_and_medians_per_organisation():
    start = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    hours = [timedelta(hours=h) for h in (1, 2, 6)]
    threads = [ThreadTimes("pc-amager", start, start + h, start + 2 * h) for h in hours]
    threads.append(ThreadTimes("kk-misbrug", start, None, None))

    kommune, region = summarise(threads)

    assert (kommune.organisation_id, kommune.requests, kommune.median_to_claim) == (
        "kk-misbrug",
        1,
        None,
    )
    assert (region.requests, region.median_to_claim, region.median_to_first_answer) == (
        3,
        timedelta(hours=2),
        timedelta(hours=4),
    )
