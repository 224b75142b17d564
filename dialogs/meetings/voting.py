"""Answering a poll: each participant on their own card, the tovholder for those without Teams;
the results for the tovholder (and for everyone, if the tovholder chose so)."""

from __future__ import annotations

from botbuilder.core import TurnContext

from cards.meeting_polls import results_card, vote_card
from cards.texts import Texts
from domain.directory import Action, authorise
from domain.identity import PersonRef
from domain.meetings.poll import Poll, PollStatus
from storage.directory import DirectoryStore
from storage.meetings import Polls
from storage.preferences import Preferences
from storage.unit_of_work import UnitOfWork

from ..actions import CardAction
from ..directory.identity import actor_of
from ..outcomes import Outcome, ShowCard, ShowMessage
from .commands import cast_vote, for_participant, poll_action
from .context import MeetingsContext
from .notices import cancel_nudges, tell_all_required_answered, update_shared_card


def tovholder_language(unit: UnitOfWork, poll: Poll) -> str:
    return Preferences(unit.session).language_for(poll.tovholder)


class Voting:
    def __init__(self, context: MeetingsContext) -> None:
        self._ctx = context

    def _may_answer_for(
        self, unit: UnitOfWork, actor: PersonRef | None, poll: Poll, participant: str
    ) -> str | None:
        """None if ``actor`` may answer for ``participant``, else the refusal's reason code."""
        person = poll.person(participant)
        if person is None:
            return "not_participant"
        directory = DirectoryStore(unit.session, unit.now).snapshot()
        if person.by_proxy:
            decision = authorise(actor, Action.ANSWER_FOR_PROXY, poll.subject, directory)
        else:
            decision = authorise(actor, Action.VOTE_IN_POLL, poll.subject, directory)
            if decision.allowed and actor != person.person:
                return "not_own_card"
        return None if decision.allowed else decision.reason_code

    async def on_vote(self, turn_context: TurnContext, action: CardAction) -> Outcome:
        texts = self._ctx.replies.texts(turn_context)
        actor = actor_of(turn_context.activity)
        command = cast_vote(action)

        def vote(unit: UnitOfWork) -> Outcome:
            polls = Polls(unit.session)
            polls.lock(command.poll_id)
            poll = polls.get(command.poll_id)
            if poll is None:
                return ShowMessage(texts("meetings.unknown_poll"))
            refused = self._may_answer_for(unit, actor, poll, command.participant)
            if refused is None and poll.status is not PollStatus.OPEN:
                refused = "closed"
            elif refused is None and command.round != poll.round:
                refused = "stale_card"
            if refused is not None:
                self._ctx.audit(unit, actor, "meetings.vote", poll.id, outcome=f"refused:{refused}")
                return ShowMessage(texts(_REFUSALS.get(refused, "meetings.not_participant")))
            person = poll.person(command.participant)
            assert person is not None  # noqa: S101 - checked by _may_answer_for
            answers = command.answers(poll.current_slots)
            if answers is None:
                return ShowCard(vote_card(texts, poll, person, proxy=person.by_proxy, missing=True))
            complete_before = poll.all_required_answered
            polls.record_votes(poll.id, person.key, answers, command.note, unit.now)
            cancel_nudges(unit, poll.id, person.key)
            poll = polls.get(poll.id)
            assert poll is not None  # noqa: S101 - locked above
            update_shared_card(unit, poll, tovholder_language(unit, poll))
            if poll.all_required_answered and not complete_before:
                directory = DirectoryStore(unit.session, unit.now).snapshot()
                tell_all_required_answered(unit, self._ctx, poll, directory)
            self._ctx.audit(
                unit,
                actor,
                "meetings.vote_cast",
                poll.id,
                case_reference=poll.case_reference,
                participant=person.key,
                by_proxy=person.by_proxy,
            )
            return ShowCard(vote_card(texts, poll, person, proxy=person.by_proxy, saved=True))

        return await self._ctx.run(vote)

    async def on_proxy(self, turn_context: TurnContext, action: CardAction) -> Outcome:
        """The tovholder opens the vote card of a participant without Teams."""
        texts = self._ctx.replies.texts(turn_context)
        actor = actor_of(turn_context.activity)
        command = for_participant(action)

        def load(unit: UnitOfWork) -> Outcome:
            poll = Polls(unit.session).get(command.poll_id)
            if poll is None:
                return ShowMessage(texts("meetings.unknown_poll"))
            person = poll.person(command.participant)
            refused = self._may_answer_for(unit, actor, poll, command.participant)
            if refused is not None or person is None or not person.by_proxy:
                self._ctx.audit(
                    unit, actor, "meetings.proxy", poll.id, outcome="refused:not_tovholder"
                )
                return ShowMessage(texts("meetings.not_tovholder"))
            if poll.status is not PollStatus.OPEN:
                return ShowMessage(texts("meetings.vote_closed"))
            return ShowCard(vote_card(texts, poll, person, proxy=True))

        return await self._ctx.run(load)

    async def on_results(self, turn_context: TurnContext, action: CardAction) -> Outcome:
        texts = self._ctx.replies.texts(turn_context)
        actor = actor_of(turn_context.activity)
        command = poll_action(action)
        return await self._ctx.run(lambda unit: self.results(unit, texts, actor, command.poll_id))

    def results(
        self, unit: UnitOfWork, texts: Texts, actor: PersonRef | None, poll_id: str
    ) -> Outcome:
        poll = Polls(unit.session).get(poll_id)
        if poll is None:
            return ShowMessage(texts("meetings.unknown_poll"))
        directory = DirectoryStore(unit.session, unit.now).snapshot()
        manage = authorise(actor, Action.FINALISE_POLL, poll.subject, directory).allowed
        if not manage:
            decision = authorise(actor, Action.VOTE_IN_POLL, poll.subject, directory)
            if not decision.allowed:
                self._ctx.audit(
                    unit,
                    actor,
                    "meetings.results",
                    poll.id,
                    outcome=f"refused:{decision.reason_code}",
                )
                return ShowMessage(texts("meetings.not_participant"))
            if not poll.show_answers:
                return ShowMessage(texts("meetings.answers_hidden"))
        return ShowCard(results_card(texts, poll, poll.ranking(), manage=manage))


_REFUSALS = {
    "not_participant": "meetings.not_participant",
    "not_own_card": "meetings.not_participant",
    "not_tovholder": "meetings.not_tovholder",
    "unknown_actor": "meetings.unknown_user",
    "closed": "meetings.vote_closed",
    "stale_card": "meetings.vote_stale",
}
