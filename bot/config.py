"""Settings from the environment and an optional .env file; invalid values fail start-up clearly."""

from __future__ import annotations

import ipaddress
import os
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import dotenv_values

from domain.calendar import WorkingCalendar
from domain.screening import DEFAULT_POLICY, available_policies

from .service_urls import BadServiceUrl, service_url_prefix

APP_TYPES = ("SingleTenant", "MultiTenant", "UserAssignedMSI")
DEFAULT_DATABASE_URL = "sqlite:///data/ki-bot.sqlite3"
# As domain.meetings.links.MIN_SECRET_BYTES (a test keeps them equal); not imported, because
# that package loads icalendar, which start-up does not need.
MIN_LINK_SECRET_BYTES = 32
DEFAULT_RETENTION_DAYS = 90
DEFAULT_AUDIT_RETENTION_DAYS = 1826  # five years
LOOPBACK = "127.0.0.1"
DEFAULT_GRAPH_BASE_URL = "https://graph.microsoft.com/v1.0"
DEFAULT_GRAPH_AUTHORITY_URL = "https://login.microsoftonline.com"
GRAPH_TRIO = ("GRAPH_CLIENT_ID", "GRAPH_CLIENT_SECRET", "GRAPH_TENANTS")
ALL_INTERFACES = "0.0.0.0"  # noqa: S104 - a bot with credentials serves Teams from outside


class SettingsError(ValueError):
    """A configuration value is missing or invalid; the message says which and why."""


@dataclass(frozen=True)
class GraphSettings:
    """Real calendars (Microsoft Graph): a multi-tenant Entra app with admin consent in each of
    ``tenants``; the URLs point at Microsoft, or at a fake on loopback in tests."""

    client_id: str
    client_secret: str = field(repr=False)
    tenants: frozenset[str]
    base_url: str = DEFAULT_GRAPH_BASE_URL
    authority_url: str = DEFAULT_GRAPH_AUTHORITY_URL


@dataclass(frozen=True)
class Settings:
    app_id: str = ""
    app_password: str = field(default="", repr=False)
    app_tenant_id: str = ""
    app_type: str = "SingleTenant"
    database_url: str = field(default=DEFAULT_DATABASE_URL, repr=False)
    host: str = LOOPBACK
    port: int = 3978
    timezone: str = "Europe/Copenhagen"
    default_locale: str = "da-DK"
    allowed_tenants: frozenset[str] = frozenset()
    allowed_service_urls: tuple[str, ...] = ()  # prefixes or "*"; see bot/service_urls.py
    screening_policy: str = DEFAULT_POLICY
    max_body_bytes: int = 256 * 1024
    ack_after_seconds: float = 8.0
    working_hours: str | None = None  # None: Monday-Friday 08:00-16:00
    closed_days: str | None = None  # None: 5 June, 24 and 31 December
    sparring_reminder_hours: float = 4.0  # working hours before an unclaimed request is reminded
    retention_days: int = DEFAULT_RETENTION_DAYS  # then closed cases etc. are deleted
    audit_retention_days: int = DEFAULT_AUDIT_RETENTION_DAYS  # then audit entries are deleted
    case_initials: bool = True  # CASE_INITIALS=off: cases are opened without initials

    def calendar(self) -> WorkingCalendar:
        """The working-day calendar automatic messages and deadlines follow."""
        return WorkingCalendar.from_settings(
            time_zone=self.timezone, working_hours=self.working_hours, closed_days=self.closed_days
        )

    link_secret: str = field(default="", repr=False)
    auth_timeout_seconds: float = 1.0
    connector_timeout_seconds: float = 10.0
    connector_retries: int = 2
    typing_delay_seconds: float = 1.0
    typing_period_seconds: float = 2.0
    public_url: str = ""  # where people's browsers reach the bot, e.g. https://ki-bot.example.dk
    graph: GraphSettings | None = None  # None: no real calendars, polls use .ics links only
    test_clock: bool = False  # TEST_CLOCK=1: time moves only by POST /test/clock
    test_clock_start: datetime | None = None  # the test clock's first moment; None: now

    @property
    def public_host(self) -> str:
        """The host name of PUBLIC_URL (the domain of meeting invitations' UIDs)."""
        return urlsplit(self.public_url).hostname or "ki-bot.invalid"

    @property
    def auth_enabled(self) -> bool:
        return bool(self.app_id)

    def safe_database_url(self) -> str:
        """The database URL without its password, for logs."""
        return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", self.database_url)


def _is_guid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _port(raw: str) -> int:
    if not raw.isdigit() or not 1 <= int(raw) <= 65535:
        raise SettingsError(f"PORT must be a number from 1 to 65535, got {raw!r}")
    return int(raw)


def _timezone(raw: str) -> str:
    try:
        ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(
            f"TIMEZONE {raw!r} is not a known time zone (e.g. Europe/Copenhagen)"
        ) from None
    return raw


def _locale(raw: str) -> str:
    if not re.fullmatch(r"[a-z]{2}(-[A-Z]{2})?", raw):
        raise SettingsError(f"DEFAULT_LOCALE must look like da-DK or en-US, got {raw!r}")
    return raw


def _database_url(raw: str) -> str:
    if not raw.startswith(("sqlite://", "postgresql://", "postgresql+psycopg://")):
        raise SettingsError(
            "DATABASE_URL must start with sqlite:// or postgresql:// "
            f"(e.g. {DEFAULT_DATABASE_URL}), got {raw.split(':', 1)[0]!r}"
        )
    return raw.replace("postgresql://", "postgresql+psycopg://", 1)


def _policy(raw: str) -> str:
    names = available_policies()
    if raw not in names:
        raise SettingsError(f"SCREENING_POLICY must be one of {', '.join(names)}, got {raw!r}")
    return raw


def _link_secret(raw: str) -> str:
    """The HMAC key for signed "add to calendar" links; empty means none are issued."""
    if raw and (len(raw.encode()) < MIN_LINK_SECRET_BYTES or len(set(raw)) < 8):
        raise SettingsError(
            f"LINK_SECRET must be at least {MIN_LINK_SECRET_BYTES} random characters "
            "(e.g. from `python -c 'import secrets; print(secrets.token_urlsafe(32))'`)"
        )
    return raw


def _public_url(raw: str) -> str:
    """The bot's address for browsers ("add to calendar" links); https except on loopback."""
    if not raw:
        return ""
    parts = urlsplit(raw)
    local = parts.hostname in ("localhost", "127.0.0.1")
    if (
        parts.scheme not in ("https", "http")
        or (parts.scheme == "http" and not local)
        or not parts.hostname
        or parts.query
        or parts.fragment
    ):
        raise SettingsError(
            f"PUBLIC_URL must be the bot's https address, e.g. https://ki-bot.example.dk, got {raw!r}"
        )
    return raw.rstrip("/")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _service_base(name: str, raw: str) -> str:
    """An https base URL (http only on this machine, for a fake in tests), without a trailing
    slash, query, fragment or user info."""
    parts = urlsplit(raw)
    try:
        host = parts.hostname
        parts.port  # noqa: B018 - raises for a port that is not a number
    except ValueError:
        host = None
    if (
        not host
        or parts.scheme not in ("https", "http")
        or (parts.scheme == "http" and not _is_loopback(host))
        or parts.query
        or parts.fragment
        or parts.username is not None
    ):
        raise SettingsError(
            f"{name} must be an https:// URL (http:// only for localhost or 127.0.0.1), "
            f"without query or user info, got {raw!r}"
        )
    return raw.rstrip("/")


def _graph(env: Mapping[str, str]) -> GraphSettings | None:
    """All three of GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET and GRAPH_TENANTS, or none of them."""
    values = {name: env.get(name, "").strip() for name in GRAPH_TRIO}
    base_url = _service_base(
        "GRAPH_BASE_URL", env.get("GRAPH_BASE_URL", "").strip() or DEFAULT_GRAPH_BASE_URL
    )
    authority_url = _service_base(
        "GRAPH_AUTHORITY_URL",
        env.get("GRAPH_AUTHORITY_URL", "").strip() or DEFAULT_GRAPH_AUTHORITY_URL,
    )
    missing = [name for name, value in values.items() if not value]
    if len(missing) == len(GRAPH_TRIO):
        return None
    if missing:
        raise SettingsError(
            "GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET and GRAPH_TENANTS go together: set all three "
            f"for real calendars, or none; missing: {', '.join(missing)}"
        )
    if not _is_guid(values["GRAPH_CLIENT_ID"]):
        raise SettingsError("GRAPH_CLIENT_ID must be the Entra app's application (client) GUID")
    return GraphSettings(
        client_id=values["GRAPH_CLIENT_ID"].lower(),
        client_secret=values["GRAPH_CLIENT_SECRET"],
        tenants=_tenants(values["GRAPH_TENANTS"], "GRAPH_TENANTS"),
        base_url=base_url,
        authority_url=authority_url,
    )


def _credentials(env: Mapping[str, str]) -> tuple[str, str, str, str]:
    app_id = env.get("MicrosoftAppId", "").strip()
    password = env.get("MicrosoftAppPassword", "").strip()
    tenant = env.get("MicrosoftAppTenantId", "").strip()
    app_type = env.get("MicrosoftAppType", "").strip() or "SingleTenant"
    if app_type not in APP_TYPES:
        raise SettingsError(
            f"MicrosoftAppType must be one of {', '.join(APP_TYPES)}, got {app_type!r}"
        )
    if not app_id:
        return "", "", "", app_type
    if not _is_guid(app_id):
        raise SettingsError("MicrosoftAppId must be the bot registration's GUID")
    if app_type != "UserAssignedMSI" and not password:
        raise SettingsError("MicrosoftAppPassword is required when MicrosoftAppId is set")
    if app_type in ("SingleTenant", "UserAssignedMSI") and not _is_guid(tenant):
        raise SettingsError(f"MicrosoftAppTenantId must be the tenant GUID for a {app_type} bot")
    return app_id, password, tenant, app_type


def _tenants(raw: str, name: str = "ALLOWED_TENANTS") -> frozenset[str]:
    tenants = frozenset(part.strip().lower() for part in raw.split(",") if part.strip())
    bad = sorted(t for t in tenants if not _is_guid(t))
    if bad:
        raise SettingsError(f"{name} must be tenant GUIDs separated by commas, not {bad[0]!r}")
    return tenants


def _reminder_hours(raw: str) -> float:
    """Working hours before an unclaimed sparring request is reminded about (default 4)."""
    if not raw:
        return 4.0
    try:
        hours = float(raw)
    except ValueError:
        hours = -1.0
    if not 0 < hours <= 80:
        raise SettingsError(
            f"SPARRING_REMINDER_HOURS must be a number of working hours above 0 and at most 80, "
            f"got {raw!r}"
        )
    return hours


def _days(env: Mapping[str, str], name: str, default: int, maximum: int) -> int:
    """A whole number of days from 1 to ``maximum``; unset keeps the default."""
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= maximum:
        raise SettingsError(
            f"{name} must be a whole number of days from 1 to {maximum}, got {raw!r}"
        )
    return int(raw)


def _on_off(env: Mapping[str, str], name: str, *, default: bool) -> bool:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in ("on", "true", "yes", "1"):
        return True
    if raw in ("off", "false", "no", "0"):
        return False
    raise SettingsError(f"{name} must be on or off, got {raw!r}")


def _calendar_setting(env: Mapping[str, str], name: str) -> str | None:
    """A calendar setting as written (checked when settings load); unset keeps the default."""
    raw = env.get(name)
    return raw.strip() if raw is not None and raw.strip() else None


def _check_calendar(settings: Settings) -> Settings:
    try:
        settings.calendar()
    except ValueError as error:
        raise SettingsError(str(error)) from None
    return settings


def _service_urls(raw: str) -> tuple[str, ...]:
    prefixes = []
    for part in (part.strip() for part in raw.split(",")):
        if not part:
            continue
        try:
            prefixes.append(service_url_prefix(part))
        except BadServiceUrl:
            raise SettingsError(
                "ALLOWED_SERVICE_URLS must be * or http(s) URLs without user info separated by "
                f"commas (e.g. https://smba.trafficmanager.net/), not {part[:60]!r}"
            ) from None
    return tuple(prefixes)


def _test_clock(env: Mapping[str, str], app_id: str, host: str) -> tuple[bool, datetime | None]:
    """TEST_CLOCK=1 and TEST_CLOCK_START; a test clock never runs where Teams could reach it."""
    raw = env.get("TEST_CLOCK", "").strip()
    start_raw = env.get("TEST_CLOCK_START", "").strip()
    if raw not in ("", "0", "1"):
        raise SettingsError(f"TEST_CLOCK must be 1 (on) or 0 (off), got {raw[:20]!r}")
    if raw != "1":
        if start_raw:
            raise SettingsError("TEST_CLOCK_START is set but TEST_CLOCK is not 1")
        return False, None
    if app_id:
        raise SettingsError(
            "TEST_CLOCK=1 refuses to run with MicrosoftAppId set: a test clock never runs in production"
        )
    if not _is_loopback(host):
        raise SettingsError(
            f"TEST_CLOCK=1 needs HOST to be a loopback address (127.0.0.1, ::1 or localhost), "
            f"got {host[:60]!r}: a test clock never runs in production"
        )
    if not start_raw:
        return True, None
    try:
        start = datetime.fromisoformat(start_raw)
    except ValueError:
        start = None
    if start is None or start.tzinfo is None:
        raise SettingsError(
            "TEST_CLOCK_START must be an ISO 8601 time with an offset, "
            f"e.g. 2026-03-02T09:00:00+01:00, got {start_raw[:40]!r}"
        )
    return True, start


def settings_from(env: Mapping[str, str]) -> Settings:
    """Build settings from a mapping of environment variables; raise SettingsError if invalid."""
    app_id, password, tenant, app_type = _credentials(env)
    # Without credentials anyone could drive the bot: only this machine may, unless HOST says.
    host = env.get("HOST", "").strip() or (ALL_INTERFACES if app_id else LOOPBACK)
    test_clock, test_clock_start = _test_clock(env, app_id, host)
    settings = Settings(
        app_id=app_id,
        app_password=password,
        app_tenant_id=tenant,
        app_type=app_type,
        database_url=_database_url(env.get("DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL),
        host=host,
        port=_port(env.get("PORT", "").strip() or "3978"),
        timezone=_timezone(env.get("TIMEZONE", "").strip() or "Europe/Copenhagen"),
        default_locale=_locale(env.get("DEFAULT_LOCALE", "").strip() or "da-DK"),
        allowed_tenants=_tenants(env.get("ALLOWED_TENANTS", "")),
        allowed_service_urls=_service_urls(env.get("ALLOWED_SERVICE_URLS", "")),
        screening_policy=_policy(env.get("SCREENING_POLICY", "").strip() or DEFAULT_POLICY),
        working_hours=_calendar_setting(env, "WORKING_HOURS"),
        closed_days=_calendar_setting(env, "CLOSED_DAYS"),
        link_secret=_link_secret(env.get("LINK_SECRET", "").strip()),
        sparring_reminder_hours=_reminder_hours(env.get("SPARRING_REMINDER_HOURS", "").strip()),
        public_url=_public_url(env.get("PUBLIC_URL", "").strip()),
        graph=_graph(env),
        test_clock=test_clock,
        test_clock_start=test_clock_start,
        retention_days=_days(env, "RETENTION_DAYS", DEFAULT_RETENTION_DAYS, 3650),
        audit_retention_days=_days(
            env, "AUDIT_RETENTION_DAYS", DEFAULT_AUDIT_RETENTION_DAYS, 36500
        ),
        case_initials=_on_off(env, "CASE_INITIALS", default=True),
    )
    return _check_calendar(settings)


def load_environment(env_file: Path | None = Path(".env")) -> dict[str, str]:
    """The process environment, with values from ``env_file`` filling the gaps."""
    values: dict[str, str] = {}
    if env_file is not None and env_file.is_file():
        values.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    values.update(os.environ)
    return values


def load_settings(env_file: Path | None = Path(".env")) -> Settings:
    """Settings from the process environment, with values from ``env_file`` filling the gaps."""
    return settings_from(load_environment(env_file))
