"""Proposing meeting times: working days only, spread out, never in an absence or the past."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise

import pytest

from domain.meetings import MeetingHours, Slot, propose_slots, whole_days
from tests.meeting_factories import COPENHAGEN, WORKING_DAYS, local


def propose(now: str, **options: object) -> list[Slot]:
    return propose_slots(local(now), calendar=WORKING_DAYS, **options)  # type: ignore[arg-type]


NAIVE = datetime(2026, 12, 1, 9)  # noqa: DTZ001 - on purpose


def real_length(slot: Slot) -> timedelta:
    """Elapsed time (subtracting two datetimes in one zone gives the wall-clock difference)."""
    return slot.end.astimezone(UTC) - slot.start.astimezone(UTC)


def days_of(proposed: list[Slot]) -> list[date]:
    return sorted({slot.start.date() for slot in proposed})


def test_six_one_hour_slots_within_meeting_hours_on_three_days_morning_and_afternoon():
    proposed = propose("2026-11-23 09:00")

    assert len(proposed) == 6 and proposed == sorted(proposed)
    assert all(real_length(s) == timedelta(hours=1) for s in proposed)
    assert all(time(8, 30) <= s.start.time() and s.end.time() <= time(15, 30) for s in proposed)
    assert all(s.start.minute in (0, 30) and s.start.weekday() < 5 for s in proposed)
    assert len(days_of(proposed)) >= 3
    assert {s.start.hour < 12 for s in proposed} == {True, False}


def test_the_same_request_always_gives_the_same_slots():
    assert propose("2026-11-23 09:00") == propose("2026-11-23 09:00")


def test_the_first_proposal_is_on_the_next_working_day_never_today():
    proposed = propose("2026-11-27 08:00")  # a Friday morning, the whole day still ahead

    assert proposed[0].start.date() == date(2026, 11, 30)
    assert all(s.start > local("2026-11-27 23:59") for s in proposed)


def test_an_odd_current_time_still_gives_half_hour_starts():
    assert all(s.start.minute in (0, 30) for s in propose("2026-11-23 10:17", count=12))


def test_christmas_2026_proposals_skip_christmas_eve_the_holidays_and_new_years_eve():
    proposed = propose("2026-12-15 10:00")

    assert days_of(proposed) == [date(2026, 12, 16), date(2026, 12, 29), date(2027, 1, 11)]


def test_over_christmas_the_fifteen_working_days_end_on_the_eleventh_of_january():
    every_day = days_of(propose("2026-12-15 10:00", count=30))

    expected = [date(2026, 12, d) for d in (16, 17, 18, 21, 22, 23, 28, 29, 30)]
    expected += [date(2027, 1, d) for d in (4, 5, 6, 7, 8, 11)]
    assert every_day == expected


def test_easter_2027_proposals_skip_maundy_thursday_good_friday_and_easter_monday():
    every_day = days_of(propose("2027-03-19 12:00", count=30))

    assert not {date(2027, 3, 25), date(2027, 3, 26), date(2027, 3, 29)} & set(every_day)
    assert every_day[:5] == [
        date(2027, 3, 22),
        date(2027, 3, 23),
        date(2027, 3, 24),
        date(2027, 3, 30),
        date(2027, 3, 31),
    ]
    assert len(every_day) == 15 and every_day[-1] == date(2027, 4, 14)


def test_slots_across_the_spring_dst_change_keep_wall_clock_hours_and_real_length():
    proposed = propose("2027-03-19 12:00", count=30)

    before = [s for s in proposed if s.start.date() < date(2027, 3, 28)]
    after = [s for s in proposed if s.start.date() > date(2027, 3, 28)]
    assert {s.start.utcoffset() for s in before} == {timedelta(hours=1)}
    assert {s.start.utcoffset() for s in after} == {timedelta(hours=2)}
    assert all(real_length(s) == timedelta(hours=1) for s in proposed)
    assert all(time(8, 30) <= s.start.time() < time(15, 30) for s in after)
    assert after[0].start.isoformat() == "2027-03-30T10:00:00+02:00"


def test_slots_across_the_autumn_dst_change_switch_to_winter_time():
    proposed = propose("2026-10-21 12:00", count=8)

    offsets = {s.start.date(): s.start.utcoffset() for s in proposed}
    assert offsets[min(offsets)] == timedelta(hours=2) and min(offsets) < date(2026, 10, 25)
    assert offsets[max(offsets)] == timedelta(hours=1)


def test_the_fifth_of_june_2026_is_closed_so_proposals_start_the_monday_after():
    proposed = propose("2026-06-04 10:00", count=30)

    assert date(2026, 6, 5) not in days_of(proposed)
    assert days_of(proposed)[0] == date(2026, 6, 8)


def test_around_the_fifth_of_june_2027_a_saturday_the_friday_before_is_a_working_day():
    every_day = days_of(propose("2027-06-03 10:00", count=30))

    assert every_day[:2] == [date(2027, 6, 4), date(2027, 6, 7)]


def test_no_slot_falls_in_a_participants_absence():
    busy = {"anna": [whole_days(date(2026, 12, 16), date(2026, 12, 18))]}

    every_day = days_of(propose("2026-12-15 10:00", count=30, busy=busy))

    assert every_day[0] == date(2026, 12, 21)


def test_a_partial_absence_blocks_only_the_times_it_overlaps():
    meeting = (local("2026-11-24 09:30"), local("2026-11-24 12:00"))

    proposed = propose("2026-11-23 09:00", busy={"bo": [meeting]})

    first_day = [s for s in proposed if s.start.date() == date(2026, 11, 24)]
    assert first_day, "the free afternoon and 08:30 are still usable"
    assert all(s.end <= meeting[0] or s.start >= meeting[1] for s in first_day)


def test_everyone_absent_for_the_whole_horizon_means_no_proposals():
    busy = {"anna": [whole_days(date(2026, 11, 1), date(2027, 1, 31))]}

    assert propose("2026-11-23 09:00", busy=busy) == []


def test_absences_given_in_another_order_give_the_same_slots():
    anna = [whole_days(date(2026, 11, 24), date(2026, 11, 25))]
    bo = [(local("2026-12-03 08:00"), local("2026-12-03 11:00"))]

    assert propose("2026-11-23 09:00", busy={"anna": anna, "bo": bo}) == propose(
        "2026-11-23 09:00", busy={"bo": bo, "anna": anna}
    )


def test_slots_already_tried_can_be_passed_as_busy_to_get_new_ones():
    first = propose("2026-11-23 09:00")

    again = propose("2026-11-23 09:00", busy={"tried": [(s.start, s.end) for s in first]})

    assert len(again) == 6 and not set(first) & set(again)
    assert len(days_of(again)) >= 3


def test_meeting_hours_length_and_count_are_configurable():
    hours = MeetingHours(start=time(9, 0), end=time(14, 0), weekdays=frozenset({1, 2, 3}))

    proposed = propose("2026-11-23 09:00", count=4, minutes=90, meeting_hours=hours)

    assert len(proposed) == 4 and len(days_of(proposed)) >= 3
    assert all(s.start.weekday() in (1, 2, 3) for s in proposed)
    assert all(time(9) <= s.start.time() and s.end.time() <= time(14) for s in proposed)
    assert all(real_length(s) == timedelta(minutes=90) for s in proposed)


@pytest.mark.parametrize(("count", "days", "halves"), [(1, 1, 1), (2, 2, 2), (3, 3, 2), (9, 5, 2)])
def test_small_and_large_counts_spread_over_days_and_halves(count: int, days: int, halves: int):
    proposed = propose("2026-11-23 09:00", count=count)

    assert len(proposed) == count and len(days_of(proposed)) == days
    assert len({s.start.hour < 12 for s in proposed}) == halves


def test_proposals_on_one_day_never_overlap():
    proposed = propose("2026-11-23 09:00", count=40)

    assert all(a.end <= b.start for a, b in pairwise(proposed))


def test_slots_serialise_with_their_utc_offset():
    slot = propose("2026-11-23 09:00", count=1)[0]

    assert slot.to_mapping() == {
        "start": "2026-11-24T10:00:00+01:00",
        "end": "2026-11-24T11:00:00+01:00",
    }


def test_an_absence_given_as_dates_covers_whole_local_days():
    start, end = whole_days(date(2027, 3, 27), date(2027, 3, 28))

    assert start == datetime(2027, 3, 27, tzinfo=COPENHAGEN)
    assert end == datetime(2027, 3, 29, tzinfo=COPENHAGEN)
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=47)  # DST starts


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"count": 0}, "count"),
        ({"minutes": 421}, "1 to 420 minutes"),
        ({"horizon_working_days": 0}, "horizon"),
        ({"step_minutes": 7}, "step_minutes"),
        ({"busy": {"a": [(NAIVE, NAIVE + timedelta(hours=1))]}}, "aware"),
        ({"busy": {"a": [(local("2026-12-01 10:00"), local("2026-12-01 09:00"))]}}, "end after"),
    ],
)
def test_impossible_requests_are_refused_with_a_reason(options: dict[str, object], message: str):
    with pytest.raises(ValueError, match=message):
        propose("2026-11-23 09:00", **options)


def test_a_naive_current_time_is_refused():
    with pytest.raises(ValueError, match="aware"):
        propose_slots(datetime(2026, 11, 23, 9), calendar=WORKING_DAYS)  # noqa: DTZ001


def test_meeting_hours_must_be_a_real_span_of_real_weekdays():
    with pytest.raises(ValueError, match="start before"):
        MeetingHours(start=time(15), end=time(9))
    with pytest.raises(ValueError, match="weekdays"):
        MeetingHours(weekdays=frozenset({7}))


def test_the_calendar_decides_what_a_working_day_is():
    class EveryOtherDay:
        def is_working_day(self, d: date) -> bool:
            return d.toordinal() % 2 == 0

    proposed = propose_slots(local("2026-11-23 09:00"), calendar=EveryOtherDay(), count=30)

    assert all(s.start.date().toordinal() % 2 == 0 for s in proposed)
