"""Which Bot Connector ``serviceUrl`` an incoming activity may name, so replies go only there.

Without credentials nothing proves who sent a request, so by default only loopback connectors
(Agents Playground, Bot Framework Emulator) are accepted. With credentials the SDK checks the
URL against the token's ``serviceurl`` claim, so any http(s) URL may pass here. In both modes
``ALLOWED_SERVICE_URLS`` (prefixes, or ``*``) can widen or, with credentials, narrow the list.
"""

from __future__ import annotations

import ipaddress
from typing import Final
from urllib.parse import SplitResult, urlsplit

MAX_SERVICE_URL_LENGTH: Final = 400  # conversation_references.service_url
ANY: Final = "*"


class BadServiceUrl(ValueError):
    """Not an absolute http(s) URL with a host and without user info."""


def parse_service_url(url: str) -> SplitResult:
    if len(url) > MAX_SERVICE_URL_LENGTH or not url.isascii() or not url.isprintable():
        raise BadServiceUrl("serviceUrl is too long or has characters a URL cannot have")
    if any(character.isspace() or character in "\\" for character in url):
        raise BadServiceUrl("serviceUrl has characters a URL cannot have")
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises for a port that is not a number in range
    except ValueError:
        raise BadServiceUrl("serviceUrl is not a URL") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise BadServiceUrl("serviceUrl is not an http(s) URL")
    if "@" in parts.netloc:
        raise BadServiceUrl("serviceUrl must not carry user info")
    return parts


def is_loopback(parts: SplitResult) -> bool:
    host = (parts.hostname or "").rstrip(".")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback  # dotted quads and IPv6 only, no 2130706433
    except ValueError:
        return False


def service_url_prefix(raw: str) -> str:
    """One ``ALLOWED_SERVICE_URLS`` entry: ``*``, or an http(s) URL that is used as a prefix."""
    if raw == ANY:
        return raw
    parse_service_url(raw)
    return raw.rstrip("/") + "/"


class ServiceUrlPolicy:
    def __init__(self, *, authenticated: bool, allowed: tuple[str, ...]) -> None:
        self._authenticated = authenticated
        self._any = ANY in allowed
        self._prefixes = tuple(prefix.lower() for prefix in allowed if prefix != ANY)

    def allows(self, url: str) -> bool:
        """True if replies may go to ``url``; raises BadServiceUrl if it is no usable URL."""
        parts = parse_service_url(url)
        if self._any or (url.lower().rstrip("/") + "/").startswith(self._prefixes):
            return True
        if self._authenticated:
            return not self._prefixes  # the SDK compares it with the token's claim
        return is_loopback(parts)
