"""Outlook invitations through a fake Graph: created once, moved, cancelled, with or without a
Teams link, and never twice when an answer is lost."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.graph import GraphCalendar, RetryPolicy
from domain.meetings.calendar_port import (
    Attendee,
    CalendarFailure,
    CancelOutcome,
    EventChange,
    EventRequest,
    Mailbox,
)
from tests.harness.fake_graph import FakeGraph

from .conftest import MUNICIPALITY, OUTSIDER, REGION, MakeCalendar, Sleeps

CPH = ZoneInfo("Europe/Copenhagen")
ANNE = Mailbox(REGION, "anne@region.dk")


def request(**changes: object) -> EventRequest:
    fields: dict[str, object] = {
        "organizer": ANNE,
        "subject": "KI-2026-0007: Indsatsplansmøde",
        "body": "Dagsorden\n1. Status",
        "start": datetime(2026, 12, 8, 10, 0, tzinfo=CPH),
        "end": datetime(2026, 12, 8, 11, 0, tzinfo=CPH),
        "transaction_id": "ki-poll-p123-1",
        "attendees": (
            Attendee("bo@kommune.dk", "Bo Hansen"),
            Attendee("cia@region.dk", required=False),
        ),
        "location": "PC Amager, mødelokale 2",
        "online": True,
    }
    fields.update(changes)
    return EventRequest(**fields)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def mailboxes(graph: FakeGraph) -> None:
    graph.add_mailbox(REGION, "anne@region.dk")
    graph.add_mailbox(MUNICIPALITY, "bo@kommune.dk")


async def test_an_event_is_created_in_the_organisers_mailbox_with_copenhagen_times(
    graph: FakeGraph, calendar: GraphCalendar
):
    ref = await calendar.create_event(request())

    [event] = graph.live_events("anne@region.dk")
    assert ref.event_id == event.id and ref.online_ok
    assert ref.join_url is not None and ref.join_url.startswith("https://teams.microsoft.com/")
    data = event.data
    assert data["start"] == {"dateTime": "2026-12-08T10:00:00", "timeZone": "Romance Standard Time"}
    assert data["end"] == {"dateTime": "2026-12-08T11:00:00", "timeZone": "Romance Standard Time"}
    assert data["attendees"] == [
        {"emailAddress": {"address": "bo@kommune.dk", "name": "Bo Hansen"}, "type": "required"},
        {"emailAddress": {"address": "cia@region.dk"}, "type": "optional"},
    ]
    assert data["location"] == {"displayName": "PC Amager, mødelokale 2"}
    assert data["isOnlineMeeting"] and data["onlineMeetingProvider"] == "teamsForBusiness"
    assert data["body"] == {"contentType": "text", "content": "Dagsorden\n1. Status"}
    assert data["sensitivity"] == "private" and data["transactionId"] == "ki-poll-p123-1"
    assert {c.tenant for c in graph.calls if c.path.startswith("/v1.0/")} == {REGION}


async def test_summer_time_is_written_as_copenhagen_wall_time(
    graph: FakeGraph, calendar: GraphCalendar
):
    start = datetime(2027, 6, 15, 8, 0, tzinfo=ZoneInfo("UTC"))  # 10:00 in Copenhagen
    await calendar.create_event(request(start=start, end=start + timedelta(hours=1)))

    [event] = graph.live_events()
    assert event.data["start"]["dateTime"] == "2027-06-15T10:00:00"


async def test_an_event_whose_answer_was_lost_is_found_and_not_created_twice(
    graph: FakeGraph, make_calendar: MakeCalendar
):
    calendar = make_calendar(timeout_seconds=0.3)
    graph.lose_answer(times=1, method="POST", path="/events")

    ref = await calendar.create_event(request())

    [event] = graph.live_events()
    assert ref.event_id == event.id
    assert len(graph.calls_to("/events", "POST")) == 1  # found by its transaction, not re-sent


async def test_creating_again_with_the_same_transaction_gives_the_same_event(
    graph: FakeGraph, calendar: GraphCalendar, make_calendar: MakeCalendar
):
    first = await calendar.create_event(request())
    after_restart = make_calendar()  # a new process, knowing nothing of the first attempt

    second = await after_restart.create_event(request())

    assert second.event_id == first.event_id
    assert len(graph.live_events()) == 1


async def test_a_lost_answer_the_search_cannot_see_yet_still_makes_one_event(
    graph: FakeGraph, make_calendar: MakeCalendar
):
    """When the look-up misses the event a lost POST made (a search index lagging behind), the
    retried POST carries the same transactionId, which Graph itself de-duplicates."""
    calendar = make_calendar(timeout_seconds=0.3)
    graph.search_lag = 5
    graph.lose_answer(times=1, method="POST", path="/events")

    ref = await calendar.create_event(request())

    [event] = graph.live_events()
    assert ref.event_id == event.id
    assert len(graph.calls_to("/events", "POST")) == 2


async def test_without_a_teams_link_the_event_says_online_failed(
    graph: FakeGraph, calendar: GraphCalendar
):
    graph.online_provider_unknown = True

    ref = await calendar.create_event(request())

    assert ref.join_url is None and not ref.online_ok
    [event] = graph.live_events()
    assert event.data["onlineMeetingProvider"] == "unknown"


async def test_an_event_in_person_only_needs_no_teams_link(
    graph: FakeGraph, calendar: GraphCalendar
):
    ref = await calendar.create_event(request(online=False))

    assert ref.join_url is None and ref.online_ok
    assert "isOnlineMeeting" not in graph.live_events()[0].data


async def test_moving_patches_the_same_event(graph: FakeGraph, calendar: GraphCalendar):
    ref = await calendar.create_event(request())
    later = datetime(2026, 12, 10, 13, 0, tzinfo=CPH)

    await calendar.update_event(
        ANNE, ref.event_id, EventChange(start=later, end=later + timedelta(hours=1))
    )

    [event] = graph.live_events()
    assert event.id == ref.event_id and event.updates == 1
    assert event.data["start"] == {
        "dateTime": "2026-12-10T13:00:00",
        "timeZone": "Romance Standard Time",
    }
    assert len(graph.calls_to("/events", "POST")) == 1


async def test_moving_an_event_that_is_gone_is_reported_as_not_found(calendar: GraphCalendar):
    later = datetime(2026, 12, 10, 13, 0, tzinfo=CPH)

    with pytest.raises(CalendarFailure) as failure:
        await calendar.update_event(
            ANNE, "AAMkAD-gone=", EventChange(start=later, end=later + timedelta(hours=1))
        )

    assert failure.value.kind == "not_found"


async def test_cancelling_sends_the_comment_and_a_second_cancel_finds_it_gone(
    graph: FakeGraph, calendar: GraphCalendar
):
    ref = await calendar.create_event(request())

    first = await calendar.cancel_event(ANNE, ref.event_id, "Mødet er aflyst.")
    second = await calendar.cancel_event(ANNE, ref.event_id, "Mødet er aflyst.")

    assert (first, second) == (CancelOutcome.CANCELLED, CancelOutcome.ALREADY_GONE)
    assert graph.events[ref.event_id].cancel_comment == "Mødet er aflyst."
    assert graph.live_events() == []


async def test_a_cancel_whose_answer_was_lost_still_counts_as_cancelled(
    graph: FakeGraph, make_calendar: MakeCalendar
):
    calendar = make_calendar(timeout_seconds=0.3)
    ref = await calendar.create_event(request())
    graph.lose_answer(times=1, method="POST", path="/cancel")

    outcome = await calendar.cancel_event(ANNE, ref.event_id, "Aflyst")

    assert outcome is CancelOutcome.CANCELLED


async def test_an_organiser_whose_tenant_is_not_listed_cannot_create_events(
    graph: FakeGraph, calendar: GraphCalendar
):
    with pytest.raises(CalendarFailure) as failure:
        await calendar.create_event(request(organizer=Mailbox(OUTSIDER, "sia@andet.dk")))

    assert failure.value.kind == "no_consent"
    assert graph.calls == []


async def test_an_organiser_whose_tenant_never_consented_gets_no_consent(
    graph: FakeGraph, calendar: GraphCalendar
):
    graph.consented.discard(REGION)

    with pytest.raises(CalendarFailure) as failure:
        await calendar.create_event(request())

    assert failure.value.kind == "no_consent" and failure.value.reason == "AADSTS700016"
    assert graph.live_events() == []


async def test_a_long_retry_after_is_left_to_the_outbox(
    graph: FakeGraph, calendar: GraphCalendar, sleeps: Sleeps
):
    graph.faults.too_many_requests(times=1, retry_after=120, method="POST", path="/events")

    with pytest.raises(CalendarFailure) as failure:
        await calendar.create_event(request())

    assert failure.value.kind == "rate_limited" and failure.value.retry_after == 120
    assert sleeps.waits == [] and graph.live_events() == []


async def test_a_short_retry_after_is_waited_for_and_the_event_is_created_once(
    graph: FakeGraph, calendar: GraphCalendar, sleeps: Sleeps
):
    graph.faults.too_many_requests(times=1, retry_after=2, method="POST", path="/events")

    await calendar.create_event(request())

    assert sleeps.waits == [2.0] and len(graph.live_events()) == 1


async def test_server_errors_on_create_are_retried_and_give_up_as_transient(
    graph: FakeGraph, make_calendar: MakeCalendar
):
    calendar = make_calendar(policy=RetryPolicy(attempts=2))
    graph.faults.server_error(times=2, status=500, method="POST", path="/events")

    with pytest.raises(CalendarFailure) as failure:
        await calendar.create_event(request())

    assert failure.value.kind == "transient" and failure.value.status == 500
