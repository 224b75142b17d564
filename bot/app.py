"""The composition root: builds every part once, from settings, when the app starts."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from aiohttp import web
from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity, ActivityTypes

from cards.digest import digest_card
from cards.texts import Texts
from dialogs.course import CourseActions, CourseContext, CourseLists
from dialogs.course.steps import meeting_from_poll
from dialogs.directory import DirectoryActions
from dialogs.language import LanguageChoice
from dialogs.meetings import CalendarLinks, MeetingPolls, MeetingsContext, OutlookInvitations
from dialogs.onboarding import Onboarding
from dialogs.reminders import ReminderActions
from dialogs.router import Router
from dialogs.screening import ScreeningActions
from dialogs.search import PeopleSearch
from dialogs.sparring import SparringActions
from domain.clock import Clock, ManualClock, SystemClock
from domain.meetings.calendar_port import CalendarPort, NoCalendars
from domain.messaging import Content
from domain.pacing import unpaced
from domain.screening import load_policy
from storage.db import Database
from storage.leases import Leases
from storage.migrate import upgrade
from storage.turns import ConversationReferences, TurnRecorder
from storage.unit_of_work import UnitsOfWork

from .adapter import create_adapter, install_error_handler
from .calendar_links import calendar_routes
from .case_copies import CaseReplies
from .clock_driver import ClockDriver, Doorbell
from .clock_gate import ClockGate
from .clock_routes import clock_routes
from .config import Settings
from .connector import HttpConnector, TokenProvider, bot_framework_token, no_token
from .dispatcher import Dispatcher
from .failure_notices import NotDelivered
from .graph import GraphCalendar, calendars_from
from .handler import KiBot
from .http import MessagesEndpoint, health_routes
from .installations import InstallationTracker
from .jobs import background_jobs
from .messenger import Messenger
from .middleware import RecordTurnMiddleware, RedactCprMiddleware
from .outbound import OutboundHttp, OutboundLimits
from .outbox_dispatcher import DeliveryReport, OutboxDispatcher
from .privacy_jobs import PrivacyJobs
from .proactive import Proactive
from .replies import Replies, answer_failed_click, is_card_click
from .search_invoke import is_search, search_error
from .serial import TurnSerializer
from .signing_keys import channel_metadata_url, install_signing_keys
from .typing_indicator import TypingIndicator

log = logging.getLogger(__name__)

SIGNING_KEY_WAIT_SECONDS = 0.5


@dataclass(frozen=True)
class Services:
    """Everything the app built, for the tests and the dispatcher's jobs."""

    settings: Settings
    clock: Clock
    database: Database
    adapter: CloudAdapter
    bot: KiBot
    proactive: Proactive
    dispatcher: Dispatcher
    recorder: TurnRecorder
    messages: MessagesEndpoint
    connector: HttpConnector
    outbox: OutboxDispatcher
    units: UnitsOfWork
    typing: TypingIndicator
    outbound: OutboundHttp
    serializer: TurnSerializer
    test_clock: ClockDriver | None = None  # TEST_CLOCK=1: moves the clock, runs what falls due
    calendars: CalendarPort = field(default_factory=NoCalendars)  # Graph, when configured

    async def run_background(self) -> DeliveryReport:
        """Run every background job, then send every message due at the clock's "now"."""
        await self.dispatcher.run_due()
        return await self.outbox.run_due()


SERVICES = web.AppKey("services", Services)


def _token_provider(settings: Settings) -> TokenProvider:
    if not settings.auth_enabled:
        return no_token()
    tenant = settings.app_tenant_id if settings.app_type == "SingleTenant" else None
    return bot_framework_token(settings.app_id, settings.app_password, tenant)


def _digest(language: str, parts: Sequence[Content]) -> Content:
    card = digest_card(Texts(language), [(part.card, part.text) for part in parts])
    return Content(text=Texts(language)("delivery.digest_title", count=len(parts)), card=card)


def _not_delivered(language: str, notice: NotDelivered) -> Content:
    """The short notice a sender gets when their message finally was not delivered."""
    texts = Texts(language)
    about = f"delivery.about.{notice.about}"
    what = texts(about if texts.has(about) else "delivery.about.message")
    name = notice.recipient or texts("delivery.not_delivered.someone")
    return Content(
        text=texts(
            f"delivery.not_delivered.{notice.why}", what=what, name=name, days=notice.kept_for_days
        )
    )


def build_services(settings: Settings, clock: Clock) -> Services:
    """Everything on ``clock``, except what guards against a dead process (conversation
    leases), which runs on the process's real clock so a test clock's jump cannot expire it."""
    if settings.test_clock and not isinstance(clock, ManualClock):
        raise TypeError("TEST_CLOCK=1 needs a ManualClock")
    real_clock = SystemClock()
    database = Database(settings.database_url)
    connector = HttpConnector(_token_provider(settings))
    messenger = Messenger(
        database, connector, clock, pacer=unpaced() if settings.test_clock else None
    )
    outbox = OutboxDispatcher(
        database, messenger, clock, digest=_digest, notice=_not_delivered, lease_clock=real_clock
    )
    queued = Doorbell()  # the test clock's sender waits on it instead of the outbox's loop
    on_queued: Callable[[], None] = queued.ring if settings.test_clock else outbox.wake
    units = UnitsOfWork(database, clock, on_queued=on_queued)
    installations = InstallationTracker(database, connector, clock)
    replies = Replies(settings.default_locale)
    router = Router(units)

    sparring = SparringActions(
        units,
        timezone=settings.timezone,
        calendar=settings.calendar(),
        reminder_hours=settings.sparring_reminder_hours,
    )
    sparring.register(router)

    course_context = CourseContext(units, clock, settings.calendar(), ZoneInfo(settings.timezone))
    courses = CourseActions(course_context)
    courses.register(router)
    course_lists = CourseLists(course_context)
    course_lists.register(router)
    screening = ScreeningActions(
        units,
        load_policy(settings.screening_policy),
        on_opened=courses.start_in,
        keep_initials=settings.case_initials,
        ask_coordinator=sparring.ask_about_screening,
    )
    screening.register(router)

    directory = DirectoryActions(units, clock, settings.timezone)
    directory.register(router)

    reminders = ReminderActions(units, clock)
    reminders.register(router)
    calendars = calendars_from(settings)
    links = CalendarLinks(settings.link_secret, settings.public_url)
    if links.problem is not None:
        log.warning("calendar links are off: %s", links.problem)  # once, not per message
    meetings = MeetingPolls(
        units,
        MeetingsContext(
            clock,
            settings.calendar(),
            ZoneInfo(settings.timezone),
            links,
            on_case_meeting=lambda unit, reference, start, actor: meeting_from_poll(
                course_context, unit, reference, start, actor
            ),
            calendars=calendars if settings.graph is not None else None,
        ),
    )
    meetings.register(router)

    onboarding = Onboarding(
        is_admin=directory.is_admin,
        starters={
            "meeting_poll": lambda turn: meetings.creating.start(turn, ""),
            "screening": screening.start,
            # Sparring goes to "the coordinators of your organisation": ask for it first.
            "sparring": directory.gate("sparring", sparring.start),
            "deadlines": course_lists.start,
        },
    )
    onboarding.register(router)

    recorder = TurnRecorder(database, clock)
    LanguageChoice(units).register(router)  # each turn's claim reads the language
    outbound = OutboundHttp(
        OutboundLimits(
            timeout_seconds=settings.connector_timeout_seconds, retries=settings.connector_retries
        )
    )
    adapter = create_adapter(settings, outbound)
    adapter.use(
        RecordTurnMiddleware(recorder)
    )  # first: it commits the turn the HTTP endpoint claimed
    adapter.use(RedactCprMiddleware(replies))
    adapter.on_sent = CaseReplies(database, clock).sent
    typing = TypingIndicator(settings.typing_delay_seconds, settings.typing_period_seconds)
    adapter.use(typing)

    async def apologise(turn_context: TurnContext, correlation_id: str) -> None:
        texts = replies.texts(turn_context)
        if is_search(turn_context.activity):  # an answer in the picker, nothing in the chat
            answer = search_error(
                "InternalError", texts("common.error_short", reference=correlation_id)
            )
            await turn_context.send_activity(
                Activity(type=ActivityTypes.invoke_response, value=answer)
            )
            return
        if is_card_click(turn_context.activity):
            await answer_failed_click(turn_context, texts, correlation_id)
            return
        await replies.card(turn_context, Onboarding.apology(texts, correlation_id))

    install_error_handler(adapter, apologise)

    bot = KiBot(
        router=router,
        onboarding=onboarding,
        replies=replies,
        installations=installations,
        search=PeopleSearch(units),
    )
    proactive = Proactive(adapter, settings.app_id, ConversationReferences(database), database)

    leases = Leases(database)
    jobs = background_jobs(
        privacy=PrivacyJobs(units, settings),
        database=database,
        recorder=recorder,
        leases=leases,
        lease_clock=real_clock,
        reminders=reminders,
        course_lists=course_lists,
        zone=ZoneInfo(settings.timezone),
        outlook=OutlookInvitations(units, calendars) if settings.graph is not None else None,
    )
    dispatcher = Dispatcher(clock, jobs)
    serializer = TurnSerializer(leases, recorder, real_clock)
    gate = ClockGate()
    test_clock = (
        ClockDriver(clock, dispatcher, outbox, gate, queued)
        if isinstance(clock, ManualClock) and settings.test_clock
        else None
    )
    messages = MessagesEndpoint(
        settings, adapter, bot, serializer, hold_clock=gate.turn if test_clock else None
    )
    return Services(
        settings,
        clock,
        database,
        adapter,
        bot,
        proactive,
        dispatcher,
        recorder,
        messages,
        connector,
        outbox,
        units,
        typing,
        outbound,
        serializer,
        test_clock,
        calendars,
    )


def create_app(
    settings: Settings,
    *,
    clock: Clock | None = None,
    migrate: bool = True,
    run_dispatcher: bool = True,
) -> web.Application:
    if clock is None:
        clock = (
            ManualClock(settings.test_clock_start or datetime.now(UTC))
            if settings.test_clock
            else SystemClock()
        )
    services = build_services(settings, clock)
    if migrate:
        upgrade(services.database.engine)

    app = web.Application(client_max_size=settings.max_body_bytes)
    app[SERVICES] = services
    app.router.add_post("/api/messages", services.messages.handle)
    app.router.add_routes(health_routes(services.database))
    app.router.add_routes(calendar_routes(settings, services.database, services.clock))
    if services.test_clock is not None:
        app.router.add_routes(clock_routes(services.test_clock, ZoneInfo(settings.timezone)))

    signing_keys = install_signing_keys(
        fetch_timeout=settings.connector_timeout_seconds, wait_seconds=SIGNING_KEY_WAIT_SECONDS
    )

    async def lifecycle(_app: web.Application) -> AsyncIterator[None]:
        if settings.auth_enabled:  # fetch the keys before the first request needs them
            signing_keys.for_url(channel_metadata_url()).refresh_in_background()
        if run_dispatcher and services.test_clock is not None:
            services.test_clock.start()
        elif run_dispatcher:
            services.dispatcher.start()
            services.outbox.start()
        yield
        signing_keys.stop()
        if services.test_clock is not None:
            await services.test_clock.stop()
        await services.dispatcher.stop()
        await services.outbox.stop()
        await services.messages.drain()
        await services.connector.close()
        await services.outbound.close()
        if isinstance(services.calendars, GraphCalendar):
            await services.calendars.close()
        services.database.dispose()

    app.cleanup_ctx.append(lifecycle)
    return app
