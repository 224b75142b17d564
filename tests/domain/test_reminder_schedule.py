"""When a reminder fires: once or by a weekly rule, and the occurrence after a given one."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from domain.reminders import When, following, parse_when
from domain.timeparse import COPENHAGEN, Recurrence, TimeNotUnderstood

NOW = datetime(2027, 3, 26, 12, 0, tzinfo=UTC)  # Friday before the spring DST change


def test_a_one_off_time_has_no_rule():
    assert parse_when("i morgen kl 9", NOW) == When(datetime(2027, 3, 27, 9, 0, tzinfo=COPENHAGEN))


def test_a_repeat_starts_at_its_next_time_after_now():
    when = parse_when("hver mandag kl 9", NOW)

    assert when.recurrence == Recurrence(frozenset({0}), time(9, 0))
    assert when.first == datetime(2027, 3, 29, 9, 0, tzinfo=COPENHAGEN)
    assert when.first.utcoffset() == timedelta(hours=2)


@pytest.mark.parametrize(
    ("text", "code"), [("onsdag", "no_time_of_day"), ("hver blåbær kl 9", "not_understood")]
)
def test_a_time_that_cannot_be_used_is_refused(text: str, code: str):
    with pytest.raises(TimeNotUnderstood) as refused:
        parse_when(text, NOW)
    assert refused.value.code == code


def test_the_following_occurrence_keeps_the_wall_clock_and_skips_what_was_missed():
    daily = Recurrence(frozenset(range(7)), time(8, 30))
    due = datetime(2027, 3, 27, 8, 30, tzinfo=COPENHAGEN)

    assert following(daily, due, due) == datetime(2027, 3, 28, 8, 30, tzinfo=COPENHAGEN)
    assert following(daily, due, due + timedelta(days=5)) == datetime(
        2027, 4, 2, 8, 30, tzinfo=COPENHAGEN
    )
