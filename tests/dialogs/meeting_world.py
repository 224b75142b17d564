"""A meeting poll's world on fakes: anne (tovholder) and bo in the region, clara in the
municipality, a fake unit of work at Monday 10.00, and polls put straight into the fake store."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from dialogs.meetings import CalendarLinks, CaseMeetingHook, MeetingPolls, MeetingsContext
from domain.clock import FixedClock
from domain.directory.model import Directory, Organisation, OrgKind, Person
from domain.identity import PersonRef
from domain.meetings.poll import PersonKind, Poll, PollPerson, PollStatus, TimeSlot
from storage.meeting_people import Candidate
from storage.meetings import Origin
from tests.dialogs.turns import ANNE, BO, CLARA
from tests.fakes import FakeUnitOfWork, FakeUnitsOfWork
from tests.meeting_factories import WORKING_DAYS, local

ZONE = ZoneInfo("Europe/Copenhagen")
MONDAY_10 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # 10.00 in Copenhagen
POLL_ID = "a" * 32
CHANNEL = "19:channel;messageid=1"
SECRET = "k3y-for-calendar-links-0123456789abcdefXYZ"


def world() -> FakeUnitOfWork:
    unit = FakeUnitOfWork(FixedClock(MONDAY_10))
    unit.directory.directory = Directory.of(
        [
            Organisation("pc", OrgKind.REGION, "PC Amager", ANNE.tenant_id),
            Organisation("bo-sted", OrgKind.KOMMUNE, "Bostedet", CLARA.tenant_id),
        ],
        [
            Person(ANNE, "anne@region.dk", "Anne Andersen", "pc"),
            Person(BO, "bo@region.dk", "Bo Bertelsen", "pc"),
            Person(CLARA, "clara@kommune.dk", "Clara Christensen", "bo-sted"),
        ],
    )
    unit.meeting_people.roster = [
        Candidate(ANNE, "Anne Andersen", "anne@region.dk"),
        Candidate(BO, "Bo Bertelsen", "bo@region.dk"),
    ]
    unit.meeting_people.teams_ids = {"29:aad-bo": Candidate(BO, "Bo Bertelsen")}
    return unit


def context(hook: CaseMeetingHook | None = None) -> MeetingsContext:
    return MeetingsContext(
        FixedClock(MONDAY_10),
        WORKING_DAYS,
        ZONE,
        CalendarLinks(SECRET, "https://ki-bot.example.dk"),
        on_case_meeting=hook,
    )


def polls(unit: FakeUnitOfWork, hook: CaseMeetingHook | None = None) -> MeetingPolls:
    return MeetingPolls(FakeUnitsOfWork(unit), context(hook))


PEOPLE = (
    PollPerson("p1", "Anne Andersen", PersonKind.TEAMS, True, ANNE, "anne@region.dk"),
    PollPerson("p2", "Bo Bertelsen", PersonKind.TEAMS, True, BO, "bo@region.dk"),
    PollPerson("p3", "Jens (borger)", PersonKind.CITIZEN, True),
)
SLOTS = (
    TimeSlot("s1", local("2026-12-08 10:00"), local("2026-12-08 11:00")),
    TimeSlot("s2", local("2026-12-09 13:00"), local("2026-12-09 14:00")),
)


def stored(unit: FakeUnitOfWork, **changes: object) -> Poll:
    """anne's open poll with bo and the citizen, two slots; changed as asked, then stored."""
    poll = Poll(
        id=POLL_ID,
        status=PollStatus.OPEN,
        title="Opfølgning",
        tovholder=ANNE,
        tovholder_name="Anne Andersen",
        minutes=60,
        round=1,
        slots=SLOTS,
        people=PEOPLE,
        case_reference="KI-2026-0007",
    )
    poll = replace(poll, **changes)  # type: ignore[arg-type]
    unit.polls.polls[poll.id] = poll
    unit.polls.origins[poll.id] = Origin("29:aad-anne", ANNE.tenant_id, CHANNEL)
    return poll


def draft(unit: FakeUnitOfWork, owner: PersonRef = ANNE, name: str = "Anne Andersen") -> Poll:
    """An empty draft, as "møde" leaves it."""
    poll = Poll.draft(POLL_ID, owner, name)
    unit.polls.add(poll, Origin("29:owner", ANNE.tenant_id, CHANNEL), MONDAY_10)
    return poll
