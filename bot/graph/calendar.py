"""``GraphCalendar``: real calendars over Microsoft Graph, across the tenants that consented.

Free/busy is read per tenant with that tenant's token (``getSchedule`` on one of the people's own
mailboxes, at most 20 people and under 62 days a call) and merged. Invitations are created in the
organiser's mailbox, found again by a transaction id before any second attempt, moved with PATCH
and cancelled with the ``cancel`` action; Exchange sends the invitations and updates itself.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final
from urllib.parse import quote

import aiohttp

from bot.config import GraphSettings
from domain.meetings.calendar_merge import busy_times
from domain.meetings.calendar_port import (
    BusyTimes,
    CalendarFailure,
    CalendarPerson,
    CalendarUnknown,
    CancelOutcome,
    EventChange,
    EventRef,
    EventRequest,
    FreeBusy,
    Mailbox,
    UnknownReason,
)

from .http import GraphHttp, GraphResponse, RetryPolicy, Sleep, TokenSource
from .tokens import NoConsent, TokenCache
from .wire import (
    change_body,
    event_body,
    join_url,
    read_schedule,
    schedule_request,
    transaction_filter,
)

log = logging.getLogger(__name__)

MAX_SCHEDULES: Final = 20  # getSchedule: at most 20 people a call
MAX_WINDOW: Final = timedelta(days=61)  # getSchedule: the period must be under 62 days
VIEW_INTERVAL_MINUTES: Final = 15
MAX_ANCHOR_TRIES: Final = 3  # people without a mailbox tried as the getSchedule caller
MAX_COMMENT: Final = 1000
UTC_PREFER: Final = {"Prefer": 'outlook.timezone="UTC"'}
ONLINE_FIELDS: Final = "id,isOnlineMeeting,onlineMeetingProvider,onlineMeeting"


@dataclass(frozen=True)
class GraphConfig:
    client_id: str
    client_secret: str
    tenants: frozenset[str]
    base_url: str = "https://graph.microsoft.com/v1.0"
    authority_url: str = "https://login.microsoftonline.com"

    @classmethod
    def from_settings(cls, graph: GraphSettings) -> GraphConfig:
        return cls(
            graph.client_id, graph.client_secret, graph.tenants, graph.base_url, graph.authority_url
        )


def split_window(start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """[start, end) in consecutive pieces shorter than 62 days."""
    if end <= start:
        return []
    pieces = []
    while start < end:
        stop = min(start + MAX_WINDOW, end)
        pieces.append((start, stop))
        start = stop
    return pieces


def _user_url(base: str, user: str) -> str:
    return f"{base}/users/{quote(user, safe='@')}"


class GraphCalendar:
    """Implements ``domain.meetings.calendar_port.CalendarPort``. Call ``close`` when done."""

    def __init__(
        self,
        config: GraphConfig,
        *,
        timeout_seconds: float = 10.0,
        policy: RetryPolicy | None = None,
        sleep: Sleep = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.config = config
        self._timeout_seconds = timeout_seconds
        self._policy = policy or RetryPolicy()
        self._sleep = sleep
        self._clock = clock
        self._base = config.base_url.rstrip("/")
        self._session: aiohttp.ClientSession | None = None
        self._http: GraphHttp | None = None
        self._tokens: TokenCache | None = None

    # --- plumbing ----------------------------------------------------------------------
    def _ready(self) -> tuple[GraphHttp, TokenCache]:
        """The session is made on first use, inside the running event loop."""
        if self._http is None or self._tokens is None:
            self._session = aiohttp.ClientSession()
            self._http = GraphHttp(
                self._session,
                timeout_seconds=self._timeout_seconds,
                policy=self._policy,
                sleep=self._sleep,
            )
            self._tokens = TokenCache(
                self._http,
                authority_url=self.config.authority_url,
                client_id=self.config.client_id,
                client_secret=self.config.client_secret,
                tenants=self.config.tenants,
                clock=self._clock,
            )
        return self._http, self._tokens

    @property
    def tokens(self) -> TokenCache:
        return self._ready()[1]

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
        self._session = self._http = self._tokens = None

    def _token_source(self, tenant: str) -> TokenSource:
        tokens = self.tokens

        async def source(fresh: bool) -> str:
            return await tokens.token(tenant, fresh=fresh)

        return source

    # --- free/busy ---------------------------------------------------------------------
    async def free_busy(
        self, people: Sequence[CalendarPerson], start: datetime, end: datetime
    ) -> dict[str, FreeBusy]:
        if start.tzinfo is None or end.tzinfo is None or end <= start:
            raise ValueError("free/busy needs a timezone-aware period that ends after it starts")
        tokens = self.tokens
        results: dict[str, FreeBusy] = {}
        by_tenant: dict[str, list[CalendarPerson]] = {}
        for person in people:
            if not person.upn or "@" not in person.upn:
                results[person.key] = CalendarUnknown(UnknownReason.NO_ADDRESS)
            elif not tokens.consented(person.tenant_id):
                results[person.key] = CalendarUnknown(UnknownReason.NO_CONSENT, "not_listed")
            else:
                by_tenant.setdefault(person.tenant_id.lower(), []).append(person)
        windows = split_window(start, end)
        answers = await asyncio.gather(
            *(self._tenant_free_busy(t, group, windows) for t, group in by_tenant.items())
        )
        for answer in answers:
            results.update(answer)
        unasked = CalendarUnknown(UnknownReason.UNAVAILABLE, "not_asked")
        return {p.key: results.get(p.key, unasked) for p in people}

    async def _tenant_free_busy(
        self,
        tenant: str,
        people: list[CalendarPerson],
        windows: list[tuple[datetime, datetime]],
    ) -> dict[str, FreeBusy]:
        pieces: dict[str, list[FreeBusy]] = {p.key: [] for p in people}
        distinct = list({p.upn.lower(): p for p in people if p.upn}.values())
        for first in range(0, len(distinct), MAX_SCHEDULES):
            batch = distinct[first : first + MAX_SCHEDULES]
            for window_start, window_end in windows:
                by_upn = await self._schedule(tenant, batch, window_start, window_end)
                for person in people:
                    found = by_upn.get((person.upn or "").lower())
                    if found is not None:
                        pieces[person.key].append(found)
        return {key: _combine(parts) for key, parts in pieces.items()}

    async def _schedule(
        self, tenant: str, batch: list[CalendarPerson], start: datetime, end: datetime
    ) -> dict[str, FreeBusy]:
        """One batch over one window, by lower-case UPN. The call is made on the first person's
        own mailbox; one without a mailbox (404) or out of the app's scope (403) is set aside
        and the next one tried."""
        http, _ = self._ready()
        remaining = [p.upn for p in batch if p.upn]
        out: dict[str, FreeBusy] = {}
        for tries in range(MAX_ANCHOR_TRIES + 1):
            if not remaining:
                break
            anchor = remaining[0]
            try:
                response = await http.call(
                    "POST",
                    f"{_user_url(self._base, anchor)}/calendar/getSchedule",
                    token=self._token_source(tenant),
                    json=schedule_request(remaining, start, end, VIEW_INTERVAL_MINUTES),
                    headers=UTC_PREFER,
                )
            except NoConsent as refused:
                return out | _all(remaining, UnknownReason.NO_CONSENT, refused.reason)
            except CalendarFailure as failure:
                log.warning("graph getSchedule failed for tenant %s: %s", tenant, failure)
                return out | _all(remaining, UnknownReason.UNAVAILABLE, failure.reason)
            if response.status in (403, 404) and tries < MAX_ANCHOR_TRIES:
                reason = (
                    UnknownReason.NO_ACCESS if response.status == 403 else UnknownReason.NO_MAILBOX
                )
                out[anchor.lower()] = CalendarUnknown(reason, response.error_code)
                remaining = remaining[1:]
                continue
            value = response.body.get("value") if isinstance(response.body, dict) else None
            if response.status != 200 or not isinstance(value, list):
                log.warning("graph getSchedule answered %s for tenant %s", response.status, tenant)
                return out | _all(remaining, UnknownReason.UNAVAILABLE, response.error_code)
            infos = {
                str(info.get("scheduleId", "")).lower(): info
                for info in value
                if isinstance(info, dict)
            }
            for upn in remaining:
                info = infos.get(upn.lower())
                out[upn.lower()] = (
                    read_schedule(info, start, VIEW_INTERVAL_MINUTES)
                    if info is not None
                    else CalendarUnknown(UnknownReason.UNAVAILABLE, "not_answered")
                )
            break
        return out

    # --- events ------------------------------------------------------------------------
    def _mailbox(self, organizer: Mailbox) -> tuple[str, str]:
        tenant = organizer.tenant_id.lower()
        if not self.tokens.consented(tenant):
            raise CalendarFailure("no_consent", "not_listed")
        return tenant, _user_url(self._base, organizer.user)

    async def create_event(self, request: EventRequest) -> EventRef:
        http, _ = self._ready()
        tenant, user = self._mailbox(request.organizer)
        existing = await self._find(tenant, user, request.transaction_id)
        if existing is not None:
            log.info("graph event for transaction found; not creating it again")
            return await self._ref(tenant, user, existing, request.online)

        async def look_again() -> GraphResponse | None:
            found = await self._find(tenant, user, request.transaction_id)
            return GraphResponse(201, found, {}) if found is not None else None

        response = await http.call(
            "POST",
            f"{user}/events",
            token=self._token_source(tenant),
            json=event_body(request),
            before_retry=look_again,
        )
        created = response.body if isinstance(response.body, dict) else {}
        if response.status in (200, 201) and isinstance(created.get("id"), str):
            return await self._ref(tenant, user, created, request.online)
        raise _failure(response)

    async def _find(self, tenant: str, user: str, transaction_id: str) -> dict[str, Any] | None:
        http, _ = self._ready()
        response = await http.call(
            "GET",
            f"{user}/events",
            token=self._token_source(tenant),
            params={"$filter": transaction_filter(transaction_id), "$select": ONLINE_FIELDS},
        )
        if response.status != 200 or not isinstance(response.body, dict):
            raise _failure(response)
        value = response.body.get("value")
        events = [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []
        return events[0] if events and isinstance(events[0].get("id"), str) else None

    async def _ref(self, tenant: str, user: str, event: dict[str, Any], online: bool) -> EventRef:
        """The event's reference; when a Teams link was asked for but is not in the answer,
        the event is read once more (Exchange may add it a moment later)."""
        event_id = str(event["id"])
        url = join_url(event)
        if online and url is None:
            http, _ = self._ready()
            try:
                again = await http.call(
                    "GET",
                    f"{user}/events/{quote(event_id, safe='')}",
                    token=self._token_source(tenant),
                    params={"$select": ONLINE_FIELDS},
                )
            except CalendarFailure:
                again = None
            if again is not None and again.status == 200:
                url = join_url(again.body)
        if online and url is None:
            log.warning("graph event created without a Teams link (provider not available)")
        return EventRef(event_id, url, online_ok=not online or url is not None)

    async def update_event(self, organizer: Mailbox, event_id: str, change: EventChange) -> None:
        http, _ = self._ready()
        tenant, user = self._mailbox(organizer)
        body = change_body(change)
        if not body:
            return
        response = await http.call(
            "PATCH",
            f"{user}/events/{quote(event_id, safe='')}",
            token=self._token_source(tenant),
            json=body,
        )
        if response.status not in (200, 204):
            raise _failure(response)

    async def cancel_event(self, organizer: Mailbox, event_id: str, comment: str) -> CancelOutcome:
        http, _ = self._ready()
        tenant, user = self._mailbox(organizer)
        retried = False

        async def note_retry() -> GraphResponse | None:
            nonlocal retried
            retried = True
            return None

        response = await http.call(
            "POST",
            f"{user}/events/{quote(event_id, safe='')}/cancel",
            token=self._token_source(tenant),
            json={"Comment": comment[:MAX_COMMENT]},
            before_retry=note_retry,
        )
        if response.status in (200, 202, 204):
            return CancelOutcome.CANCELLED
        if response.status == 404:
            # After an attempt whose answer was lost, the event is gone because of that attempt.
            return CancelOutcome.CANCELLED if retried else CancelOutcome.ALREADY_GONE
        raise _failure(response)


def _all(upns: Sequence[str], reason: UnknownReason, detail: str) -> dict[str, FreeBusy]:
    return {upn.lower(): CalendarUnknown(reason, detail) for upn in upns}


def _combine(parts: list[FreeBusy]) -> FreeBusy:
    """One person's windows together; one window unread makes the whole calendar unknown."""
    for part in parts:
        if isinstance(part, CalendarUnknown):
            return part
    if not parts:
        return CalendarUnknown(UnknownReason.UNAVAILABLE, "not_asked")
    busy = [i for p in parts if isinstance(p, BusyTimes) for i in p.busy]
    tentative = [i for p in parts if isinstance(p, BusyTimes) for i in p.tentative]
    return busy_times(busy, tentative)


def _failure(response: GraphResponse) -> CalendarFailure:
    code = response.error_code
    if response.status == 404:
        return CalendarFailure("not_found", code, status=404)
    if response.status == 403:
        return CalendarFailure("no_consent", code, status=403)  # e.g. outside the RBAC scope
    if response.status in (408, 409, 412) or response.status >= 500:
        return CalendarFailure("transient", code, status=response.status)
    return CalendarFailure("rejected", code, status=response.status)
