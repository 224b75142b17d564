"""When a poll reminds: participants with Teams but not the tovholder, 1 and 2 working days
after the round went out; the tovholder the morning after the answer-by date."""

from __future__ import annotations

from datetime import date, datetime

from domain.meetings.nudges import deadline_notice, nudges
from tests.meeting_factories import BO, COPENHAGEN, WORKING_DAYS, local, poll


def test_each_participant_with_teams_but_the_tovholder_is_nudged_after_one_and_two_working_days():
    friday_10 = local("2026-12-04 10:00")

    scheduled = nudges(poll(round=2), friday_10, WORKING_DAYS, COPENHAGEN)

    assert [(n.participant, n.person, n.round, n.after_days) for n in scheduled] == [
        ("p2", BO, 2, 1),
        ("p2", BO, 2, 2),
    ]
    assert [n.due for n in scheduled] == [local("2026-12-07 10:00"), local("2026-12-08 10:00")]


def test_the_deadline_notice_comes_the_morning_after_the_answer_by_date():
    assert deadline_notice(poll(), COPENHAGEN) is None
    assert deadline_notice(poll(answer_by=date(2026, 12, 9)), COPENHAGEN) == datetime(
        2026, 12, 10, 8, 0, tzinfo=COPENHAGEN
    )
