from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.schedule import next_multiple, next_weekly

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
MONDAY = 0


def test_a_daily_job_is_next_due_at_the_following_utc_midnight_never_at_the_moment_itself():
    day = timedelta(days=1)

    assert next_multiple(datetime(2026, 3, 2, 9, 30, tzinfo=UTC), day) == datetime(
        2026, 3, 3, tzinfo=UTC
    )
    assert next_multiple(datetime(2026, 3, 3, tzinfo=UTC), day) == datetime(2026, 3, 4, tzinfo=UTC)


def test_monday_eight_oclock_is_local_time_on_both_sides_of_the_daylight_saving_change():
    saturday_before = datetime(2027, 3, 27, 12, 0, tzinfo=COPENHAGEN)
    first = next_weekly(saturday_before, COPENHAGEN, MONDAY, time(8))
    second = next_weekly(first, COPENHAGEN, MONDAY, time(8))

    assert first == datetime(2027, 3, 29, 8, 0, tzinfo=COPENHAGEN)
    assert first.astimezone(UTC).hour == 6  # summer time
    assert second == datetime(2027, 4, 5, 8, 0, tzinfo=COPENHAGEN)


def test_a_monday_after_eight_waits_a_week_and_a_monday_before_eight_does_not():
    early = datetime(2026, 3, 2, 7, 59, tzinfo=COPENHAGEN)
    late = datetime(2026, 3, 2, 8, 0, tzinfo=COPENHAGEN)

    assert next_weekly(early, COPENHAGEN, MONDAY, time(8)) == late
    assert next_weekly(late, COPENHAGEN, MONDAY, time(8)) == late + timedelta(days=7)
