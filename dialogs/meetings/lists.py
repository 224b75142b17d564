"""``mine møder``: the polls one runs or answers, with their state; *Åbn* opens what that person
does with the poll: the tovholder's results and controls, a participant's own vote card (closed
once the meeting is decided). Only in one's personal chat: the list shows one's answers."""

from __future__ import annotations

from typing import Final

from cards.meeting_lists import my_meetings_card
from cards.meeting_polls import closed_vote_card, results_card, vote_card
from domain.directory import Action, Decision, Directory, authorise
from domain.identity import PersonRef
from domain.meetings.poll import Poll, PollStatus
from storage.unit_of_work import UnitOfWork, Units

from ..guard import viewed
from ..reply import Reply, refuse, say, show
from ..turn import Turn
from .access import Found, load, refusal
from .commands import PollAction

MAX_POLLS: Final = 30


def runs_or_takes_part(actor: PersonRef | None, poll: Poll, directory: Directory) -> Decision:
    manage = authorise(actor, Action.FINALISE_POLL, poll.subject, directory)
    return manage if manage else authorise(actor, Action.VOTE_IN_POLL, poll.subject, directory)


class MyMeetings:
    def __init__(self, units: Units) -> None:
        self._units = units

    async def mine(self, turn: Turn, _argument: str = "") -> Reply:
        texts = turn.texts
        if turn.where.kind != "personal":
            return say(texts("meetings.mine.personal_only"))
        actor = turn.actor
        if actor is None:
            return refuse(texts("meetings.unknown_user"))

        def work(unit: UnitOfWork) -> Reply:
            polls = unit.polls.of_person(actor, limit=MAX_POLLS)
            if not polls:
                return say(texts("meetings.mine.none"))
            return show(my_meetings_card(texts, polls, actor))

        return await self._units.run(work)

    def view(self, unit: UnitOfWork, turn: Turn, command: PollAction) -> Reply:
        """*Åbn* on a row: the results for whoever runs the poll, else one's own vote card."""
        found = load(unit, turn, command.poll, runs_or_takes_part, "meetings.view")
        if not isinstance(found, Found):
            return found
        poll, texts, actor = found.poll, turn.texts, turn.actor
        if actor is None:  # the rule above refuses an unknown clicker
            return refusal(texts, "unknown_actor")
        if authorise(actor, Action.FINALISE_POLL, poll.subject, found.directory):
            viewed(unit, actor, "poll_answers", poll.id, case_reference=poll.case_reference)
            return show(results_card(texts, poll, poll.ranking(), manage=True))
        person = poll.person_of(actor)
        if person is None:
            return refusal(texts, "not_participant")
        if poll.status is PollStatus.OPEN:
            return show(vote_card(texts, poll, person))
        return show(closed_vote_card(texts, poll, person))
