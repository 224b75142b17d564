"""Answering a poll: each participant on their own card, the tovholder for those without Teams;
the results for the tovholder (and for everyone, if the tovholder chose so).

A vote card names its poll and its participant: only that participant may answer on it (or the
tovholder, for a participant without Teams)."""

from __future__ import annotations

from cards.meeting_polls import results_card, vote_card
from domain.directory import Action, Decision, Directory, authorise
from domain.identity import PersonRef
from domain.meetings.lifecycle import PollError
from domain.meetings.poll import Poll, PollStatus
from storage.unit_of_work import UnitOfWork

from ..guard import audit, viewed
from ..reply import Reply, refuse, show
from ..turn import Turn
from .access import Found, Rule, about, apply, load, refusal, refused
from .commands import CastVote, ForParticipant, PollAction
from .context import MeetingsContext


def answering_for(participant: str) -> Rule:
    """Who may answer on ``participant``'s vote card: that participant, or the tovholder for
    a participant without Teams."""

    def may(actor: PersonRef | None, poll: Poll, directory: Directory) -> Decision:
        person = poll.person(participant)
        if person is None:
            return Decision(False, "not_participant")
        if person.by_proxy:
            return authorise(actor, Action.ANSWER_FOR_PROXY, poll.subject, directory)
        decision = authorise(actor, Action.VOTE_IN_POLL, poll.subject, directory)
        if decision.allowed and actor != person.person:
            return Decision(False, "not_own_card")
        return decision

    return may


class Voting:
    def __init__(self, context: MeetingsContext) -> None:
        self._ctx = context

    def vote(self, unit: UnitOfWork, turn: Turn, command: CastVote) -> Reply:
        texts = turn.texts
        found = load(
            unit,
            turn,
            command.poll,
            answering_for(command.participant),
            "meetings.vote",
            lock=True,
        )
        if not isinstance(found, Found):
            return found
        poll = found.poll
        person = poll.person(command.participant)
        if person is None:  # the rule above refuses a card of nobody in the poll
            return refusal(texts, "not_participant")
        try:
            change = poll.vote(
                person.key, command.by_slot(), command.note or None, round=command.round
            )
        except PollError as error:
            if error.code == "missing_answers":
                return show(vote_card(texts, poll, person, proxy=person.by_proxy, missing=True))
            return refused(unit, turn, poll, "meetings.vote", error.code)
        voted = apply(unit, self._ctx, turn, found, change)
        if not isinstance(voted, Poll):
            return voted
        return show(vote_card(texts, voted, person, proxy=person.by_proxy, saved=True))

    def proxy(self, unit: UnitOfWork, turn: Turn, command: ForParticipant) -> Reply:
        """The tovholder opens the vote card of a participant without Teams."""
        found = load(unit, turn, command.poll, Action.ANSWER_FOR_PROXY, "meetings.proxy")
        if not isinstance(found, Found):
            return found
        poll = found.poll
        person = poll.person(command.participant)
        if person is None or not person.by_proxy:
            audit(unit, turn.actor, "meetings.proxy", about(poll), outcome="refused:not_proxy")
            return refusal(turn.texts, "not_tovholder")
        if poll.status is not PollStatus.OPEN:
            return refusal(turn.texts, "closed")
        return show(vote_card(turn.texts, poll, person, proxy=True))

    def results(self, unit: UnitOfWork, turn: Turn, command: PollAction) -> Reply:
        """The tovholder sees the results and decides; a participant sees them only if the
        tovholder chose so."""
        found = load(unit, turn, command.poll, _sees_results, "meetings.results")
        if not isinstance(found, Found):
            return found
        poll = found.poll
        manage = authorise(turn.actor, Action.FINALISE_POLL, poll.subject, found.directory)
        if not manage and not poll.show_answers:
            return refuse(turn.texts("meetings.answers_hidden"))
        if turn.actor is not None:
            viewed(unit, turn.actor, "poll_answers", poll.id, case_reference=poll.case_reference)
        return show(results_card(turn.texts, poll, poll.ranking(), manage=manage.allowed))


def _sees_results(actor: PersonRef | None, poll: Poll, directory: Directory) -> Decision:
    manage = authorise(actor, Action.FINALISE_POLL, poll.subject, directory)
    return manage if manage else authorise(actor, Action.VOTE_IN_POLL, poll.subject, directory)
