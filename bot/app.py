"""The composition root: builds every part once, from settings, when the app starts."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from aiohttp import web
from botbuilder.core import PrivateConversationState
from botbuilder.integration.aiohttp import CloudAdapter

from cards.digest import digest_card
from cards.texts import Texts
from dialogs.actions import ActionRouter
from dialogs.answered import AnsweredCards
from dialogs.course import CourseActions, CourseContext, CourseLists
from dialogs.course.steps import meeting_from_poll
from dialogs.directory import DirectoryActions
from dialogs.host import DialogHost
from dialogs.language import LanguageChoice
from dialogs.meetings import CalendarLinks, MeetingPolls, MeetingsContext
from dialogs.onboarding import Onboarding
from dialogs.reminders import ReminderActions
from dialogs.replies import Replies
from dialogs.screening import ScreeningActions, ScreeningDialog
from dialogs.screening.flow import Screener
from dialogs.sparring import SparringActions
from domain.clock import Clock, SystemClock
from domain.messaging import Content
from domain.screening import load_policy
from storage.bot_state import SqlStorage
from storage.db import Database
from storage.leases import Leases
from storage.migrate import upgrade
from storage.screenings import Cases, Screenings
from storage.turns import ConversationReferences, TurnRecorder
from storage.unit_of_work import UnitsOfWork

from .adapter import create_adapter, install_error_handler
from .calendar_links import calendar_routes
from .config import Settings
from .connector import HttpConnector, TokenProvider, bot_framework_token, no_token
from .dispatcher import Dispatcher, Job
from .failure_notices import NotDelivered
from .handler import KiBot
from .http import MessagesEndpoint, health_routes
from .installations import InstallationTracker
from .messenger import Messenger
from .middleware import RecordTurnMiddleware, RedactCprMiddleware
from .outbound import OutboundHttp, OutboundLimits
from .outbox_dispatcher import DeliveryReport, OutboxDispatcher
from .proactive import Proactive
from .serial import TurnSerializer
from .signing_keys import channel_metadata_url, install_signing_keys
from .typing_indicator import TypingIndicator

log = logging.getLogger(__name__)

KEEP_DELIVERY_IDS = timedelta(days=2)
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
    database = Database(settings.database_url)
    connector = HttpConnector(_token_provider(settings))
    messenger = Messenger(database, connector, clock)
    outbox = OutboxDispatcher(
        database, messenger, clock, digest=_digest, notice=_not_delivered, lease_clock=SystemClock()
    )
    units = UnitsOfWork(database, clock, on_queued=outbox.wake)
    installations = InstallationTracker(database, connector, clock)
    storage = SqlStorage(database, clock)
    dialog_state = PrivateConversationState(storage)
    replies = Replies(settings.default_locale)
    router = ActionRouter()

    sparring = SparringActions(
        units,
        replies,
        clock,
        timezone=settings.timezone,
        calendar=settings.calendar(),
        reminder_hours=settings.sparring_reminder_hours,
    )
    sparring.register(router)

    screenings = Screenings(database)
    screener = Screener(load_policy(settings.screening_policy), screenings, clock)
    course_context = CourseContext(
        units, replies, clock, settings.calendar(), ZoneInfo(settings.timezone)
    )
    courses = CourseActions(course_context)
    courses.register(router)
    course_lists = CourseLists(course_context)
    answered = AnsweredCards(dialog_state)
    dialogs = DialogHost(
        dialog_state,
        [ScreeningDialog(screener, replies, can_ask_coordinator=True, answered=answered)],
    )
    screening = ScreeningActions(
        dialogs,
        screenings,
        Cases(database),
        replies,
        clock,
        answered,
        ask_coordinator=sparring.ask_about_screening,
        on_opened=courses.start,
    )
    screening.register(router)

    directory = DirectoryActions(database, replies, clock, settings.timezone)
    directory.register(router)

    reminders = ReminderActions(units, replies, clock)
    reminders.register(router)
    meetings = MeetingPolls(
        MeetingsContext(
            units,
            replies,
            clock,
            settings.calendar(),
            ZoneInfo(settings.timezone),
            CalendarLinks(settings.link_secret, settings.public_url),
            on_case_meeting=lambda unit, reference, start, actor: meeting_from_poll(
                course_context, unit, reference, start, actor
            ),
        )
    )
    meetings.register(router)

    onboarding = Onboarding(
        replies,
        starters={
            "meeting_poll": meetings.start,
            "screening": screening.start,
            # Sparring goes to "the coordinators of your organisation": ask for it first.
            "sparring": directory.gate("sparring", sparring.start),
            "deadlines": lambda turn: course_lists.deadlines(turn, ""),
        },
    )
    onboarding.register(router)

    recorder = TurnRecorder(database, clock)
    language = LanguageChoice(replies, database, clock, on_chosen=recorder.remember_language)
    language.register(router)
    outbound = OutboundHttp(
        OutboundLimits(
            timeout_seconds=settings.connector_timeout_seconds, retries=settings.connector_retries
        )
    )
    adapter = create_adapter(settings, outbound)
    adapter.use(
        RecordTurnMiddleware(recorder)
    )  # first: a re-delivery is dropped before anything else
    adapter.use(RedactCprMiddleware(replies))
    typing = TypingIndicator(settings.typing_delay_seconds, settings.typing_period_seconds)
    adapter.use(typing)
    install_error_handler(adapter, onboarding.apologise, dialog_state)

    bot = KiBot(
        state=dialog_state,
        dialogs=dialogs,
        router=router,
        onboarding=onboarding,
        replies=replies,
        installations=installations,
        commands={
            "language": language.on_command,
            "my_organisation": lambda turn, _argument: directory.my_organisation(turn),
            "pools": lambda turn, _argument: directory.pools(turn),
            "absence": directory.absence,
            "reminders": reminders.on_command,
            "my_questions": sparring.my_questions,
            "inbox": sparring.inbox,
            "meeting_poll": meetings.start,
            "my_courses": course_lists.mine,
            "courses": course_lists.organisation,
        },
    )
    proactive = Proactive(adapter, settings.app_id, ConversationReferences(database), database)

    leases = Leases(database)

    async def forget_old_deliveries(now: datetime) -> int:
        return await recorder.forget_deliveries_before(now - KEEP_DELIVERY_IDS)

    async def forget_old_leases(now: datetime) -> int:
        return await leases.forget_expired_before(now - KEEP_DELIVERY_IDS)

    dispatcher = Dispatcher(
        clock,
        [
            Job("forget_old_deliveries", forget_old_deliveries),
            Job("forget_old_leases", forget_old_leases),
            Job("reminders.roll_forward", reminders.roll_forward),
            Job("course_weekly_overview", course_lists.weekly_overview),
        ],
    )
    serializer = TurnSerializer(leases, clock)
    messages = MessagesEndpoint(settings, adapter, bot, serializer)
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
    )


def create_app(
    settings: Settings,
    *,
    clock: Clock | None = None,
    migrate: bool = True,
    run_dispatcher: bool = True,
) -> web.Application:
    services = build_services(settings, clock or SystemClock())
    if migrate:
        upgrade(services.database.engine)

    app = web.Application(client_max_size=settings.max_body_bytes)
    app[SERVICES] = services
    app.router.add_post("/api/messages", services.messages.handle)
    app.router.add_routes(health_routes(services.database))
    app.router.add_routes(calendar_routes(settings, services.database, services.clock))

    signing_keys = install_signing_keys(
        fetch_timeout=settings.connector_timeout_seconds, wait_seconds=SIGNING_KEY_WAIT_SECONDS
    )

    async def lifecycle(_app: web.Application) -> AsyncIterator[None]:
        if settings.auth_enabled:  # fetch the keys before the first request needs them
            signing_keys.for_url(channel_metadata_url()).refresh_in_background()
        if run_dispatcher:
            services.dispatcher.start()
            services.outbox.start()
        yield
        signing_keys.stop()
        await services.dispatcher.stop()
        await services.outbox.stop()
        await services.messages.drain()
        await services.connector.close()
        await services.outbound.close()
        services.database.dispose()

    app.cleanup_ctx.append(lifecycle)
    return app
