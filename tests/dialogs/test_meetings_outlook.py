"""Outlook invitations on fakes (issue #22): the decision queues the wanted version in its own
unit of work, the job makes one Graph call per due row and tells the tovholder what happened."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

import pytest

from dialogs.meetings import MeetingPolls, OutlookInvitations
from dialogs.meetings.commands import Finalise, PollAction
from domain.clock import FixedClock
from domain.meetings.calendar_port import (
    CalendarFailure,
    CalendarPerson,
    CancelOutcome,
    EventChange,
    EventRef,
    EventRequest,
    FreeBusy,
    Mailbox,
)
from tests.dialogs.meeting_world import POLL_ID, context, stored, world
from tests.dialogs.turns import ANNE, turn
from tests.fakes import FakeUnitOfWork, FakeUnitsOfWork


@dataclass
class FakeCalendar:
    """Records every call; raises the failures queued in ``failures`` first."""

    created: list[EventRequest] = field(default_factory=list)
    moved: list[tuple[str, EventChange]] = field(default_factory=list)
    cancelled: list[tuple[Mailbox, str, str]] = field(default_factory=list)
    failures: list[CalendarFailure] = field(default_factory=list)
    teams: bool = True

    def _maybe_fail(self) -> None:
        if self.failures:
            raise self.failures.pop(0)

    async def free_busy(
        self, people: Sequence[CalendarPerson], start: datetime, end: datetime
    ) -> dict[str, FreeBusy]:
        return {}

    async def create_event(self, request: EventRequest) -> EventRef:
        self._maybe_fail()
        self.created.append(request)
        url = "https://teams.example/join" if self.teams else None
        return EventRef("event-1", url, online_ok=self.teams)

    async def update_event(self, organizer: Mailbox, event_id: str, change: EventChange) -> None:
        self._maybe_fail()
        self.moved.append((event_id, change))

    async def cancel_event(self, organizer: Mailbox, event_id: str, comment: str) -> CancelOutcome:
        self._maybe_fail()
        self.cancelled.append((organizer, event_id, comment))
        return CancelOutcome.CANCELLED


@pytest.fixture
def unit() -> FakeUnitOfWork:
    return world()


@pytest.fixture
def calendar() -> FakeCalendar:
    return FakeCalendar()


@pytest.fixture
def meetings(unit: FakeUnitOfWork, calendar: FakeCalendar) -> MeetingPolls:
    return MeetingPolls(FakeUnitsOfWork(unit), replace(context(), calendars=calendar))


def _job(unit: FakeUnitOfWork, calendar: FakeCalendar) -> OutlookInvitations:
    return OutlookInvitations(FakeUnitsOfWork(unit), calendar)


def _told(unit: FakeUnitOfWork) -> list[str]:
    return [
        m.content.text or ""
        for key, m in unit.outbox.queued.items()
        if ":outlook:" in key or "outlook" in key.split(":")
    ]


def _decide(meetings: MeetingPolls, unit: FakeUnitOfWork) -> None:
    stored(unit)
    meetings.closing.finalise(unit, turn(ANNE), Finalise(POLL_ID, "s1", confirmed=True))


async def test_finalising_queues_the_invitation_and_the_job_creates_it_once_in_annes_mailbox(
    meetings: MeetingPolls, unit: FakeUnitOfWork, calendar: FakeCalendar
):
    _decide(meetings, unit)
    assert unit.outlook.rows[POLL_ID].state == "pending"

    assert await _job(unit, calendar).run_due(unit.now) == 1
    assert await _job(unit, calendar).run_due(unit.now) == 0

    [request] = calendar.created
    assert request.organizer == Mailbox(ANNE.tenant_id, "anne@region.dk")
    assert [(a.address, a.required) for a in request.attendees] == [("bo@region.dk", True)]
    assert request.subject == "Opfølgning" and request.online
    assert request.transaction_id == f"ki-bot-poll-{POLL_ID}"
    assert "Jens" not in request.body
    assert unit.outlook.rows[POLL_ID].event_id == "event-1"
    [told] = _told(unit)
    assert "sendt fra din kalender med et Teams-link" in told


async def test_without_graph_a_decision_queues_no_invitation(unit: FakeUnitOfWork):
    meetings = MeetingPolls(FakeUnitsOfWork(unit), context())
    _decide(meetings, unit)

    assert unit.outlook.rows == {} and _told(unit) == []


async def test_a_mailbox_without_teams_meetings_gets_the_invitation_and_the_tovholder_is_told(
    meetings: MeetingPolls, unit: FakeUnitOfWork, calendar: FakeCalendar
):
    calendar.teams = False
    _decide(meetings, unit)
    await _job(unit, calendar).run_due(unit.now)

    [told] = _told(unit)
    assert "uden Teams-link" in told


async def test_graph_not_answering_is_retried_with_backoff_then_the_ics_link_stays(
    meetings: MeetingPolls, unit: FakeUnitOfWork, calendar: FakeCalendar
):
    calendar.failures = [CalendarFailure("transient", "timeout") for _ in range(5)]
    _decide(meetings, unit)
    clock = unit.clock
    assert isinstance(clock, FixedClock)

    waits = []
    for _ in range(5):
        await _job(unit, calendar).run_due(clock.now())
        row = unit.outlook.rows[POLL_ID]
        if row.state == "pending":
            waits.append(row.due_at - clock.now())
            clock.current = row.due_at

    assert waits == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert unit.outlook.rows[POLL_ID].state == "fallback" and calendar.created == []
    [told] = _told(unit)
    assert "Microsoft Graph svarede ikke" in told and "kalenderlinket (.ics)" in told


async def test_no_consent_falls_back_to_the_ics_link_at_once(
    meetings: MeetingPolls, unit: FakeUnitOfWork, calendar: FakeCalendar
):
    calendar.failures = [CalendarFailure("no_consent", "AADSTS700016")]
    _decide(meetings, unit)
    await _job(unit, calendar).run_due(unit.now)

    assert unit.outlook.rows[POLL_ID].state == "fallback"
    [told] = _told(unit)
    assert "ikke givet KI-bot adgang" in told


async def test_cancelling_cancels_the_event_that_was_made(
    meetings: MeetingPolls, unit: FakeUnitOfWork, calendar: FakeCalendar
):
    _decide(meetings, unit)
    await _job(unit, calendar).run_due(unit.now)
    meetings.closing.cancel(unit, turn(ANNE), PollAction(POLL_ID))
    await _job(unit, calendar).run_due(unit.now)

    [(mailbox, event_id, comment)] = calendar.cancelled
    assert (mailbox.user, event_id, comment) == ("anne@region.dk", "event-1", "Mødet er aflyst.")
    assert any("er aflyst. Outlook har sendt aflysningen" in t for t in _told(unit))


async def test_a_meeting_cancelled_before_its_invitation_was_made_calls_graph_not_at_all(
    meetings: MeetingPolls, unit: FakeUnitOfWork, calendar: FakeCalendar
):
    _decide(meetings, unit)
    meetings.closing.cancel(unit, turn(ANNE), PollAction(POLL_ID))
    await _job(unit, calendar).run_due(unit.now)

    assert calendar.created == [] and calendar.cancelled == []
    assert unit.outlook.rows[POLL_ID].state == "done" and _told(unit) == []
