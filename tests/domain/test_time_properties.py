"""Properties over generated expressions and moments: the future, the Copenhagen offset, the
wall-clock time asked for, and no crash on any text."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.timeparse import COPENHAGEN, TimeNotUnderstood, parse_time
from tests.domain.time_table import utc_moments

_WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
_DANISH_MONTHS = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
]

nows = utc_moments(2026, 2028)
clock_times = st.times().map(lambda t: t.replace(second=0, microsecond=0))


def _kl(at: time) -> str:
    return f"kl {at.hour}.{at.minute:02d}"


day_expressions = st.one_of(
    st.sampled_from(_WEEKDAYS).map(lambda day: f"på {day}"),
    st.sampled_from(_WEEKDAYS).map(lambda day: f"{day} i næste uge"),
    st.sampled_from(("i morgen", "i overmorgen", "om en uge", "om 3 dage")),
    st.tuples(st.integers(1, 28), st.integers(1, 12)).map(lambda dm: f"{dm[0]}/{dm[1]}"),
    st.tuples(st.integers(1, 28), st.sampled_from(_DANISH_MONTHS)).map(
        lambda dm: f"{dm[0]}. {dm[1]}"
    ),
)


def _is_copenhagen(moment: datetime) -> bool:
    return (
        moment.tzinfo == COPENHAGEN
        and moment.utcoffset() == moment.astimezone(UTC).astimezone(COPENHAGEN).utcoffset()
    )


def _names_today(day: str, now: datetime) -> bool:
    today = now.astimezone(COPENHAGEN).date()
    return day in (f"{today.day}/{today.month}", f"{today.day}. {_DANISH_MONTHS[today.month - 1]}")


@settings(deadline=None)  # a loaded test host is no reason to fail; bench/ measures speed
@given(now=nows, day=day_expressions, at=clock_times)
def test_a_day_with_a_time_is_in_the_future_at_the_clock_time_asked_for(
    now: datetime, day: str, at: time
):
    try:
        parsed = parse_time(f"{day} {_kl(at)}", now)
    except TimeNotUnderstood as refused:  # only today's date at an hour already gone
        assert refused.code == "past" and _names_today(day, now)
        return

    assert parsed.start > now and _is_copenhagen(parsed.start)
    shown = parsed.start.time()
    # Only a time skipped in spring may differ, and then by the hour the clock jumped.
    assert shown == at or (shown.hour == at.hour + 1 and parsed.start.month == 3)


@settings(deadline=None)
@given(now=nows, minutes=st.integers(1, 60 * 24 * 14))
def test_minutes_from_now_are_exactly_that_much_real_time(now: datetime, minutes: int):
    parsed = parse_time(f"om {minutes} minutter", now)

    assert parsed.start - now == timedelta(minutes=minutes) and _is_copenhagen(parsed.start)


@settings(deadline=None)
@given(now=nows, at=clock_times)
def test_a_time_alone_is_its_next_occurrence_within_a_day(now: datetime, at: time):
    parsed = parse_time(_kl(at), now)

    assert now < parsed.start <= now + timedelta(days=1, hours=1)


@settings(max_examples=200, deadline=None)  # the first dateparser call loads its data
@given(text=st.text(max_size=40), now=nows)
def test_any_text_gives_a_future_moment_or_a_coded_refusal(text: str, now: datetime):
    try:
        parsed = parse_time(text, now)
    except TimeNotUnderstood as refused:
        assert refused.code
    else:
        assert parsed.start > now and _is_copenhagen(parsed.start)
