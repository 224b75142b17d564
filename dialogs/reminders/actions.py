"""Reminders in chat: typed requests, the list, and every reminder button.

    påmind mig/os <tid> om <hvad> ─▶ set card (change time │ cancel)
    skift tidspunkt ───────────────▶ change card (text input) ─▶ set card with the new time
    at the time ───────────────────▶ reminder card (done │ snooze ×3 │ stop, for a repeat)
    mine påmindelser ──────────────▶ list card, a cancel button each

Every click is checked against the reminder's owner; a stale card is answered with its state.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Final

from cards.answered import answered_card
from cards.reminders import (
    CANCEL_VERB,
    CHANGE_VERB,
    DONE_VERB,
    RESCHEDULE_VERB,
    SNOOZE_VERB,
    STOP_VERB,
    ReminderView,
    answer_note,
    change_card,
    fired_card,
    list_card,
    set_card,
)
from cards.texts import Texts
from domain.clock import Clock
from domain.commands import normalise
from domain.identity import PersonRef
from domain.privacy import redact_cpr
from domain.reminders import When, parse_reminder_request, parse_when
from domain.timeparse import TimeNotUnderstood
from storage.reminders import MAX_TEXT, NewReminder, Reminder
from storage.unit_of_work import UnitOfWork, Units

from ..reply import Reply, refuse, say, show
from ..router import Refusals, Router
from ..turn import Turn
from . import service
from .commands import CancelReminder, ChangeTime, MarkDone, Reschedule, Snooze, StopRepeat
from .occurrences import roll_forward, view_of

_LIST_WORDS: Final = frozenset(
    normalise(w)
    for w in ("påmind", "påmindelser", "mine påmindelser", "remind", "reminders", "my reminders")
)
REFUSALS: Final = Refusals(unknown_person="reminders.unknown_user")


def _error(texts: Texts, error: TimeNotUnderstood) -> str:
    return texts(f"time.error.{error.code}", **error.params)


def _actor(turn: Turn) -> PersonRef:
    if turn.actor is None:  # the router refuses clicks without one before they get here
        raise ValueError("a reminder needs a person")
    return turn.actor


class ReminderActions:
    def __init__(self, units: Units, clock: Clock) -> None:
        self._units = units
        self._clock = clock

    def register(self, router: Router) -> None:
        router.text("reminders", self.on_command)
        router.in_unit(CHANGE_VERB, ChangeTime, self.show_change, refusals=REFUSALS)
        router.verb(RESCHEDULE_VERB, Reschedule, self.reschedule, refusals=REFUSALS)
        router.in_unit(CANCEL_VERB, CancelReminder, self.cancel, refusals=REFUSALS)
        router.in_unit(DONE_VERB, MarkDone, self.done, refusals=REFUSALS)
        router.in_unit(SNOOZE_VERB, Snooze, self.snooze, refusals=REFUSALS)
        router.in_unit(STOP_VERB, StopRepeat, self.stop, refusals=REFUSALS)

    async def roll_forward(self, _now: datetime) -> int:
        """The dispatcher's job: queue the next occurrence of each repeat that has come due."""
        return await self._units.run(roll_forward)

    # Typed --------------------------------------------------------------------------------------
    async def on_command(self, turn: Turn, _argument: str) -> Reply:
        if turn.actor is None:
            return refuse(turn.texts("reminders.unknown_user"))
        actor = turn.actor
        if normalise(turn.text) in _LIST_WORDS:
            return await self._units.run(lambda unit: self._list(unit, turn, actor))
        return await self._create(turn, actor)

    async def _create(self, turn: Turn, actor: PersonRef) -> Reply:
        texts = turn.texts
        now = self._clock.now()
        try:
            # p99 of the parser is above a millisecond: never on the event loop.
            request = await asyncio.to_thread(
                parse_reminder_request, turn.text, now, texts.language
            )
        except TimeNotUnderstood as error:
            return refuse(
                texts("reminders.how") if error.code == "not_a_reminder" else _error(texts, error)
            )
        what = redact_cpr(request.what).text  # the middleware redacted it; the edge checks again
        if len(what) > MAX_TEXT:
            return refuse(texts("reminders.too_long", limit=MAX_TEXT))
        # "påmind os" posts where it was asked; in a personal chat "os" can only mean oneself.
        audience = "us" if request.audience == "us" and turn.where.is_shared else "me"
        new = NewReminder(
            owner=actor,
            audience=audience,
            conversation_id=turn.where.conversation_id if audience == "us" else None,
            text=what,
            language=texts.language,
            first=request.first,
            recurrence=request.recurrence,
        )
        reminder = await self._units.run(lambda unit: service.create(unit, new))
        return show(set_card(texts, view_of(reminder, request.first), now=now))

    def _views(self, unit: UnitOfWork, turn: Turn, actor: PersonRef) -> list[ReminderView]:
        return service.coming_here(unit, actor, turn.where)

    def _list(self, unit: UnitOfWork, turn: Turn, actor: PersonRef) -> Reply:
        return show(list_card(turn.texts, self._views(unit, turn, actor), now=unit.now))

    # Clicked ------------------------------------------------------------------------------------
    def show_change(self, unit: UnitOfWork, turn: Turn, command: ChangeTime) -> Reply:
        found = service.current(unit, _actor(turn), command.reminder)
        if isinstance(found, service.Refused):
            return _refused(turn.texts, found)
        if isinstance(found, service.AlreadyAnswered):
            return _stale_set_card(turn.texts, found.reminder, unit.now)
        return show(change_card(turn.texts, found, now=unit.now))

    async def reschedule(self, turn: Turn, command: Reschedule) -> Reply:
        texts, actor = turn.texts, _actor(turn)
        try:
            when: When | TimeNotUnderstood = await asyncio.to_thread(
                parse_when, command.when_text, self._clock.now(), texts.language
            )
        except TimeNotUnderstood as error:
            when = error

        def work(unit: UnitOfWork) -> Reply:
            found = service.current(unit, actor, command.reminder)
            if isinstance(found, service.Refused):
                return _refused(texts, found)
            if isinstance(found, service.AlreadyAnswered):
                return _stale_set_card(texts, found.reminder, unit.now)
            if isinstance(when, TimeNotUnderstood):
                return show(change_card(texts, found, now=unit.now, error=_error(texts, when)))
            result = service.reschedule(unit, actor, command.reminder, when)
            if isinstance(result, service.Refused):
                return _refused(texts, result)
            if isinstance(result, service.AlreadyAnswered):
                return _stale_set_card(texts, result.reminder, unit.now)
            return show(set_card(texts, view_of(result.reminder, when.first), now=unit.now))

        return await self._units.run(work)

    def cancel(self, unit: UnitOfWork, turn: Turn, command: CancelReminder) -> Reply:
        texts, actor, now = turn.texts, _actor(turn), unit.now
        result = service.cancel(unit, actor, command.reminder)
        if isinstance(result, service.Refused):
            return _refused(texts, result)
        reminder = result.reminder
        if command.from_list:
            note = (
                texts("reminders.cancelled_item", text=reminder.text)
                if isinstance(result, service.Changed)
                else answer_note(texts, reminder.status, now=now, already=True)
            )
            views = self._views(unit, turn, actor)
            return show(list_card(texts, views, now=now, note=note))
        if isinstance(result, service.AlreadyAnswered):
            return _stale_set_card(texts, reminder, now)
        card = set_card(texts, view_of(reminder, reminder.next_due_at), now=now)
        note = answer_note(texts, "cancelled", now=now)
        return show(answered_card(card, {}, note), in_place_only=True)

    def done(self, unit: UnitOfWork, turn: Turn, command: MarkDone) -> Reply:
        if not command.belongs:
            return refuse(turn.texts("reminders.gone"))
        result = service.done(unit, _actor(turn), command.reminder, command.occurrence)
        return _answered(turn.texts, result, "done", unit.now)

    def snooze(self, unit: UnitOfWork, turn: Turn, command: Snooze) -> Reply:
        if not command.belongs:
            return refuse(turn.texts("reminders.gone"))
        result = service.snooze(
            unit, _actor(turn), command.reminder, command.occurrence, command.kind
        )
        return _answered(turn.texts, result, "snoozed", unit.now)

    def stop(self, unit: UnitOfWork, turn: Turn, command: StopRepeat) -> Reply:
        if not command.belongs:
            return refuse(turn.texts("reminders.gone"))
        result = service.stop(unit, _actor(turn), command.reminder, command.occurrence)
        return _answered(turn.texts, result, "stopped", unit.now)


def _refused(texts: Texts, refused: service.Refused) -> Reply:
    return refuse(texts("reminders.gone" if refused.reason == "gone" else "reminders.not_yours"))


def _stale_set_card(texts: Texts, reminder: Reminder, now: datetime) -> Reply:
    card = set_card(texts, view_of(reminder, reminder.next_due_at), now=now)
    if reminder.active:  # changed meanwhile by another click: show it as it is now
        return show(card)
    note = answer_note(texts, reminder.status, now=now, already=True)
    return show(answered_card(card, {}, note), in_place_only=True)


def _answered(texts: Texts, result: service.Result, state: str, now: datetime) -> Reply:
    """The clicked reminder card in its answered state (or its state from before)."""
    if isinstance(result, service.Refused):
        return _refused(texts, result)
    reminder, occurrence = result.reminder, result.occurrence
    if occurrence is None:
        return say(texts("reminders.gone"))
    card = fired_card(texts, view_of(reminder, occurrence.due_at), occurrence.key, now=now)
    if isinstance(result, service.AlreadyAnswered):
        state = occurrence.state if occurrence.state != "pending" else reminder.status
        note = answer_note(texts, state, until=occurrence.snoozed_until, now=now, already=True)
    else:
        note = answer_note(texts, state, until=result.next_at, now=now)
    return show(answered_card(card, {}, note), in_place_only=True)
