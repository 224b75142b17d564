"""Deciding and after: finalising (the recommendation preselected; a required participant's "no"
or missing answer asks first),
new proposals when nothing suits, written input from those who said no, moving, cancelling.

Every button but "send input" is the tovholder's; each loads the poll the card names, checks
the clicker is ITS tovholder, asks the poll for the change and saves it (``access``).
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

from cards.common import GOOD, notice
from cards.meeting_polls import confirm_finalise_card, results_card, when
from cards.texts import Texts
from domain.directory import Action
from domain.meetings import propose_slots
from domain.meetings.drafting import busy_times
from domain.meetings.lifecycle import PollError
from domain.meetings.poll import Poll, TimeSlot
from domain.timeparse import ParsedTime, TimeNotUnderstood, format_range, parse_time
from storage.unit_of_work import UnitOfWork, Units

from ..reachability import not_reached, unreachable_names
from ..reply import Reply, refuse, say, show
from ..turn import Turn
from .access import Found, apply, load, refusal, refused, teams_participants
from .commands import Finalise, GiveInput, Move, PollAction
from .context import MeetingsContext
from .notices import forward_input


def _with_line(card: dict[str, object], line: str) -> dict[str, object]:
    body = card["body"]
    if isinstance(body, list):
        body.insert(1, notice(line, GOOD))
    return card


class Closing:
    def __init__(self, units: Units, context: MeetingsContext) -> None:
        self._units = units
        self._ctx = context

    def _managed(self, unit: UnitOfWork, turn: Turn, poll_id: str, audit_as: str) -> Found | Reply:
        """The poll, locked, if the clicker is its tovholder."""
        return load(unit, turn, poll_id, Action.FINALISE_POLL, audit_as, lock=True)

    def finalise(self, unit: UnitOfWork, turn: Turn, command: Finalise) -> Reply:
        texts = turn.texts
        found = self._managed(unit, turn, command.poll, "meetings.finalise")
        if not isinstance(found, Found):
            return found
        poll = found.poll
        try:
            change = poll.finalise(command.slot, confirmed=command.confirmed)
        except PollError as error:
            slot = poll.slot(command.slot)
            if error.code == "needs_confirmation" and slot is not None:
                return show(confirm_finalise_card(texts, poll, slot, poll.objections(slot.key)))
            return refused(unit, turn, poll, "meetings.finalise", error.code, audited=False)
        decided = apply(unit, self._ctx, turn, found, change)
        if not isinstance(decided, Poll):
            return decided
        slot = decided.slot(decided.chosen_slot)
        card = results_card(texts, decided, decided.ranking(), manage=True)
        if slot is not None:
            card = _with_line(card, _told(unit, texts, decided, slot))
        return show(card)

    def repropose(self, unit: UnitOfWork, turn: Turn, command: PollAction) -> Reply:
        """No slot suits every required participant: a new round of proposals, avoiding the
        slots already tried and everyone's absences."""
        texts = turn.texts
        found = self._managed(unit, turn, command.poll, "meetings.repropose")
        if not isinstance(found, Found):
            return found
        poll = found.poll
        people = {p.person for p in poll.people if p.person is not None}
        busy = busy_times(people, found.directory.absences, self._ctx.zone)
        busy["tried"] = [(s.start, s.end) for s in poll.slots]
        try:
            change = poll.new_round(
                [
                    (s.start, s.end)
                    for s in propose_slots(
                        unit.now,
                        calendar=self._ctx.calendar,
                        minutes=poll.minutes,
                        busy=busy,
                        tz=self._ctx.zone,
                    )
                ]
            )
        except PollError as error:
            return refused(unit, turn, poll, "meetings.repropose", error.code, audited=False)
        renewed = apply(unit, self._ctx, turn, found, change)
        if not isinstance(renewed, Poll):
            return renewed
        added = len(renewed.current_slots)
        card = results_card(texts, renewed, renewed.ranking(), manage=True)
        return show(_with_line(card, texts("meetings.new_round", count=added)))

    def give_input(self, unit: UnitOfWork, turn: Turn, command: GiveInput) -> Reply:
        """Written input from a participant, passed on to the tovholder: once per participant,
        and only while the decided meeting is still to come."""
        texts = turn.texts
        if not command.input:
            return refuse(texts("meetings.input_empty"))
        found = load(unit, turn, command.poll, Action.VOTE_IN_POLL, "meetings.input", lock=True)
        if not isinstance(found, Found):
            return found
        poll = found.poll
        participant = poll.person_of(turn.actor) if turn.actor is not None else None
        if participant is None:
            return refusal(texts, "not_participant")
        try:
            change = poll.input_from(participant.key, unit.now)
        except PollError as error:
            return refused(unit, turn, poll, "meetings.input", error.code)
        given = apply(unit, self._ctx, turn, found, change)
        if not isinstance(given, Poll):
            return given
        forward_input(
            unit, self._ctx, poll, participant.key, turn.name, command.input, found.directory
        )
        return say(texts("meetings.input_sent"))

    async def move(self, turn: Turn, command: Move) -> Reply:
        texts = turn.texts
        try:
            # p99 of the time parser is above a millisecond: never on the event loop.
            parsed: ParsedTime = await asyncio.to_thread(
                parse_time, command.new_time, self._ctx.clock.now(), texts.language
            )
        except TimeNotUnderstood as error:
            return refuse(texts("meetings.bad_time", reason=texts(f"time.error.{error.code}")))

        def moved(unit: UnitOfWork) -> Reply:
            found = self._managed(unit, turn, command.poll, "meetings.move")
            if not isinstance(found, Found):
                return found
            poll = found.poll
            end = parsed.end or parsed.start + timedelta(minutes=poll.minutes)
            try:
                change = poll.move(parsed.start, end)
            except PollError as error:
                return refused(unit, turn, poll, "meetings.move", error.code, audited=False)
            renewed = apply(unit, self._ctx, turn, found, change)
            if not isinstance(renewed, Poll):
                return renewed
            card = results_card(texts, renewed, renewed.ranking(), manage=True)
            line = texts(
                "meetings.moved_for_tovholder",
                time=format_range(parsed.start, end, texts.language),
            )
            return show(_with_line(card, line))

        return await self._units.run(moved)

    def cancel(self, unit: UnitOfWork, turn: Turn, command: PollAction) -> Reply:
        found = self._managed(unit, turn, command.poll, "meetings.cancel")
        if not isinstance(found, Found):
            return found
        try:
            change = found.poll.cancel()
        except PollError as error:
            return refused(unit, turn, found.poll, "meetings.cancel", error.code, audited=False)
        cancelled = apply(unit, self._ctx, turn, found, change)
        if not isinstance(cancelled, Poll):
            return cancelled
        missing = unreachable_names(unit, teams_participants(cancelled))
        if missing:
            told = turn.texts("meetings.cancelled_short")
            return say(f"{told} {not_reached(turn.texts, missing)}")
        return say(turn.texts("meetings.cancelled_for_tovholder"))


def _told(unit: UnitOfWork, texts: Texts, poll: Poll, slot: TimeSlot) -> str:
    """The tovholder's line on a decided time: everyone told, or who cannot be reached yet."""
    missing = unreachable_names(unit, teams_participants(poll))
    if not missing:
        return texts("meetings.finalised_for_tovholder", time=when(texts, slot))
    decided = texts("meetings.finalised_short", time=when(texts, slot))
    return f"{decided} {not_reached(texts, missing)}"
