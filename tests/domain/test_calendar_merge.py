"""Outlook free/busy merged into proposals: required people's busy and out-of-office times
block, unknown calendars and optional people's do not, and the result says whose were read."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from domain.meetings import COPENHAGEN, propose_slots, whole_days
from domain.meetings.calendar_merge import (
    calendar_overview,
    merge_intervals,
    proposal_window,
    propose_with_calendars,
)
from domain.meetings.calendar_port import BusyTimes, CalendarUnknown, UnknownReason

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=COPENHAGEN)  # a Monday


class Weekdays:
    def is_working_day(self, d: date, /) -> bool:
        return d.weekday() < 5


WORKING_DAYS = Weekdays()


def local(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=COPENHAGEN)


def clashes(slot_start: datetime, slot_end: datetime, start: datetime, end: datetime) -> bool:
    return start < slot_end and slot_start < end


def test_a_required_participants_busy_and_out_of_office_times_are_never_proposed():
    # Anne is busy every working morning and out of office on the 25th.
    mornings = [(local(d, 8), local(d, 12)) for d in range(24, 31)]
    free_busy = {
        "anne": BusyTimes(busy=(*mornings, (local(25, 0), local(26, 0)))),
        "bo": BusyTimes(),
    }

    proposal = propose_with_calendars(
        NOW,
        calendar=WORKING_DAYS,
        free_busy=free_busy,
        required={"anne", "bo"},
        horizon_working_days=5,
    )

    assert proposal.slots
    for slot in proposal.slots:
        assert slot.start.hour >= 12 and slot.start.date() != date(2026, 11, 25)
    assert proposal.calendars.consulted == ("anne", "bo")


def test_an_optional_participants_busy_times_do_not_block():
    everything = BusyTimes(busy=((local(24, 0), local(24, 0) + timedelta(days=30)),))

    proposal = propose_with_calendars(
        NOW, calendar=WORKING_DAYS, free_busy={"cia": everything}, required=set()
    )

    assert proposal.slots == propose_slots(NOW, calendar=WORKING_DAYS)
    assert proposal.calendars.consulted == ("cia",)


def test_unknown_calendars_block_nothing_and_are_named_with_their_reason():
    free_busy = {
        "anne": BusyTimes(),
        "bo": CalendarUnknown(UnknownReason.NO_CONSENT, "AADSTS700016"),
        "gp": CalendarUnknown(UnknownReason.NO_ADDRESS),
    }

    proposal = propose_with_calendars(
        NOW, calendar=WORKING_DAYS, free_busy=free_busy, required={"anne", "bo", "gp"}
    )

    assert proposal.slots == propose_slots(NOW, calendar=WORKING_DAYS)
    assert proposal.calendars.consulted == ("anne",)
    assert proposal.calendars.unknown == (
        ("bo", UnknownReason.NO_CONSENT),
        ("gp", UnknownReason.NO_ADDRESS),
    )
    assert proposal.calendars.unknown_keys == ("bo", "gp")


def test_tentative_times_count_as_available():
    tentative_everywhere = BusyTimes(tentative=((local(24, 0), local(24, 0) + timedelta(days=30)),))

    proposal = propose_with_calendars(
        NOW, calendar=WORKING_DAYS, free_busy={"anne": tentative_everywhere}, required={"anne"}
    )

    assert proposal.slots == propose_slots(NOW, calendar=WORKING_DAYS)


def test_outlook_times_come_on_top_of_registered_absences_and_tried_slots():
    absence = {"absence0": [whole_days(date(2026, 11, 24), date(2026, 11, 27))]}
    outlook = {"anne": BusyTimes(busy=((local(30, 0), local(30, 12)),))}

    proposal = propose_with_calendars(
        NOW,
        calendar=WORKING_DAYS,
        free_busy=outlook,
        required={"anne"},
        busy=absence,
        horizon_working_days=10,
    )

    for slot in proposal.slots:
        assert not slot.start.date() <= date(2026, 11, 27)
        assert not clashes(slot.start, slot.end, local(30, 0), local(30, 12))


def test_a_required_participant_busy_all_the_time_leaves_no_proposals():
    always = BusyTimes(busy=((NOW, NOW + timedelta(days=60)),))

    proposal = propose_with_calendars(
        NOW, calendar=WORKING_DAYS, free_busy={"anne": always}, required={"anne"}
    )

    assert proposal.slots == []


def test_the_overview_keeps_only_required_peoples_blocking_times_merged():
    overview = calendar_overview(
        {
            "anne": BusyTimes(busy=((local(24, 9), local(24, 10)), (local(24, 10), local(24, 11)))),
            "cia": BusyTimes(busy=((local(24, 9), local(24, 10)),)),
        },
        required={"anne"},
    )

    assert overview.busy() == {"outlook:anne": [(local(24, 9), local(24, 11))]}


def test_intervals_that_overlap_or_touch_merge_into_one():
    merged = merge_intervals(
        [
            (local(24, 12), local(24, 13)),
            (local(24, 9), local(24, 10)),
            (local(24, 9, 30), local(24, 11)),
            (local(24, 11), local(24, 11, 30)),
        ]
    )

    assert merged == ((local(24, 9), local(24, 11, 30)), (local(24, 12), local(24, 13)))


def test_the_window_to_read_reaches_the_end_of_the_last_proposed_day():
    start, end = proposal_window(NOW, calendar=WORKING_DAYS, horizon_working_days=15)

    assert start == NOW
    assert end == datetime(2026, 12, 15, 0, 0, tzinfo=COPENHAGEN)  # after Monday 14 December
    slots = propose_slots(NOW, calendar=WORKING_DAYS, horizon_working_days=15)
    assert all(start <= s.start and s.end <= end for s in slots)


@pytest.mark.parametrize("horizon", [1, 5, 15, 40])
def test_every_proposal_lies_inside_the_window_read(horizon: int):
    start, end = proposal_window(NOW, calendar=WORKING_DAYS, horizon_working_days=horizon)
    slots = propose_slots(NOW, calendar=WORKING_DAYS, horizon_working_days=horizon, count=30)

    assert slots and all(start <= s.start and s.end <= end for s in slots)
