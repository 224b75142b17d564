from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime

import pytest

from bot.config import (
    ALL_INTERFACES,
    DEFAULT_DATABASE_URL,
    LOOPBACK,
    SettingsError,
    settings_from,
)

APP_ID = "0b0b0b0b-1111-4222-8333-444444444444"
TENANT = "8b6f4c3e-5d2a-4f1b-9c7e-2a1d3b4c5e6f"


def test_no_configuration_means_local_defaults_with_auth_off():
    settings = settings_from({})

    assert settings.port == 3978
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.timezone == "Europe/Copenhagen" and settings.default_locale == "da-DK"
    assert settings.app_type == "SingleTenant" and not settings.auth_enabled


def test_a_single_tenant_registration_is_read_completely():
    settings = settings_from(
        {
            "MicrosoftAppId": APP_ID,
            "MicrosoftAppPassword": "pw",
            "MicrosoftAppTenantId": TENANT,
            "ALLOWED_TENANTS": f"{TENANT.upper()}, ",
            "DATABASE_URL": "postgresql://u:secret@db/ki",
        }
    )

    assert settings.auth_enabled and settings.allowed_tenants == frozenset({TENANT})
    assert settings.database_url == "postgresql+psycopg://u:secret@db/ki"
    assert "secret" not in settings.safe_database_url() and "secret" not in repr(settings)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"PORT": "eighty"}, "PORT"),
        ({"PORT": "70000"}, "PORT"),
        ({"TIMEZONE": "Mars/Olympus"}, "TIMEZONE"),
        ({"DEFAULT_LOCALE": "danish"}, "DEFAULT_LOCALE"),
        ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL"),
        ({"MicrosoftAppType": "Sometimes"}, "MicrosoftAppType"),
        ({"MicrosoftAppId": "not-a-guid", "MicrosoftAppPassword": "pw"}, "MicrosoftAppId"),
        ({"MicrosoftAppId": APP_ID}, "MicrosoftAppPassword"),
        ({"MicrosoftAppId": APP_ID, "MicrosoftAppPassword": "pw"}, "MicrosoftAppTenantId"),
        ({"ALLOWED_TENANTS": "contoso"}, "ALLOWED_TENANTS"),
        ({"SCREENING_POLICY": "mars"}, "SCREENING_POLICY"),
        ({"LINK_SECRET": "too-short"}, "LINK_SECRET"),
        ({"LINK_SECRET": "x" * 40}, "LINK_SECRET"),
        ({"PUBLIC_URL": "http://ki-bot.example.dk"}, "PUBLIC_URL"),
        ({"PUBLIC_URL": "ki-bot.example.dk"}, "PUBLIC_URL"),
        ({"PUBLIC_URL": "https://ki-bot.example.dk/?x=1"}, "PUBLIC_URL"),
    ],
)
def test_an_invalid_value_names_the_setting(env: dict[str, str], message: str):
    with pytest.raises(SettingsError, match=message):
        settings_from(env)


def test_the_link_secret_is_read_but_never_shown():
    secret = "Zq3-9vYk_T1sWm8bR2xLc7NpE4hJd6Ga"

    settings = settings_from({"LINK_SECRET": secret})

    assert settings.link_secret == secret and secret not in repr(settings)
    assert settings_from({}).link_secret == ""


def test_the_link_secret_rule_matches_what_the_signer_needs():
    from bot.config import MIN_LINK_SECRET_BYTES
    from domain.meetings.links import MIN_SECRET_BYTES

    assert MIN_LINK_SECRET_BYTES == MIN_SECRET_BYTES


def test_the_command_stops_with_one_clear_line_and_no_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "bot", "db", "upgrade"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PORT": "eighty", "PATH": ""},
        timeout=60,
    )

    assert result.returncode == 2
    assert result.stderr.strip().startswith("ki-bot: configuration error: PORT")
    assert "Traceback" not in result.stderr


def test_working_hours_and_closed_days_are_read_and_shape_the_calendar():
    from datetime import date

    settings = settings_from(
        {"WORKING_HOURS": "mon-thu 08:00-15:00", "CLOSED_DAYS": "06-05,2026-12-28"}
    )
    calendar = settings.calendar()

    assert not calendar.is_working_day(date(2026, 11, 27))  # a Friday
    assert not calendar.is_working_day(date(2026, 12, 28))
    assert calendar.is_working_day(date(2026, 12, 29))


@pytest.mark.parametrize(
    ("name", "value"), [("WORKING_HOURS", "every day 9-5"), ("CLOSED_DAYS", "2026-13-40")]
)
def test_a_malformed_calendar_setting_stops_start_up_with_its_name(name: str, value: str):
    with pytest.raises(SettingsError, match=name):
        settings_from({name: value})


def test_without_credentials_the_bot_listens_on_loopback_unless_host_is_set():
    assert LOOPBACK == "127.0.0.1"
    assert settings_from({}).host == LOOPBACK
    assert settings_from({"HOST": ALL_INTERFACES}).host == ALL_INTERFACES


def test_with_credentials_the_bot_listens_on_all_interfaces_for_teams():
    credentials = {
        "MicrosoftAppId": APP_ID,
        "MicrosoftAppPassword": "secret",
        "MicrosoftAppTenantId": "8b6f4c3e-5d2a-4f1b-9c7e-2a1d3b4c5e6f",
    }

    assert settings_from(credentials).host == ALL_INTERFACES
    assert settings_from({**credentials, "HOST": "10.0.0.5"}).host == "10.0.0.5"


def test_the_sparring_reminder_waits_four_working_hours_unless_set():
    assert settings_from({}).sparring_reminder_hours == 4.0
    assert settings_from({"SPARRING_REMINDER_HOURS": "2.5"}).sparring_reminder_hours == 2.5


@pytest.mark.parametrize("bad", ["0", "-1", "fire", "81"])
def test_a_sparring_reminder_time_that_is_not_a_sensible_number_of_hours_is_refused(bad: str):
    with pytest.raises(SettingsError, match="SPARRING_REMINDER_HOURS"):
        settings_from({"SPARRING_REMINDER_HOURS": bad})


def test_the_public_url_is_kept_without_a_trailing_slash_and_names_the_invitation_domain():
    settings = settings_from({"PUBLIC_URL": "https://KI-bot.example.dk/"})

    assert settings.public_url == "https://KI-bot.example.dk"
    assert settings.public_host == "ki-bot.example.dk"
    assert settings_from({"PUBLIC_URL": "http://localhost:3978"}).public_url
    assert settings_from({}).public_url == ""


GRAPH_APP = "1c1c1c1c-2222-4333-8444-555555555555"
REGION = "aaaaaaaa-1111-4111-8111-111111111111"
MUNICIPALITY = "bbbbbbbb-2222-4222-8222-222222222222"
GRAPH = {
    "GRAPH_CLIENT_ID": GRAPH_APP,
    "GRAPH_CLIENT_SECRET": "graph-secret-value",
    "GRAPH_TENANTS": f"{REGION}, {MUNICIPALITY.upper()}",
}


def test_without_graph_settings_real_calendars_are_off():
    assert settings_from({}).graph is None


def test_graph_settings_are_read_with_microsoft_defaults():
    graph = settings_from(GRAPH).graph

    assert graph is not None
    assert graph.client_id == GRAPH_APP and graph.tenants == frozenset({REGION, MUNICIPALITY})
    assert graph.base_url == "https://graph.microsoft.com/v1.0"
    assert graph.authority_url == "https://login.microsoftonline.com"
    assert "graph-secret-value" not in repr(settings_from(GRAPH))


def test_graph_may_point_at_plain_http_on_this_machine_only():
    local = settings_from(
        GRAPH
        | {
            "GRAPH_BASE_URL": "http://127.0.0.1:8123/v1.0/",
            "GRAPH_AUTHORITY_URL": "http://localhost:8123",
        }
    ).graph
    assert local is not None
    assert local.base_url == "http://127.0.0.1:8123/v1.0"
    assert local.authority_url == "http://localhost:8123"
    ipv6 = settings_from(GRAPH | {"GRAPH_BASE_URL": "http://[::1]:9/v1.0"}).graph
    assert ipv6 is not None and ipv6.base_url == "http://[::1]:9/v1.0"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"GRAPH_BASE_URL": "http://graph.example.dk/v1.0"}, "GRAPH_BASE_URL"),
        ({"GRAPH_AUTHORITY_URL": "http://login.example.dk"}, "GRAPH_AUTHORITY_URL"),
        ({"GRAPH_BASE_URL": "http://127.0.0.1.example.dk/v1.0"}, "GRAPH_BASE_URL"),
        ({"GRAPH_BASE_URL": "ftp://graph.example.dk"}, "GRAPH_BASE_URL"),
        ({"GRAPH_BASE_URL": "https://graph.example.dk/v1.0?x=1"}, "GRAPH_BASE_URL"),
        ({"GRAPH_AUTHORITY_URL": "https://user:pw@login.example.dk"}, "GRAPH_AUTHORITY_URL"),
        ({"GRAPH_CLIENT_ID": "graph-app"}, "GRAPH_CLIENT_ID"),
        ({"GRAPH_TENANTS": "region.onmicrosoft.com"}, "GRAPH_TENANTS"),
    ],
)
def test_invalid_graph_settings_fail_start_up_naming_the_setting(extra, message):
    with pytest.raises(SettingsError, match=message):
        settings_from(GRAPH | extra)


@pytest.mark.parametrize("missing", ["GRAPH_CLIENT_ID", "GRAPH_CLIENT_SECRET", "GRAPH_TENANTS"])
def test_graph_settings_come_all_together_or_not_at_all(missing):
    partial = {k: v for k, v in GRAPH.items() if k != missing}

    with pytest.raises(
        SettingsError, match=f"GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET and GRAPH_TENANTS.*{missing}"
    ):
        settings_from(partial)


def test_the_test_clock_is_off_unless_asked_for_and_starts_where_told():
    assert not settings_from({}).test_clock
    on = settings_from({"TEST_CLOCK": "1", "TEST_CLOCK_START": "2026-03-02T09:00:00+01:00"})

    assert on.test_clock and on.host == LOOPBACK
    assert on.test_clock_start == datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    assert settings_from({"TEST_CLOCK": "1", "HOST": "::1"}).test_clock_start is None
    assert settings_from({"TEST_CLOCK": "1", "HOST": "localhost"}).test_clock


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {
                "TEST_CLOCK": "1",
                "MicrosoftAppId": APP_ID,
                "MicrosoftAppPassword": "pw",
                "MicrosoftAppTenantId": TENANT,
                "HOST": "127.0.0.1",
            },
            "TEST_CLOCK=1 refuses to run with MicrosoftAppId set",
        ),
        ({"TEST_CLOCK": "1", "HOST": ALL_INTERFACES}, "TEST_CLOCK=1 needs HOST to be a loopback"),
        ({"TEST_CLOCK": "1", "HOST": "ki-bot.example.dk"}, "loopback"),
        ({"TEST_CLOCK": "yes"}, "TEST_CLOCK must be 1"),
        ({"TEST_CLOCK_START": "2026-03-02T09:00:00+01:00"}, "TEST_CLOCK is not 1"),
        ({"TEST_CLOCK": "1", "TEST_CLOCK_START": "2026-03-02T09:00"}, "with an offset"),
        ({"TEST_CLOCK": "1", "TEST_CLOCK_START": "monday"}, "TEST_CLOCK_START"),
    ],
)
def test_a_test_clock_where_teams_could_reach_it_or_without_a_clear_start_is_refused(
    env: dict[str, str], message: str
):
    with pytest.raises(SettingsError, match=message):
        settings_from(env)


def test_retention_is_ninety_days_and_the_audit_log_five_years_with_initials_on_unless_set():
    default = settings_from({})
    chosen = settings_from(
        {"RETENTION_DAYS": "30", "AUDIT_RETENTION_DAYS": "3650", "CASE_INITIALS": "off"}
    )

    assert (default.retention_days, default.audit_retention_days) == (90, 1826)
    assert default.case_initials is True
    assert (chosen.retention_days, chosen.audit_retention_days) == (30, 3650)
    assert chosen.case_initials is False


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("RETENTION_DAYS", "0"),
        ("RETENTION_DAYS", "90 days"),
        ("AUDIT_RETENTION_DAYS", "-1"),
        ("CASE_INITIALS", "maybe"),
    ],
)
def test_a_privacy_setting_that_makes_no_sense_stops_start_up_with_its_name(name: str, value: str):
    with pytest.raises(SettingsError, match=name):
        settings_from({name: value})
