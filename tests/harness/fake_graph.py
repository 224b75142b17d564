"""A fake Microsoft Graph and Entra token endpoint on loopback, for the bot's real-calendar code.

    graph = FakeGraph(client_id=..., client_secret=...)
    graph.consent(region.id)                                  # admin consent in that tenant
    graph.add_mailbox(region.id, "anne@region.dk", busy=[busy(start, end)])
    await graph.start()   # base_url / authority_url point here
    graph.faults.too_many_requests(times=1, retry_after=3, path="/getSchedule")

It answers like Graph: the token endpoint per tenant (refusing tenants without consent with
Entra's AADSTS700016), ``getSchedule`` from each mailbox's configured busy times (at most 20
schedules, a window under 62 days, per-schedule errors for unknown addresses), events created /
found by a single-value extended property / read / patched / cancelled with stored state, and
``transactionId`` de-duplication on create. Fault rules (``faults``) answer 429 with
Retry-After, 5xx, hang past the caller's timeout, or carry out the request and then lose the
answer; ``slow_down`` answers late. ``online_provider_unknown`` makes created events come back
without a Teams link.
"""

from __future__ import annotations

import asyncio
import itertools
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web

from .faults import HANG, Fault, Faults, error_body

LOST_ANSWER = -1  # a fault "status": do the work, then never answer
MAX_SCHEDULES = 20
MAX_WINDOW = timedelta(days=62)
GRAPH_SCOPE = "https://graph.microsoft.com/.default"
ZONES = {"UTC": UTC, "Romance Standard Time": ZoneInfo("Europe/Copenhagen")}
_FILTER = re.compile(
    r"singleValueExtendedProperties/Any\(ep: ep/id eq '(?P<id>(?:[^']|'')*)' "
    r"and ep/value eq '(?P<value>(?:[^']|'')*)'\)"
)


@dataclass(frozen=True)
class FakeBusy:
    start: datetime
    end: datetime
    status: str = "busy"  # busy, oof, tentative, workingElsewhere, free


def busy(start: datetime, end: datetime, status: str = "busy") -> FakeBusy:
    return FakeBusy(start, end, status)


@dataclass
class FakeMailbox:
    tenant_id: str
    upn: str
    object_id: str
    items: list[FakeBusy] = field(default_factory=list)
    teams: bool = True  # the mailbox may create Teams meetings


@dataclass
class GraphCall:
    method: str
    path: str
    tenant: str | None  # whose token was used (None: no or unknown token)
    status: int  # 0: never answered
    body: Any = None


@dataclass
class StoredEvent:
    id: str
    organizer: str  # upn, lower case
    tenant_id: str
    data: dict[str, Any]
    cancelled: bool = False
    cancel_comment: str | None = None
    updates: int = 0  # PATCHes, i.e. updates Exchange would send
    unsearchable: int = 0  # event searches still to come that do not see it yet


def _error(status: int, code: str, message: str) -> web.Response:
    return web.json_response(error_body(code, message), status=status)


def _read_time(value: Any) -> datetime:
    if not isinstance(value, dict) or value.get("timeZone") not in ZONES:
        raise ValueError(f"time zone not supported: {value!r}")
    local = datetime.fromisoformat(str(value["dateTime"]))
    return local.replace(tzinfo=ZONES[str(value["timeZone"])])


def _utc(moment: datetime) -> dict[str, str]:
    text = moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds")
    return {"dateTime": f"{text}.0000000", "timeZone": "UTC"}


class FakeGraph:
    def __init__(self, client_id: str, client_secret: str) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.consented: set[str] = set()
        self.mailboxes: dict[str, FakeMailbox] = {}  # by lower-case upn
        self.events: dict[str, StoredEvent] = {}
        self.calls: list[GraphCall] = []
        self.schedule_requests: list[dict[str, Any]] = []  # bodies of getSchedule calls
        self.tokens_issued: list[str] = []  # tenant per issued token
        self.faults = Faults()
        self.online_provider_unknown = False
        self.search_lag = 0  # searches ($filter) that miss a new event, as Exchange's index may
        self.token_lifetime = 3599
        self.port = 0
        self._slow: list[tuple[Fault, float]] = []
        self._tokens: dict[str, str] = {}
        self._ids = itertools.count(1)
        self._runner: web.AppRunner | None = None

    # --- set-up ------------------------------------------------------------------------
    def consent(self, *tenant_ids: str) -> None:
        self.consented.update(t.lower() for t in tenant_ids)

    def add_mailbox(
        self,
        tenant_id: str,
        upn: str,
        *,
        object_id: str | None = None,
        busy: list[FakeBusy] | None = None,
        teams: bool = True,
    ) -> FakeMailbox:
        mailbox = FakeMailbox(
            tenant_id.lower(), upn, object_id or f"oid-{upn.lower()}", list(busy or []), teams
        )
        self.mailboxes[upn.lower()] = mailbox
        return mailbox

    def slow_down(self, seconds: float, times: int = 1, **where: Any) -> Fault:
        """The next matching calls answer normally, but only after ``seconds``."""
        rule = Fault(200, times, **where)
        self._slow.append((rule, seconds))
        return rule

    def lose_answer(self, times: int = 1, **where: Any) -> Fault:
        """The next matching calls are carried out, but their answer never arrives."""
        return self.faults.add(Fault(LOST_ANSWER, times, **where))

    @property
    def base_url(self) -> str:
        assert self.port, "the fake Graph is not running"
        return f"http://127.0.0.1:{self.port}/v1.0"

    @property
    def authority_url(self) -> str:
        assert self.port, "the fake Graph is not running"
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        self._runner = web.AppRunner(self._app())
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])

    async def close(self) -> None:
        self.faults.release()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # --- reading the state -------------------------------------------------------------
    def calls_to(self, fragment: str, method: str | None = None) -> list[GraphCall]:
        return [
            c for c in self.calls if fragment in c.path and (method is None or c.method == method)
        ]

    def live_events(self, organizer: str | None = None) -> list[StoredEvent]:
        return [
            e
            for e in self.events.values()
            if not e.cancelled and (organizer is None or e.organizer == organizer.lower())
        ]

    # --- the app -----------------------------------------------------------------------
    def _app(self) -> web.Application:
        app = web.Application(middlewares=[self._record_and_fault])
        app.router.add_post("/{tenant}/oauth2/v2.0/token", self._token)
        user = "/v1.0/users/{user}"
        app.router.add_post(f"{user}/calendar/getSchedule", self._get_schedule)
        app.router.add_post(f"{user}/events", self._create)
        app.router.add_get(f"{user}/events", self._list)
        app.router.add_get(f"{user}/events/{{event}}", self._get)
        app.router.add_patch(f"{user}/events/{{event}}", self._patch)
        app.router.add_post(f"{user}/events/{{event}}/cancel", self._cancel)
        return app

    @web.middleware
    async def _record_and_fault(self, request: web.Request, handler: Any) -> web.StreamResponse:
        tenant = self._tenant_of(request)
        body: Any = None
        if request.can_read_body and request.content_type == "application/json":
            body = await request.json()
        call = GraphCall(request.method, request.path, tenant, 0, body)
        self.calls.append(call)
        for rule, seconds in self._slow:
            if rule.matches(request.method, request.path, None):
                rule.hits += 1
                await asyncio.sleep(seconds)
                break
        fault = self.faults.take(request.method, request.path, None)
        if fault is not None and fault.status == HANG:
            await self.faults.hang()
            raise web.HTTPServiceUnavailable()
        if fault is not None and fault.status == LOST_ANSWER:
            await handler(request)  # carried out ...
            await self.faults.hang()  # ... but the answer never reaches the caller
            raise web.HTTPServiceUnavailable()
        if fault is not None:
            call.status = fault.status
            return web.json_response(fault.body, status=fault.status, headers=fault.headers)
        if request.path.startswith("/v1.0/") and tenant is None:
            call.status = 401
            return _error(401, "InvalidAuthenticationToken", "Access token is empty or invalid.")
        response: web.StreamResponse = await handler(request)
        call.status = response.status
        return response

    def _tenant_of(self, request: web.Request) -> str | None:
        header = request.headers.get("Authorization", "")
        return self._tokens.get(header.removeprefix("Bearer ")) if header else None

    async def _token(self, request: web.Request) -> web.Response:
        tenant = request.match_info["tenant"].lower()
        form = await request.post()
        if form.get("grant_type") != "client_credentials" or form.get("scope") != GRAPH_SCOPE:
            return web.json_response({"error": "invalid_request"}, status=400)
        if (
            form.get("client_id") != self.client_id
            or form.get("client_secret") != self.client_secret
        ):
            return web.json_response(
                {
                    "error": "invalid_client",
                    "error_description": "AADSTS7000215: Invalid client secret provided.",
                },
                status=401,
            )
        if tenant not in self.consented:
            return web.json_response(
                {
                    "error": "unauthorized_client",
                    "error_description": (
                        f"AADSTS700016: Application with identifier '{self.client_id}' was not "
                        f"found in the directory '{tenant}'."
                    ),
                    "error_codes": [700016],
                },
                status=400,
            )
        token = f"fake-{tenant}-{next(self._ids)}"
        self._tokens[token] = tenant
        self.tokens_issued.append(tenant)
        return web.json_response(
            {"token_type": "Bearer", "expires_in": self.token_lifetime, "access_token": token}
        )

    def _caller(self, request: web.Request) -> FakeMailbox | web.Response:
        """The mailbox in the path, which must be in the token's tenant."""
        tenant = self._tenant_of(request)
        user = request.match_info["user"].lower()
        mailbox = self.mailboxes.get(user) or next(
            (m for m in self.mailboxes.values() if m.object_id.lower() == user), None
        )
        if mailbox is None or mailbox.tenant_id != tenant:
            return _error(404, "ErrorInvalidUser", "The requested user is invalid.")
        return mailbox

    async def _get_schedule(self, request: web.Request) -> web.Response:
        caller = self._caller(request)
        if isinstance(caller, web.Response):
            return caller
        body = await request.json()
        self.schedule_requests.append(body)
        schedules = body.get("schedules") or []
        if len(schedules) > MAX_SCHEDULES:
            return _error(400, "ErrorInvalidParameter", "At most 20 schedules can be requested.")
        try:
            start, end = _read_time(body.get("startTime")), _read_time(body.get("endTime"))
        except (ValueError, TypeError) as error:
            return _error(400, "ErrorInvalidRequest", str(error))
        if not timedelta(0) < end - start < MAX_WINDOW:
            return _error(400, "ErrorInvalidTimeInterval", "The period must be under 62 days.")
        interval = int(body.get("availabilityViewInterval") or 30)
        return web.json_response(
            {
                "value": [
                    self._schedule(s, caller.tenant_id, start, end, interval) for s in schedules
                ]
            }
        )

    def _schedule(
        self, address: str, tenant: str, start: datetime, end: datetime, interval: int
    ) -> dict[str, Any]:
        mailbox = self.mailboxes.get(address.lower())
        if mailbox is None or mailbox.tenant_id != tenant:
            return {
                "scheduleId": address,
                "error": {
                    "message": "The specified recipient could not be found.",
                    "responseCode": "ErrorMailRecipientNotFound",
                },
            }
        items = [i for i in mailbox.items if i.start < end and start < i.end]
        return {
            "scheduleId": address,
            "availabilityView": _view(items, start, end, interval),
            "scheduleItems": [
                {"isPrivate": True, "status": i.status, "start": _utc(i.start), "end": _utc(i.end)}
                for i in items
            ],
        }

    async def _create(self, request: web.Request) -> web.Response:
        caller = self._caller(request)
        if isinstance(caller, web.Response):
            return caller
        body = await request.json()
        try:
            _read_time(body.get("start"))
            _read_time(body.get("end"))
        except (ValueError, TypeError) as error:
            return _error(400, "TimeZoneNotSupportedException", str(error))
        transaction = body.get("transactionId")
        if transaction:
            for event in self.events.values():
                if (
                    event.organizer == caller.upn.lower()
                    and event.data.get("transactionId") == transaction
                ):
                    return web.json_response(self._public(event), status=201)
        event_id = f"AAMkAD{next(self._ids):06d}="
        data = dict(body)
        if body.get("isOnlineMeeting"):
            if caller.teams and not self.online_provider_unknown:
                data["onlineMeetingProvider"] = "teamsForBusiness"
                data["onlineMeeting"] = {
                    "joinUrl": f"https://teams.microsoft.com/l/meetup-join/fake-{event_id.strip('=')}"
                }
            else:
                data["onlineMeetingProvider"] = "unknown"
                data["onlineMeeting"] = None
        event = StoredEvent(
            event_id, caller.upn.lower(), caller.tenant_id, data, unsearchable=self.search_lag
        )
        self.events[event_id] = event
        return web.json_response(self._public(event), status=201)

    def _public(self, event: StoredEvent) -> dict[str, Any]:
        data = {k: v for k, v in event.data.items() if k != "singleValueExtendedProperties"}
        return {"id": event.id, "isCancelled": event.cancelled, **data}

    async def _list(self, request: web.Request) -> web.Response:
        caller = self._caller(request)
        if isinstance(caller, web.Response):
            return caller
        query = request.query.get("$filter", "")
        match = _FILTER.fullmatch(query)
        if query and match is None:
            return _error(400, "ErrorInvalidUrlQueryFilter", "The filter is not supported.")
        found = []
        for event in self.live_events(caller.upn):
            if event.unsearchable > 0:
                event.unsearchable -= 1
                continue
            if match is None or _has_property(
                event, match["id"].replace("''", "'"), match["value"].replace("''", "'")
            ):
                found.append(self._public(event))
        return web.json_response({"value": found})

    def _event(self, request: web.Request) -> StoredEvent | web.Response:
        caller = self._caller(request)
        if isinstance(caller, web.Response):
            return caller
        event = self.events.get(request.match_info["event"])
        if event is None or event.cancelled or event.tenant_id != caller.tenant_id:
            return _error(
                404, "ErrorItemNotFound", "The specified object was not found in the store."
            )
        if event.organizer != caller.upn.lower():
            return _error(
                404, "ErrorItemNotFound", "The specified object was not found in the store."
            )
        return event

    async def _get(self, request: web.Request) -> web.Response:
        event = self._event(request)
        if isinstance(event, web.Response):
            return event
        return web.json_response(self._public(event))

    async def _patch(self, request: web.Request) -> web.Response:
        event = self._event(request)
        if isinstance(event, web.Response):
            return event
        body = await request.json()
        if "transactionId" in body:
            return _error(400, "ErrorInvalidRequest", "transactionId cannot be changed.")
        try:
            for key in ("start", "end"):
                if key in body:
                    _read_time(body[key])
        except (ValueError, TypeError) as error:
            return _error(400, "TimeZoneNotSupportedException", str(error))
        event.data.update(body)
        event.updates += 1
        return web.json_response(self._public(event))

    async def _cancel(self, request: web.Request) -> web.Response:
        event = self._event(request)
        if isinstance(event, web.Response):
            return event
        body = await request.json()
        comment = next((v for k, v in body.items() if k.lower() == "comment"), None)
        event.cancelled = True
        event.cancel_comment = comment
        return web.Response(status=202)


def _has_property(event: StoredEvent, property_id: str, value: str) -> bool:
    properties = event.data.get("singleValueExtendedProperties") or []
    return any(
        p.get("id", "").lower() == property_id.lower()
        and str(p.get("value", "")).lower() == value.lower()
        for p in properties
    )


def _view(items: list[FakeBusy], start: datetime, end: datetime, interval: int) -> str:
    codes = {"free": "0", "tentative": "1", "busy": "2", "oof": "3", "workingElsewhere": "4"}
    step = timedelta(minutes=interval)
    digits = []
    moment = start
    while moment < end:
        overlapping = [i for i in items if i.start < moment + step and moment < i.end]
        digits.append(max((codes.get(i.status, "0") for i in overlapping), default="0"))
        moment += step
    return "".join(digits)
