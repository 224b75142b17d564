"""The time table: expressions staff write, the moment they mean, and the ones refused.

Shared by the tests and by ``bench/time_parsing.py``. "Now" is named per block; every expected
moment is written out by hand with its Copenhagen offset.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Final, NamedTuple

from hypothesis import strategies as st

from domain.timeparse import COPENHAGEN


def cph(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=COPENHAGEN)


def utc_moments(first_year: int, last_year: int) -> st.SearchStrategy[datetime]:
    """Aware UTC moments for hypothesis (whose bounds are naive by design)."""
    low = datetime(first_year, 1, 1)  # noqa: DTZ001
    high = datetime(last_year, 12, 31)  # noqa: DTZ001
    return st.datetimes(min_value=low, max_value=high, timezones=st.just(UTC))


MONDAY: Final = cph(2026, 11, 23, 9)  # Monday of week 48, winter time
BEFORE_SPRING_2026: Final = cph(2026, 3, 28, 10)  # Saturday; clocks go forward on the 29th
NIGHT_OF_SPRING_2026: Final = cph(2026, 3, 29, 1, 30)
BEFORE_AUTUMN_2026: Final = cph(2026, 10, 24, 10)  # Saturday; clocks go back on the 25th
BEFORE_SPRING_2027: Final = cph(2027, 3, 27, 10)  # Saturday; clocks go forward on the 28th
YEAR_END: Final = cph(2026, 12, 30, 15)  # Wednesday of ISO week 53


class Row(NamedTuple):
    text: str
    now: datetime
    start: str
    end: str | None = None
    language: str = "da"


class Refusal(NamedTuple):
    text: str
    now: datetime
    code: str
    language: str = "da"


ROWS: Final = (
    # Weekdays
    Row("tirsdag kl 10", MONDAY, "2026-11-24T10:00:00+01:00"),
    Row("Tirsdag kl. 10", MONDAY, "2026-11-24T10:00:00+01:00"),
    Row("på torsdag kl 9", MONDAY, "2026-11-26T09:00:00+01:00"),
    Row("næste tirsdag kl 9", MONDAY, "2026-11-24T09:00:00+01:00"),
    Row("mandag kl 10", MONDAY, "2026-11-23T10:00:00+01:00"),  # later today
    Row("mandag kl 8", MONDAY, "2026-11-30T08:00:00+01:00"),  # today's has passed
    Row("på fredag kl. 9:15", MONDAY, "2026-11-27T09:15:00+01:00"),
    Row("tirsdag d. 24. november kl 10", MONDAY, "2026-11-24T10:00:00+01:00"),
    # Relative days
    Row("i dag kl 12", MONDAY, "2026-11-23T12:00:00+01:00"),
    Row("idag kl 16.45", MONDAY, "2026-11-23T16:45:00+01:00"),
    Row("i morgen kl 14", MONDAY, "2026-11-24T14:00:00+01:00"),
    Row("imorgen kl 7", MONDAY, "2026-11-24T07:00:00+01:00"),
    Row("i overmorgen kl 8", MONDAY, "2026-11-25T08:00:00+01:00"),
    Row("kl 10 i morgen", MONDAY, "2026-11-24T10:00:00+01:00"),
    Row("i morgen 10.30", MONDAY, "2026-11-24T10:30:00+01:00"),
    # Spoken times
    Row("i morgen kl. halv elleve", MONDAY, "2026-11-24T10:30:00+01:00"),
    Row("i morgen kvart over ni", MONDAY, "2026-11-24T09:15:00+01:00"),
    Row("i morgen kvart i 12", MONDAY, "2026-11-24T11:45:00+01:00"),
    Row("klokken 10 over 9 i morgen", MONDAY, "2026-11-24T09:10:00+01:00"),
    Row("i morgen kl 29 over 9", MONDAY, "2026-11-24T09:29:00+01:00"),  # the last "over"
    Row("i morgen kl 1 i 10", MONDAY, "2026-11-24T09:59:00+01:00"),  # the first "i"
    Row("fredag kl halv tre om eftermiddagen", MONDAY, "2026-11-27T14:30:00+01:00"),
    Row("fredag kl 3 om eftermiddagen", MONDAY, "2026-11-27T15:00:00+01:00"),
    Row("i aften kl 8", MONDAY, "2026-11-23T20:00:00+01:00"),
    Row("i morgen aften kl 7", MONDAY, "2026-11-24T19:00:00+01:00"),
    Row("i morgen tidlig kl 6", MONDAY, "2026-11-24T06:00:00+01:00"),
    # Dates
    Row("3. december kl. 10", MONDAY, "2026-12-03T10:00:00+01:00"),
    Row("d. 10. dec. kl 9", MONDAY, "2026-12-10T09:00:00+01:00"),
    Row("den 10. december kl 9.30", MONDAY, "2026-12-10T09:30:00+01:00"),
    Row("3/12 kl 9", MONDAY, "2026-12-03T09:00:00+01:00"),
    Row("4.12 kl 10", MONDAY, "2026-12-04T10:00:00+01:00"),
    Row("14-12-2026 kl 10", MONDAY, "2026-12-14T10:00:00+01:00"),
    Row("14/12/2026 kl 13.15", MONDAY, "2026-12-14T13:15:00+01:00"),
    Row("3/12 14.30", MONDAY, "2026-12-03T14:30:00+01:00"),
    Row("2026-12-14 10:00", MONDAY, "2026-12-14T10:00:00+01:00"),
    Row("5. januar kl 10", MONDAY, "2027-01-05T10:00:00+01:00"),  # this year's has passed
    Row("20/11 kl 10", MONDAY, "2027-11-20T10:00:00+01:00"),
    Row("29/2 kl 10", MONDAY, "2028-02-29T10:00:00+01:00"),  # the next leap day
    # Weeks
    Row("torsdag i næste uge kl 13", MONDAY, "2026-12-03T13:00:00+01:00"),
    Row("i næste uge tirsdag kl 10", MONDAY, "2026-12-01T10:00:00+01:00"),
    Row("næste uge onsdag kl. 9", MONDAY, "2026-12-02T09:00:00+01:00"),
    Row("onsdag i denne uge kl 10", MONDAY, "2026-11-25T10:00:00+01:00"),
    Row("tirsdag i uge 50 kl 10", MONDAY, "2026-12-08T10:00:00+01:00"),
    Row("uge 50 fredag kl 12", MONDAY, "2026-12-11T12:00:00+01:00"),
    # Durations: minutes and hours are exact, days keep the clock time
    Row("om en uge", MONDAY, "2026-11-30T09:00:00+01:00"),
    Row("om en uge kl 10", MONDAY, "2026-11-30T10:00:00+01:00"),
    Row("om 1 minut", MONDAY, "2026-11-23T09:01:00+01:00"),
    Row("om 10 minutter", MONDAY, "2026-11-23T09:10:00+01:00"),
    Row("om 2 timer", MONDAY, "2026-11-23T11:00:00+01:00"),
    Row("om 3 dage", MONDAY, "2026-11-26T09:00:00+01:00"),
    Row("om en time", MONDAY, "2026-11-23T10:00:00+01:00"),
    Row("om et kvarter", MONDAY, "2026-11-23T09:15:00+01:00"),
    Row("om en halv time", MONDAY, "2026-11-23T09:30:00+01:00"),
    Row("om halvanden time", MONDAY, "2026-11-23T10:30:00+01:00"),
    Row("om 14 dage", MONDAY, "2026-12-07T09:00:00+01:00"),
    Row("om to uger", MONDAY, "2026-12-07T09:00:00+01:00"),
    Row("om en måned", MONDAY, "2026-12-23T09:00:00+01:00"),
    # A time alone is its next occurrence
    Row("kl 10", MONDAY, "2026-11-23T10:00:00+01:00"),
    Row("kl 8", MONDAY, "2026-11-24T08:00:00+01:00"),
    # Ranges
    Row("i morgen kl 9-10", MONDAY, "2026-11-24T09:00:00+01:00", "2026-11-24T10:00:00+01:00"),
    Row("i morgen kl 10-10.01", MONDAY, "2026-11-24T10:00:00+01:00", "2026-11-24T10:01:00+01:00"),
    Row(
        "fredag fra kl. 9 til 10.30",
        MONDAY,
        "2026-11-27T09:00:00+01:00",
        "2026-11-27T10:30:00+01:00",
    ),
    Row("fredag kl 13-14.30", MONDAY, "2026-11-27T13:00:00+01:00", "2026-11-27T14:30:00+01:00"),
    Row(
        "fredag mellem kl 9 og 11", MONDAY, "2026-11-27T09:00:00+01:00", "2026-11-27T11:00:00+01:00"
    ),
    # English
    Row("tomorrow 2pm", MONDAY, "2026-11-24T14:00:00+01:00", language="en"),
    Row("Friday at 10am", MONDAY, "2026-11-27T10:00:00+01:00", language="en"),
    Row("December 4 at 9:30", MONDAY, "2026-12-04T09:30:00+01:00", language="en"),
    Row("in 2 hours", MONDAY, "2026-11-23T11:00:00+01:00", language="en"),
    Row("in 10 minutes", MONDAY, "2026-11-23T09:10:00+01:00", language="en"),
    Row("in an hour", MONDAY, "2026-11-23T10:00:00+01:00", language="en"),
    Row("in half an hour", MONDAY, "2026-11-23T09:30:00+01:00", language="en"),
    Row("in 3 days", MONDAY, "2026-11-26T09:00:00+01:00", language="en"),
    Row("today at 5pm", MONDAY, "2026-11-23T17:00:00+01:00", language="en"),
    Row("the day after tomorrow at 8am", MONDAY, "2026-11-25T08:00:00+01:00", language="en"),
    Row("next Friday at 3pm", MONDAY, "2026-11-27T15:00:00+01:00", language="en"),
    Row("Friday next week at 10am", MONDAY, "2026-12-04T10:00:00+01:00", language="en"),
    Row("Wednesday in week 50 at 9", MONDAY, "2026-12-09T09:00:00+01:00", language="en"),
    Row("4 December at 12pm", MONDAY, "2026-12-04T12:00:00+01:00", language="en"),
    Row("Dec 4th, 2026 at 9am", MONDAY, "2026-12-04T09:00:00+01:00", language="en"),
    Row("the 4th of December at 10am", MONDAY, "2026-12-04T10:00:00+01:00", language="en"),
    Row("tomorrow at noon", MONDAY, "2026-11-24T12:00:00+01:00", language="en"),
    Row("10 o'clock tomorrow", MONDAY, "2026-11-24T10:00:00+01:00", language="en"),
    Row("tonight at 8", MONDAY, "2026-11-23T20:00:00+01:00", language="en"),
    Row("this afternoon at 3", MONDAY, "2026-11-23T15:00:00+01:00", language="en"),
    Row(
        "tomorrow from 9 to 10:30",
        MONDAY,
        "2026-11-24T09:00:00+01:00",
        "2026-11-24T10:30:00+01:00",
        language="en",
    ),
    Row(
        "tomorrow 2-3pm",
        MONDAY,
        "2026-11-24T14:00:00+01:00",
        "2026-11-24T15:00:00+01:00",
        language="en",
    ),
    # Through dateparser (our grammar does not read these), checked after
    Row("3pm on December the 4th", MONDAY, "2026-12-04T15:00:00+01:00", language="en"),
    Row("a week from tomorrow at 10am", MONDAY, "2026-12-01T10:00:00+01:00", language="en"),
    # Spring 2026: Sunday 29 March 02.00 becomes 03.00
    Row("i morgen kl 10", BEFORE_SPRING_2026, "2026-03-29T10:00:00+02:00"),
    Row("i morgen kl 2.30", BEFORE_SPRING_2026, "2026-03-29T03:30:00+02:00"),  # does not exist
    Row("om 24 timer", BEFORE_SPRING_2026, "2026-03-29T11:00:00+02:00"),  # exact hours
    Row("om 1 dag", BEFORE_SPRING_2026, "2026-03-29T10:00:00+02:00"),  # same clock time
    Row("mandag kl 9", BEFORE_SPRING_2026, "2026-03-30T09:00:00+02:00"),
    Row("in 2 hours", NIGHT_OF_SPRING_2026, "2026-03-29T04:30:00+02:00", language="en"),
    # Autumn 2026: Sunday 25 October 03.00 becomes 02.00
    Row("i morgen kl 10", BEFORE_AUTUMN_2026, "2026-10-25T10:00:00+01:00"),
    Row("i morgen kl 2.30", BEFORE_AUTUMN_2026, "2026-10-25T02:30:00+02:00"),  # the first
    Row("om 1 dag", BEFORE_AUTUMN_2026, "2026-10-25T10:00:00+01:00"),
    Row("om 24 timer", BEFORE_AUTUMN_2026, "2026-10-25T09:00:00+01:00"),
    # Spring 2027: Sunday 28 March
    Row("i morgen kl 9", BEFORE_SPRING_2027, "2027-03-28T09:00:00+02:00"),
    Row("søndag kl 12", BEFORE_SPRING_2027, "2027-03-28T12:00:00+02:00"),
    Row(
        "i morgen fra kl 1 til 4",
        BEFORE_SPRING_2027,
        "2027-03-28T01:00:00+01:00",
        "2027-03-28T04:00:00+02:00",
    ),
    # Year end
    Row("3/1 kl 10", YEAR_END, "2027-01-03T10:00:00+01:00"),
    Row("i morgen kl 10", YEAR_END, "2026-12-31T10:00:00+01:00"),
    Row("i overmorgen kl 10", YEAR_END, "2027-01-01T10:00:00+01:00"),
    Row("fredag kl 10", YEAR_END, "2027-01-01T10:00:00+01:00"),
    Row("tirsdag i næste uge kl 9", YEAR_END, "2027-01-05T09:00:00+01:00"),
    Row("uge 1 mandag kl 9", YEAR_END, "2027-01-04T09:00:00+01:00"),
    Row("uge 53 torsdag kl 9", YEAR_END, "2026-12-31T09:00:00+01:00"),
    Row("31. december kl 23.59", YEAR_END, "2026-12-31T23:59:00+01:00"),
    Row("om 2 dage", YEAR_END, "2027-01-01T15:00:00+01:00"),
    Row("om en måned", YEAR_END, "2027-01-30T15:00:00+01:00"),  # into the next year
    Row("om 2 måneder", cph(2026, 12, 31, 10), "2027-02-28T10:00:00+01:00"),  # no 31 February
    Row("om 13 måneder", cph(2026, 1, 31, 10), "2027-02-28T10:00:00+01:00"),
    Row("in a month", cph(2028, 1, 31, 10), "2028-02-29T10:00:00+01:00", language="en"),
    Row("1. januar 2027 kl 12", YEAR_END, "2027-01-01T12:00:00+01:00"),
)

REFUSALS: Final = (
    Refusal("i dag kl 8", MONDAY, "past"),
    Refusal("20/11/2026 kl 10", MONDAY, "past"),
    Refusal("23/11 kl 8", MONDAY, "past"),
    Refusal("i går kl 10", MONDAY, "past"),
    Refusal("yesterday at 10am", MONDAY, "past", "en"),  # today, but the hour has gone
    Refusal("31/11 kl 10", MONDAY, "impossible_date"),
    Refusal("31. november kl 10", MONDAY, "impossible_date"),
    Refusal("30/2 kl 10", MONDAY, "impossible_date"),
    Refusal("13/13 kl 10", MONDAY, "impossible_date"),
    Refusal("onsdag", MONDAY, "no_time_of_day"),
    Refusal("3. december", MONDAY, "no_time_of_day"),
    Refusal("i morgen", MONDAY, "no_time_of_day"),
    Refusal("tomorrow", MONDAY, "no_time_of_day", "en"),
    Refusal("blabla", MONDAY, "not_understood"),
    Refusal("når det passer", MONDAY, "not_understood"),
    Refusal("banan kl 10", MONDAY, "not_understood"),
    Refusal("om 2 timer kl 10", MONDAY, "not_understood"),
    Refusal("kl 25", MONDAY, "hour_out_of_range"),
    Refusal("i morgen kl 24", MONDAY, "hour_out_of_range"),
    Refusal("13pm", MONDAY, "hour_out_of_range", "en"),
    Refusal("kl 9.75", MONDAY, "minute_out_of_range"),
    Refusal("i morgen kl 30 over 9", MONDAY, "minute_out_of_range"),  # that is "halv ti"
    Refusal("i morgen kl 0 over 9", MONDAY, "minute_out_of_range"),
    Refusal("i morgen kl 10-9", MONDAY, "end_before_start"),
    Refusal("i morgen kl 10-10", MONDAY, "end_before_start"),  # a meeting of no length
    Refusal("om en halv minut", MONDAY, "not_understood"),  # 30 seconds: not a clock time
    Refusal("om en halv dag", MONDAY, "not_understood"),
    Refusal("tirsdag d. 25. november kl 10", MONDAY, "weekday_mismatch"),
    Refusal("uge 50 kl 10", MONDAY, "week_without_weekday"),
    Refusal("i næste uge kl 10", MONDAY, "week_without_weekday"),
    Refusal("uge 54 mandag kl 10", MONDAY, "week_out_of_range"),
    Refusal("14-12-2110 kl 10", MONDAY, "too_far_ahead"),
    Refusal("", MONDAY, "empty"),
    Refusal("   ", MONDAY, "empty"),
)
