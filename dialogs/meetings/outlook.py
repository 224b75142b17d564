"""Outlook invitations for decided meetings (issue #22), made by a background job.

Finalising, moving or cancelling a poll records, in the decision's own unit of work, which
version of the meeting Outlook should show (``want``). ``OutlookInvitations.run_due`` then, per
poll: claims the row (one transaction), calls Graph through ``CalendarPort`` outside any
transaction (create once, found again by its transaction id; PATCH on a move; cancel on a
cancellation), and records the outcome with one message to the tovholder saying plainly what
happened (another transaction). A Graph that does not answer is tried again with backoff; a
tenant without consent, a refusal, or running out of tries leaves the .ics link people already
have, and the tovholder is told so.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Final

from cards.meeting_polls import invitation_headings
from cards.texts import Texts
from domain.meetings import keys
from domain.meetings.calendar_port import CalendarFailure, CalendarPort
from domain.meetings.outlook import decided, event_change, event_request, organiser_mailbox
from domain.meetings.poll import Poll
from domain.messaging import Content, ToPerson
from storage.outbox import OutgoingMessage
from storage.unit_of_work import UnitOfWork, Units

LEASE: Final = timedelta(minutes=5)  # longer than every Graph call with its retries
MAX_ATTEMPTS: Final = 5
FIRST_RETRY: Final = timedelta(minutes=1)
RETRYABLE: Final = frozenset({"rate_limited", "transient"})


def want_outlook(unit: UnitOfWork, poll: Poll) -> None:
    """Queue the poll's decided version for Outlook (in the decision's transaction)."""
    wanted = decided(poll)
    if wanted is not None:
        unit.outlook.want(poll.id, wanted.sequence, cancelled=wanted.cancelled, now=unit.now)


@dataclass(frozen=True)
class _Call:
    """One Graph call to make for a claimed row: ``kind`` create / move / cancel."""

    kind: str
    sequence: int
    run: Callable[[], Awaitable[tuple[str | None, str | None, bool]]]  # event id, url, Teams ok


@dataclass(frozen=True)
class _Result:
    call: _Call
    event_id: str | None = None
    join_url: str | None = None
    online_ok: bool = True
    failure: CalendarFailure | None = None


class OutlookInvitations:
    def __init__(self, units: Units, calendar: CalendarPort) -> None:
        self._units = units
        self._calendar = calendar

    async def next_due(self, _after: datetime) -> datetime | None:
        return await self._units.run(lambda unit: unit.outlook.next_due())

    async def run_due(self, now: datetime) -> int:
        """Every invitation due at ``now``; returns how many Graph calls were made."""
        made = 0
        for poll_id in await self._units.run(lambda unit: unit.outlook.due(now)):
            made += await self._one(poll_id)
        return made

    async def _one(self, poll_id: str) -> int:
        call = await self._units.run(lambda unit: self._claim(unit, poll_id))
        if call is None:
            return 0
        try:
            event_id, url, online_ok = await call.run()
            result = _Result(call, event_id, url, online_ok)
        except CalendarFailure as failure:
            result = _Result(call, failure=failure)
        except Exception as error:  # noqa: BLE001 - an unexpected failure is retried like a timeout
            result = _Result(call, failure=CalendarFailure("transient", type(error).__name__))
        await self._units.run(lambda unit: self._record(unit, poll_id, result))
        return 1

    def _claim(self, unit: UnitOfWork, poll_id: str) -> _Call | None:
        row = unit.outlook.claim(poll_id, unit.now, unit.now + LEASE)
        poll = unit.polls.get(poll_id)
        if row is None:
            return None
        wanted = decided(poll) if poll is not None else None
        if poll is None or wanted is None:
            unit.outlook.give_up(poll_id, "no_decided_meeting")
            return None
        calendar, mailbox = self._calendar, organiser_mailbox(poll)
        texts = Texts(unit.preferences.language_for(poll.tovholder))
        event_id = row.event_id
        if wanted.cancelled:
            if event_id is None:
                unit.outlook.record(poll_id, wanted.sequence, None, None)
                return None
            comment = texts("meetings.event_cancel_comment")

            async def cancel() -> tuple[str | None, str | None, bool]:
                await calendar.cancel_event(mailbox, event_id, comment)
                return event_id, None, True

            return _Call("cancel", wanted.sequence, cancel)
        if event_id is None:
            headings = replace(invitation_headings(texts), footer=texts("meetings.event_footer"))
            try:
                request = event_request(poll, headings)
            except ValueError as error:  # nothing Graph could take: the .ics link stands
                unit.outlook.give_up(poll_id, f"rejected: {error}")
                return None

            async def create() -> tuple[str | None, str | None, bool]:
                ref = await calendar.create_event(request)
                return ref.event_id, ref.join_url, ref.online_ok

            return _Call("create", wanted.sequence, create)
        change = event_change(poll)

        async def move() -> tuple[str | None, str | None, bool]:
            await calendar.update_event(mailbox, event_id, change)
            return event_id, None, True

        return _Call("move", wanted.sequence, move)

    def _record(self, unit: UnitOfWork, poll_id: str, result: _Result) -> None:
        row = unit.outlook.get(poll_id)
        poll = unit.polls.get(poll_id)
        if row is None or poll is None:
            return
        call, failure = result.call, result.failure
        if failure is None:
            unit.outlook.record(poll_id, call.sequence, result.event_id, result.join_url)
            key = {"create": "outlook_created", "move": "outlook_moved"}.get(
                call.kind, "outlook_cancelled"
            )
            if call.kind == "create" and not result.online_ok:
                key = "outlook_created_no_teams"
            _tell(unit, poll, call, key)
            return
        attempts = row.attempts + 1
        error = f"{failure.kind}: {failure.reason}"
        if failure.kind in RETRYABLE and attempts < MAX_ATTEMPTS:
            wait = FIRST_RETRY * 2 ** (attempts - 1)
            if failure.retry_after is not None:
                wait = max(wait, timedelta(seconds=failure.retry_after))
            unit.outlook.retry(poll_id, attempts, unit.now + wait, error)
            return
        unit.outlook.give_up(poll_id, error)
        _tell(
            unit,
            poll,
            call,
            "outlook_no_consent" if failure.kind == "no_consent" else "outlook_failed",
        )


def _tell(unit: UnitOfWork, poll: Poll, call: _Call, key: str) -> None:
    """One message to the tovholder per meeting version and outcome."""
    texts = Texts(unit.preferences.language_for(poll.tovholder))
    unit.send(
        OutgoingMessage(
            str(keys.outlook(poll.id, call.sequence, call.kind, key)),
            ToPerson(poll.tovholder),
            Content(text=texts(f"meetings.{key}", title=poll.title)),
            unit.now,
            language=texts.language,
        )
    )
