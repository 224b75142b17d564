"""Deciding and after: finalising (the recommendation preselected; a required "no" asks first),
new proposals when nothing suits, written input from those who said no, moving, cancelling."""

from __future__ import annotations

import asyncio
import hashlib
from datetime import timedelta

from botbuilder.core import TurnContext

from cards.meeting_polls import confirm_finalise_card, results_card, when
from cards.texts import Texts
from domain.directory import Action, authorise
from domain.identity import PersonRef
from domain.meetings import propose_slots, whole_days
from domain.meetings.poll import Poll, PollStatus
from domain.messaging import Content
from domain.timeparse import TimeNotUnderstood, format_range, parse_time
from storage.directory import DirectoryStore
from storage.meetings import Polls, record_case_meeting
from storage.outbox import Outbox
from storage.unit_of_work import UnitOfWork

from ..actions import CardAction
from ..delivery import Notice, queue_notice
from ..directory.identity import actor_of, name_of
from ..outcomes import Outcome, ShowCard, ShowMessage
from .commands import finalise, give_input, move, poll_action
from .context import MeetingsContext
from .notices import (
    cancel_nudges,
    deadline_key,
    queue_nudges,
    send_confirmations,
    send_vote_cards,
    update_shared_card,
)
from .voting import tovholder_language


def _with_line(card: dict[str, object], line: str) -> dict[str, object]:
    body = card["body"]
    if isinstance(body, list):
        body.insert(1, {"type": "TextBlock", "text": line, "wrap": True, "color": "Good"})
    return card


class Closing:
    def __init__(self, context: MeetingsContext) -> None:
        self._ctx = context

    def _managed(
        self, unit: UnitOfWork, texts: Texts, actor: PersonRef | None, poll_id: str, verb: str
    ) -> Poll | Outcome:
        """The locked poll if ``actor`` is its tovholder; otherwise the (audited) refusal."""
        polls = Polls(unit.session)
        polls.lock(poll_id)
        poll = polls.get(poll_id)
        if poll is None:
            return ShowMessage(texts("meetings.unknown_poll"))
        directory = DirectoryStore(unit.session, unit.now).snapshot()
        decision = authorise(actor, Action.FINALISE_POLL, poll.subject, directory)
        if not decision.allowed:
            self._ctx.audit(unit, actor, verb, poll.id, outcome=f"refused:{decision.reason_code}")
            return ShowMessage(texts("meetings.not_tovholder"))
        return poll

    async def on_finalise(self, turn_context: TurnContext, action: CardAction) -> Outcome:
        texts = self._ctx.replies.texts(turn_context)
        actor = actor_of(turn_context.activity)
        command = finalise(action)

        def decide(unit: UnitOfWork) -> Outcome:
            poll = self._managed(unit, texts, actor, command.poll_id, "meetings.finalise")
            if not isinstance(poll, Poll):
                return poll
            if poll.status is not PollStatus.OPEN:
                return ShowMessage(texts("meetings.vote_closed"))
            slot = next((s for s in poll.current_slots if s.key == command.slot), None)
            if slot is None:
                return ShowMessage(texts("meetings.vote_stale"))
            required_no = [p for p in poll.said_no(slot.key) if p.required]
            if required_no and not command.confirmed:
                return ShowCard(confirm_finalise_card(texts, poll, slot, required_no))
            polls = Polls(unit.session)
            polls.finalise(poll.id, slot.key, unit.now)
            decided = polls.get(poll.id)
            if decided is None:
                return ShowMessage(texts("meetings.unknown_poll"))
            self._after_change(unit, decided, "meetings.finalised", actor)
            card = results_card(texts, decided, decided.ranking(), manage=True)
            return ShowCard(
                _with_line(card, texts("meetings.finalised_for_tovholder", time=when(texts, slot)))
            )

        return await self._ctx.run(decide)

    def _after_change(
        self, unit: UnitOfWork, poll: Poll, audit_action: str, actor: PersonRef | None
    ) -> None:
        """Everyone told, the shared card updated, pending nudges dropped, the case updated."""
        directory = DirectoryStore(unit.session, unit.now).snapshot()
        send_confirmations(unit, self._ctx, poll, directory)
        cancel_nudges(unit, poll.id)
        Outbox(unit.session).cancel(deadline_key(poll.id))
        update_shared_card(unit, poll, tovholder_language(unit, poll))
        slot = poll.slot(poll.chosen_slot)
        if poll.case_reference and slot is not None:
            times = None if poll.status is PollStatus.CANCELLED else (slot.start, slot.end)
            record_case_meeting(unit.session, poll.case_reference, poll.id, times, unit.now)
            if self._ctx.on_case_meeting is not None:
                start = times[0] if times is not None else None
                self._ctx.on_case_meeting(unit, poll.case_reference, start, actor)
        self._ctx.audit(
            unit,
            actor,
            audit_action,
            poll.id,
            case_reference=poll.case_reference,
            slot=poll.chosen_slot,
            sequence=poll.sequence,
        )

    async def on_repropose(self, turn_context: TurnContext, action: CardAction) -> Outcome:
        """No slot suits every required participant: a new round of proposals, avoiding the
        slots already tried and everyone's absences."""
        texts = self._ctx.replies.texts(turn_context)
        actor = actor_of(turn_context.activity)
        command = poll_action(action)

        def again(unit: UnitOfWork) -> Outcome:
            poll = self._managed(unit, texts, actor, command.poll_id, "meetings.repropose")
            if not isinstance(poll, Poll):
                return poll
            if poll.status is not PollStatus.OPEN:
                return ShowMessage(texts("meetings.vote_closed"))
            directory = DirectoryStore(unit.session, unit.now).snapshot()
            people = {p.person for p in poll.people if p.person is not None}
            busy = {
                f"absence{n}": [whole_days(a.starts_on, a.ends_on, self._ctx.zone)]
                for n, a in enumerate(directory.absences)
                if a.person in people
            }
            busy["tried"] = [(s.start, s.end) for s in poll.slots]
            slots = propose_slots(
                unit.now,
                calendar=self._ctx.calendar,
                minutes=poll.minutes,
                busy=busy,
                tz=self._ctx.zone,
            )
            polls = Polls(unit.session)
            polls.add_round(poll.id, [(s.start, s.end) for s in slots], unit.now)
            renewed = polls.get(poll.id)
            if renewed is None:
                return ShowMessage(texts("meetings.unknown_poll"))
            send_vote_cards(unit, renewed)
            cancel_nudges(unit, poll.id)
            queue_nudges(unit, self._ctx, renewed)
            update_shared_card(unit, renewed, tovholder_language(unit, renewed))
            self._ctx.audit(unit, actor, "meetings.new_round", poll.id, round=renewed.round)
            card = results_card(texts, renewed, renewed.ranking(), manage=True)
            return ShowCard(_with_line(card, texts("meetings.new_round", count=len(slots))))

        return await self._ctx.run(again)

    async def on_input(self, turn_context: TurnContext, action: CardAction) -> Outcome:
        """Written input from a participant who cannot come, passed on to the tovholder."""
        texts = self._ctx.replies.texts(turn_context)
        actor = actor_of(turn_context.activity)
        command = give_input(action)
        if not command.text:
            return ShowMessage(texts("meetings.input_empty"))
        sender = name_of(turn_context.activity)

        def forward(unit: UnitOfWork) -> Outcome:
            poll = Polls(unit.session).get(command.poll_id)
            if poll is None:
                return ShowMessage(texts("meetings.unknown_poll"))
            directory = DirectoryStore(unit.session, unit.now).snapshot()
            decision = authorise(actor, Action.VOTE_IN_POLL, poll.subject, directory)
            if not decision.allowed:
                self._ctx.audit(
                    unit,
                    actor,
                    "meetings.input",
                    poll.id,
                    outcome=f"refused:{decision.reason_code}",
                )
                return ShowMessage(texts("meetings.not_participant"))
            digest = hashlib.sha256(command.text.encode()).hexdigest()[:16]

            def build(reader: Texts, note: str | None) -> Content:
                line = reader(
                    "meetings.input_forwarded", title=poll.title, name=sender, text=command.text
                )
                return Content(text=f"{note}\n\n{line}" if note else line)

            queue_notice(
                unit,
                Notice(
                    f"poll:{poll.id}:input:{digest}",
                    poll.tovholder,
                    build,
                    unit.now,
                    automatic=False,
                ),
                directory=directory,
                calendar=self._ctx.calendar,
                zone=self._ctx.zone,
            )
            self._ctx.audit(
                unit, actor, "meetings.input_given", poll.id, case_reference=poll.case_reference
            )
            return ShowMessage(texts("meetings.input_sent"))

        return await self._ctx.run(forward)

    async def on_move(self, turn_context: TurnContext, action: CardAction) -> Outcome:
        texts = self._ctx.replies.texts(turn_context)
        actor = actor_of(turn_context.activity)
        command = move(action)
        try:
            parsed = await asyncio.to_thread(
                parse_time, command.new_time, self._ctx.clock.now(), texts.language
            )
        except TimeNotUnderstood as error:
            return ShowMessage(texts("meetings.bad_time", reason=texts(f"time.error.{error.code}")))

        def moved(unit: UnitOfWork) -> Outcome:
            poll = self._managed(unit, texts, actor, command.poll_id, "meetings.move")
            if not isinstance(poll, Poll):
                return poll
            if poll.status is not PollStatus.FINALISED:
                return ShowMessage(texts("meetings.not_finalised"))
            end = parsed.end or parsed.start + timedelta(minutes=poll.minutes)
            polls = Polls(unit.session)
            polls.move(poll.id, parsed.start, end, unit.now)
            renewed = polls.get(poll.id)
            if renewed is None:
                return ShowMessage(texts("meetings.unknown_poll"))
            self._after_change(unit, renewed, "meetings.moved", actor)
            card = results_card(texts, renewed, renewed.ranking(), manage=True)
            line = texts(
                "meetings.moved_for_tovholder",
                time=format_range(parsed.start, end, texts.language),
            )
            return ShowCard(_with_line(card, line))

        return await self._ctx.run(moved)

    async def on_cancel(self, turn_context: TurnContext, action: CardAction) -> Outcome:
        texts = self._ctx.replies.texts(turn_context)
        actor = actor_of(turn_context.activity)
        command = poll_action(action)

        def cancelled(unit: UnitOfWork) -> Outcome:
            poll = self._managed(unit, texts, actor, command.poll_id, "meetings.cancel")
            if not isinstance(poll, Poll):
                return poll
            if poll.status is not PollStatus.FINALISED:
                return ShowMessage(texts("meetings.not_finalised"))
            polls = Polls(unit.session)
            polls.cancel(poll.id, unit.now)
            renewed = polls.get(poll.id)
            if renewed is None:
                return ShowMessage(texts("meetings.unknown_poll"))
            self._after_change(unit, renewed, "meetings.cancelled", actor)
            return ShowMessage(texts("meetings.cancelled_for_tovholder"))

        return await self._ctx.run(cancelled)
