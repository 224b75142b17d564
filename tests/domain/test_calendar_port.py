"""The calendar port's plain data refuses what Graph could not take, and ``NoCalendars`` (Graph
not configured) knows nobody's calendar and makes no event."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.meetings.calendar_port import (
    Attendee,
    CalendarFailure,
    CalendarPerson,
    CalendarUnknown,
    EventChange,
    EventRequest,
    Mailbox,
    NoCalendars,
    UnknownReason,
)

START = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
ORGANIZER = Mailbox("aaaaaaaa-1111-4111-8111-111111111111", "anne@region.dk")


def event(**changes: object) -> EventRequest:
    fields: dict[str, object] = {
        "organizer": ORGANIZER,
        "subject": "Indsatsplansmøde",
        "body": "",
        "start": START,
        "end": START + timedelta(hours=1),
        "transaction_id": "ki-poll-p1-1",
    }
    fields.update(changes)
    return EventRequest(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"start": START.replace(tzinfo=None)}, "timezone-aware"),
        ({"end": START}, "end after"),
        ({"subject": " "}, "subject"),
        ({"transaction_id": "it's mine"}, "transaction id"),
        ({"transaction_id": "x" * 101}, "transaction id"),
    ],
)
def test_an_event_request_graph_could_not_take_is_refused(changes, message):
    with pytest.raises(ValueError, match=message):
        event(**changes)


def test_an_attendee_needs_an_address_and_a_move_needs_both_ends():
    with pytest.raises(ValueError, match="address"):
        Attendee("Bo Hansen")
    with pytest.raises(ValueError, match="both start and end"):
        EventChange(start=START)


async def test_without_graph_no_calendar_is_known_and_no_event_is_made():
    calendars = NoCalendars()
    people = [CalendarPerson("p1", ORGANIZER.tenant_id, "anne@region.dk")]

    known = await calendars.free_busy(people, START, START + timedelta(days=1))

    assert known == {"p1": CalendarUnknown(UnknownReason.NO_CONSENT, "graph_off")}
    with pytest.raises(CalendarFailure) as failure:
        await calendars.create_event(event())
    assert failure.value.kind == "no_consent"
