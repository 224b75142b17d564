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
from typing import Any, Final

from botbuilder.core import TurnContext

from cards.answered import answered_card
from cards.reminders import (
    CANCEL_VERB,
    CHANGE_VERB,
    DONE_VERB,
    RESCHEDULE_VERB,
    SNOOZE_VERB,
    STOP_VERB,
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
from domain.reminders import ReminderRequest, parse_reminder_request, parse_when
from domain.timeparse import TimeNotUnderstood
from storage.reminders import MAX_TEXT, NewReminder, Reminder
from storage.unit_of_work import UnitsOfWork

from ..actions import ActionRouter, CardAction
from ..directory import actor_of
from ..outcomes import Outcome, ShowCard, ShowMessage
from ..replies import Replies
from . import service
from .commands import (
    CancelReminder,
    ChangeTime,
    InvalidCommand,
    MarkDone,
    Reschedule,
    Snooze,
    StopRepeat,
    parse_command,
)
from .occurrences import roll_forward, view_of

_LIST_WORDS: Final = frozenset(
    normalise(w)
    for w in ("påmind", "påmindelser", "mine påmindelser", "remind", "reminders", "my reminders")
)
_SHARED: Final = frozenset({"groupChat", "channel"})


def _error(texts: Texts, error: TimeNotUnderstood) -> str:
    return texts(f"time.error.{error.code}", **error.params)


class ReminderActions:
    def __init__(self, units: UnitsOfWork, replies: Replies, clock: Clock) -> None:
        self._units = units
        self._replies = replies
        self._clock = clock

    def register(self, router: ActionRouter) -> None:
        for verb in (CHANGE_VERB, RESCHEDULE_VERB, CANCEL_VERB, DONE_VERB, SNOOZE_VERB, STOP_VERB):
            router.register(verb, self.on_click)

    async def roll_forward(self, _now: datetime) -> int:
        """The dispatcher's job: queue the next occurrence of each repeat that has come due."""
        return await self._units.run(roll_forward)

    # Typed --------------------------------------------------------------------------------------
    async def on_command(self, turn_context: TurnContext, _argument: str) -> None:
        text = (turn_context.activity.text or "").strip()
        actor = actor_of(turn_context.activity)
        if actor is None:
            await self._replies.text(turn_context, "reminders.unknown_user")
        elif normalise(text) in _LIST_WORDS:
            await self._list(turn_context, actor)
        else:
            await self._create(turn_context, actor, text)

    async def _create(self, turn_context: TurnContext, actor: PersonRef, text: str) -> None:
        texts = self._replies.texts(turn_context)
        now = self._clock.now()
        try:
            # p99 of the parser is above a millisecond: never on the event loop.
            request = await asyncio.to_thread(parse_reminder_request, text, now, texts.language)
        except TimeNotUnderstood as error:
            key = "reminders.how" if error.code == "not_a_reminder" else None
            message = texts(key) if key else _error(texts, error)
            await turn_context.send_activity(message)
            return
        what = redact_cpr(request.what).text  # the middleware redacted it; the edge checks again
        if len(what) > MAX_TEXT:
            await self._replies.text(turn_context, "reminders.too_long", limit=MAX_TEXT)
            return
        new = self._new_reminder(turn_context, actor, request, what, texts.language)
        reminder = await self._units.run(lambda unit: service.create(unit, new))
        view = view_of(reminder, request.first)
        await self._replies.card(turn_context, set_card(texts, view, now=now))

    def _new_reminder(
        self,
        turn_context: TurnContext,
        actor: PersonRef,
        request: ReminderRequest,
        what: str,
        language: str,
    ) -> NewReminder:
        conversation = turn_context.activity.conversation
        shared = conversation is not None and conversation.conversation_type in _SHARED
        # "påmind os" posts where it was asked; in a personal chat "os" can only mean oneself.
        audience = "us" if request.audience == "us" and shared else "me"
        return NewReminder(
            owner=actor,
            audience=audience,
            conversation_id=conversation.id if audience == "us" and conversation else None,
            text=what,
            language=language,
            first=request.first,
            recurrence=request.recurrence,
        )

    async def _list(self, turn_context: TurnContext, actor: PersonRef) -> None:
        texts = self._replies.texts(turn_context)
        views = await self._views(turn_context, actor)
        await self._replies.card(turn_context, list_card(texts, views, now=self._clock.now()))

    async def _views(self, turn_context: TurnContext, actor: PersonRef) -> list[Any]:
        # In a group chat or channel only the reminders posted there: one's personal ones stay
        # out of a shared conversation.
        conversation = turn_context.activity.conversation
        where = (
            conversation.id
            if conversation is not None and conversation.conversation_type in _SHARED
            else None
        )
        return await self._units.run(lambda unit: service.coming_views(unit, actor, where))

    # Clicked ------------------------------------------------------------------------------------
    async def on_click(self, turn_context: TurnContext, action: CardAction) -> Outcome | None:
        texts = self._replies.texts(turn_context)
        actor = actor_of(turn_context.activity)
        if actor is None:
            return ShowMessage(texts("reminders.unknown_user"))
        try:
            command = parse_command(action)
        except InvalidCommand:
            return ShowMessage(texts("common.invalid_action"))
        now = self._clock.now()
        match command:
            case ChangeTime(reminder_id):
                return await self._show_change(texts, actor, reminder_id, now)
            case Reschedule(reminder_id, when):
                return await self._reschedule(texts, actor, reminder_id, when, now)
            case CancelReminder(reminder_id, from_list):
                return await self._cancel(turn_context, texts, actor, reminder_id, from_list, now)
            case MarkDone(reminder_id, key):
                result = await self._units.run(
                    lambda unit: service.done(unit, actor, reminder_id, key)
                )
                return self._answered(texts, result, "done", now)
            case Snooze(reminder_id, key, kind):
                result = await self._units.run(
                    lambda unit: service.snooze(unit, actor, reminder_id, key, kind)
                )
                return self._answered(texts, result, "snoozed", now)
            case StopRepeat(reminder_id, key):
                result = await self._units.run(
                    lambda unit: service.stop(unit, actor, reminder_id, key)
                )
                return self._answered(texts, result, "stopped", now)
        return None

    def _refused(self, texts: Texts, refused: service.Refused) -> ShowMessage:
        return ShowMessage(
            texts("reminders.gone" if refused.reason == "gone" else "reminders.not_yours")
        )

    def _stale_set_card(self, texts: Texts, reminder: Reminder, now: datetime) -> ShowCard:
        card = set_card(texts, view_of(reminder, reminder.next_due_at), now=now)
        if reminder.active:  # changed meanwhile by another click: show it as it is now
            return ShowCard(card)
        note = answer_note(texts, reminder.status, now=now, already=True)
        return ShowCard(answered_card(card, {}, note), in_place_only=True)

    async def _show_change(
        self, texts: Texts, actor: PersonRef, reminder_id: int, now: datetime
    ) -> Outcome:
        found = await self._units.run(lambda unit: service.current(unit, actor, reminder_id))
        if isinstance(found, service.Refused):
            return self._refused(texts, found)
        if isinstance(found, service.AlreadyAnswered):
            return self._stale_set_card(texts, found.reminder, now)
        return ShowCard(change_card(texts, found, now=now))

    async def _reschedule(
        self, texts: Texts, actor: PersonRef, reminder_id: int, when_text: str, now: datetime
    ) -> Outcome:
        found = await self._units.run(lambda unit: service.current(unit, actor, reminder_id))
        if isinstance(found, service.Refused):
            return self._refused(texts, found)
        if isinstance(found, service.AlreadyAnswered):
            return self._stale_set_card(texts, found.reminder, now)
        try:
            when = await asyncio.to_thread(parse_when, when_text, now, texts.language)
        except TimeNotUnderstood as error:
            return ShowCard(change_card(texts, found, now=now, error=_error(texts, error)))
        result = await self._units.run(
            lambda unit: service.reschedule(unit, actor, reminder_id, when)
        )
        if isinstance(result, service.Refused):
            return self._refused(texts, result)
        if isinstance(result, service.AlreadyAnswered):
            return self._stale_set_card(texts, result.reminder, now)
        return ShowCard(set_card(texts, view_of(result.reminder, when.first), now=now))

    async def _cancel(
        self,
        turn_context: TurnContext,
        texts: Texts,
        actor: PersonRef,
        reminder_id: int,
        from_list: bool,
        now: datetime,
    ) -> Outcome:
        result = await self._units.run(lambda unit: service.cancel(unit, actor, reminder_id))
        if isinstance(result, service.Refused):
            return self._refused(texts, result)
        reminder = result.reminder
        if from_list:
            views = await self._views(turn_context, actor)
            note = (
                texts("reminders.cancelled_item", text=reminder.text)
                if isinstance(result, service.Changed)
                else answer_note(texts, reminder.status, now=now, already=True)
            )
            return ShowCard(list_card(texts, views, now=now, note=note))
        if isinstance(result, service.AlreadyAnswered):
            return self._stale_set_card(texts, reminder, now)
        card = set_card(texts, view_of(reminder, reminder.next_due_at), now=now)
        note = answer_note(texts, "cancelled", now=now)
        return ShowCard(answered_card(card, {}, note), in_place_only=True)

    def _answered(self, texts: Texts, result: service.Result, state: str, now: datetime) -> Outcome:
        """The clicked reminder card in its answered state (or its state from before)."""
        if isinstance(result, service.Refused):
            return self._refused(texts, result)
        reminder, occurrence = result.reminder, result.occurrence
        if occurrence is None:
            return ShowMessage(texts("reminders.gone"))
        card = fired_card(texts, view_of(reminder, occurrence.due_at), occurrence.key, now=now)
        if isinstance(result, service.AlreadyAnswered):
            state = occurrence.state if occurrence.state != "pending" else reminder.status
            note = answer_note(texts, state, until=occurrence.snoozed_until, now=now, already=True)
        else:
            note = answer_note(texts, state, until=result.next_at, now=now)
        return ShowCard(answered_card(card, {}, note), in_place_only=True)
