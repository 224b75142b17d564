"""The composition root: builds every part once, from settings, when the app starts."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from aiohttp import web
from botbuilder.core import PrivateConversationState, ShowTypingMiddleware
from botbuilder.integration.aiohttp import CloudAdapter

from cards.digest import digest_card
from cards.texts import Texts
from dialogs.actions import ActionRouter
from dialogs.course import CourseActions, CourseContext, CourseLists
from dialogs.directory import DirectoryActions
from dialogs.host import DialogHost
from dialogs.language import LanguageChoice
from dialogs.onboarding import Onboarding
from dialogs.replies import Replies
from dialogs.screening import ScreeningActions, ScreeningDialog
from dialogs.screening.flow import Screener
from domain.clock import Clock, SystemClock
from domain.messaging import Content
from domain.screening import load_policy
from storage.bot_state import SqlStorage
from storage.db import Database
from storage.migrate import upgrade
from storage.screenings import Cases, Screenings
from storage.turns import ConversationReferences, TurnRecorder
from storage.unit_of_work import UnitsOfWork

from .adapter import create_adapter, install_error_handler
from .config import Settings
from .connector import HttpConnector, TokenProvider, bot_framework_token, no_token
from .dispatcher import Dispatcher, Job
from .handler import KiBot
from .http import MessagesEndpoint, health_routes
from .installations import InstallationTracker
from .messenger import Messenger
from .middleware import RecordTurnMiddleware, RedactCprMiddleware
from .outbox_dispatcher import DeliveryReport, OutboxDispatcher
from .proactive import Proactive

log = logging.getLogger(__name__)

KEEP_DELIVERY_IDS = timedelta(days=2)


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


def build_services(settings: Settings, clock: Clock) -> Services:
    database = Database(settings.database_url)
    connector = HttpConnector(_token_provider(settings))
    messenger = Messenger(database, connector, clock)
    outbox = OutboxDispatcher(database, messenger, clock, digest=_digest)
    units = UnitsOfWork(database, clock, on_queued=outbox.wake)
    installations = InstallationTracker(database, connector, clock)
    storage = SqlStorage(database, clock)
    dialog_state = PrivateConversationState(storage)
    replies = Replies(settings.default_locale)
    router = ActionRouter()

    screenings = Screenings(database)
    screener = Screener(load_policy(settings.screening_policy), screenings, clock)
    dialogs = DialogHost(dialog_state, [ScreeningDialog(screener, replies)])
    course_context = CourseContext(
        units, replies, clock, settings.calendar(), ZoneInfo(settings.timezone)
    )
    courses = CourseActions(course_context)
    courses.register(router)
    course_lists = CourseLists(course_context)
    screening = ScreeningActions(
        dialogs, screenings, Cases(database), replies, clock, on_opened=courses.start
    )
    screening.register(router)

    directory = DirectoryActions(database, replies, clock, settings.timezone)
    directory.register(router)

    onboarding = Onboarding(
        replies,
        starters={
            "screening": screening.start,
            # Sparring goes to "the coordinators of your organisation": ask for it first.
            "sparring": directory.gate("sparring", None),
            "deadlines": lambda turn: course_lists.deadlines(turn, ""),
        },
    )
    onboarding.register(router)

    recorder = TurnRecorder(database, clock)
    language = LanguageChoice(replies, database, clock, on_chosen=recorder.remember_language)
    language.register(router)
    adapter = create_adapter(settings)
    adapter.use(
        RecordTurnMiddleware(recorder)
    )  # first: a re-delivery is dropped before anything else
    adapter.use(RedactCprMiddleware(replies))
    adapter.use(ShowTypingMiddleware(delay=1.0, period=2.0))
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
            "deadlines": course_lists.deadlines,
            "my_courses": course_lists.mine,
            "courses": course_lists.organisation,
        },
    )
    proactive = Proactive(adapter, settings.app_id, ConversationReferences(database), database)

    async def forget_old_deliveries(now: datetime) -> int:
        return await recorder.forget_deliveries_before(now - KEEP_DELIVERY_IDS)

    dispatcher = Dispatcher(
        clock,
        [
            Job("forget_old_deliveries", forget_old_deliveries),
            Job("course_weekly_overview", course_lists.weekly_overview),
        ],
    )
    messages = MessagesEndpoint(settings, adapter, bot)
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

    async def lifecycle(_app: web.Application) -> AsyncIterator[None]:
        if run_dispatcher:
            services.dispatcher.start()
            services.outbox.start()
        yield
        await services.dispatcher.stop()
        await services.outbox.stop()
        await services.messages.drain()
        await services.connector.close()
        services.database.dispose()

    app.cleanup_ctx.append(lifecycle)
    return app
