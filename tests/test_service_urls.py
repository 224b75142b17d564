from __future__ import annotations

import pytest

from bot.config import SettingsError, settings_from
from bot.service_urls import BadServiceUrl, ServiceUrlPolicy

LOCAL = ServiceUrlPolicy(authenticated=False, allowed=())
TEAMS = ServiceUrlPolicy(authenticated=True, allowed=())


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:3978/",
        "http://LOCALHOST/",
        "http://127.0.0.1/",
        "http://127.8.9.10:1/",
        "http://[::1]:56000/",
        "https://localhost./",
    ],
)
def test_loopback_connectors_are_allowed_without_credentials(url: str):
    assert LOCAL.allows(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://2130706433/",
        "http://0177.0.0.1/",
        "http://127.1/",
        "http://localhost.evil.org/",
        "https://smba.trafficmanager.net/emea/",
        "http://[::ffff:7f00:1]/",
        "http://0.0.0.0/",
    ],
)
def test_anything_else_is_refused_without_credentials(url: str):
    assert not LOCAL.allows(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://alice:pw@127.0.0.1/",
        "http://@127.0.0.1/",
        "file:///etc/passwd",
        "http:///x",
        "http://127.0.0.1:0x50/",
        "http://127.0.0.1/\t",
        "https://smba.trafficmanager.net/\u00e6/",
    ],
)
def test_a_url_that_is_no_usable_http_url_is_bad_in_every_mode(url: str):
    with pytest.raises(BadServiceUrl):
        TEAMS.allows(url)


def test_with_credentials_real_teams_urls_pass_and_a_configured_list_narrows_them():
    narrowed = ServiceUrlPolicy(authenticated=True, allowed=("https://smba.trafficmanager.net/",))

    assert TEAMS.allows("https://smba.trafficmanager.net/emea/")
    assert TEAMS.allows("https://smba.infra.gcc.teams.microsoft.com/")
    assert narrowed.allows("https://smba.trafficmanager.net/emea/")
    assert not narrowed.allows("https://smba.trafficmanager.net.evil.org/emea/")


def test_the_setting_takes_prefixes_or_a_star_and_rejects_urls_with_credentials():
    settings = settings_from({"ALLOWED_SERVICE_URLS": "https://smba.trafficmanager.net, *"})

    assert settings.allowed_service_urls == ("https://smba.trafficmanager.net/", "*")
    with pytest.raises(SettingsError, match="ALLOWED_SERVICE_URLS"):
        settings_from({"ALLOWED_SERVICE_URLS": "http://user:pw@host/"})
