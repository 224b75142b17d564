"""Fakes of ``storage.meetings.Polls`` and ``storage.meeting_people.MeetingPeople``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from domain.identity import PersonRef
from domain.meetings.poll import Changed, Poll, PollStatus
from storage.meeting_people import Candidate
from storage.meetings import Origin


@dataclass
class FakePolls:
    """Polls by id; ``save`` is conditional on the version, as the real one."""

    polls: dict[str, Poll] = field(default_factory=dict)
    origins: dict[str, Origin] = field(default_factory=dict)
    case_meetings: dict[str, tuple[str, tuple[datetime, datetime] | None]] = field(
        default_factory=dict
    )
    locked: list[str] = field(default_factory=list)

    def add(self, poll: Poll, origin: Origin, now: datetime) -> None:
        if poll.id in self.polls:
            raise ValueError(f"poll {poll.id} exists")  # the real table's key is unique
        self.polls[poll.id] = poll
        self.origins[poll.id] = origin

    def get(self, poll_id: str) -> Poll | None:
        return self.polls.get(poll_id)

    def of_person(self, person: PersonRef, *, limit: int) -> list[Poll]:
        found = [
            poll
            for poll in self.polls.values()
            if poll.status is not PollStatus.DRAFT
            and (poll.tovholder == person or poll.person_of(person) is not None)
        ]
        return list(reversed(found))[:limit]  # newest first: added last

    def lock(self, poll_id: str) -> None:
        self.locked.append(poll_id)

    def origin(self, poll_id: str) -> Origin | None:
        return self.origins.get(poll_id)

    def save(self, change: Changed, now: datetime) -> bool:
        stored = self.polls.get(change.poll.id)
        if stored is None or stored.version != change.before.version:
            return False
        self.polls[change.poll.id] = change.poll
        return True

    def record_case_meeting(
        self,
        case_reference: str,
        poll_id: str,
        times: tuple[datetime, datetime] | None,
        now: datetime,
    ) -> None:
        if times is None and case_reference not in self.case_meetings:
            return
        self.case_meetings[case_reference] = (poll_id, times)


@dataclass
class FakeMeetingPeople:
    """The people in the rosters the bot knows, and their Teams ids."""

    roster: list[Candidate] = field(default_factory=list)
    teams_ids: dict[str, Candidate] = field(default_factory=dict)
    conversations: dict[str, list[Candidate]] = field(default_factory=dict)  # rosters by id

    def in_rosters(self, tenant_ids: Sequence[str]) -> list[Candidate]:
        return [c for c in self.roster if c.person.tenant_id in tenant_ids]

    def by_teams_id(self, teams_user_ids: Sequence[str]) -> list[Candidate]:
        return [self.teams_ids[i] for i in teams_user_ids if i in self.teams_ids]

    def by_refs(self, refs: Sequence[PersonRef]) -> list[Candidate]:
        wanted = set(refs)
        return [c for c in self.roster if c.person in wanted]

    def in_conversation(self, conversation_id: str) -> list[Candidate]:
        return list(self.conversations.get(conversation_id, []))
