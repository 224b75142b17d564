"""The Bot Framework adapter: authentication from settings, and what happens when a turn fails."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication

from .config import Settings
from .outbound import OutboundAuthentication, OutboundHttp

log = logging.getLogger(__name__)

Apology = Callable[[TurnContext, str], Awaitable[None]]


@dataclass(frozen=True)
class _AuthConfiguration:
    """The attribute names ConfigurationBotFrameworkAuthentication reads."""

    APP_ID: str
    APP_PASSWORD: str
    APP_TYPE: str
    APP_TENANTID: str


def create_adapter(settings: Settings, outbound: OutboundHttp) -> CloudAdapter:
    """The adapter; every connector client it creates sends through ``outbound``."""
    configuration = _AuthConfiguration(
        APP_ID=settings.app_id,
        APP_PASSWORD=settings.app_password,
        # Without an app id the SDK only allows anonymous (local tools) through its MultiTenant path.
        APP_TYPE=settings.app_type if settings.auth_enabled else "MultiTenant",
        APP_TENANTID=settings.app_tenant_id,
    )
    inner = ConfigurationBotFrameworkAuthentication(configuration)
    return CloudAdapter(OutboundAuthentication(inner, outbound))


def new_correlation_id() -> str:
    return uuid.uuid4().hex[:12]


def install_error_handler(adapter: CloudAdapter, apologise: Apology) -> None:
    """Log the failure with a correlation id and tell the user that id."""

    async def on_turn_error(turn_context: TurnContext, error: Exception) -> None:
        correlation_id = new_correlation_id()
        log.exception("turn failed [%s]", correlation_id, exc_info=error)
        try:
            await apologise(turn_context, correlation_id)
        except Exception:
            log.exception("could not send the apology for [%s]", correlation_id)

    adapter.on_turn_error = on_turn_error
