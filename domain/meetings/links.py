"""Signed, expiring links for "add to calendar".

A token names one version of one meeting (poll id + sequence) and when it stops working,
signed with HMAC-SHA256 under a secret from the settings. Anyone holding the link can fetch the
invitation until it expires; nobody can forge or alter one without the secret.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import UTC, datetime

MIN_SECRET_BYTES = 32
_PURPOSE = b"ki-bot/calendar-link/v1"
_POLL_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")


class InvalidLink(ValueError):
    """The token is malformed, altered or signed with another secret."""


class ExpiredLink(InvalidLink):
    """The token was genuine but its time is up."""


@dataclass(frozen=True)
class LinkPayload:
    poll_id: str
    sequence: int
    expires: datetime

    def __post_init__(self) -> None:
        if not _POLL_ID.fullmatch(self.poll_id):
            raise ValueError("a poll id is letters, digits, '.', '_' or '-'")
        if self.sequence < 0:
            raise ValueError("the sequence starts at 0")
        if self.expires.tzinfo is None or self.expires.utcoffset() is None:
            raise ValueError("the expiry must be timezone-aware")


def sign(payload: LinkPayload, secret: bytes) -> str:
    """A URL-safe token for the payload (the expiry is kept to the whole second)."""
    body = f"{payload.poll_id}:{payload.sequence}:{int(payload.expires.timestamp())}".encode()
    return f"{_encode(body)}.{_encode(_mac(body, secret))}"


def verify(token: str, now: datetime, secret: bytes) -> LinkPayload:
    """The payload of a genuine, unexpired token; raise InvalidLink or ExpiredLink otherwise."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    encoded_body, dot, encoded_mac = token.partition(".")
    if not dot:
        raise InvalidLink("the token has no signature")
    body, mac = _decode(encoded_body), _decode(encoded_mac)
    if not hmac.compare_digest(mac, _mac(body, secret)):
        raise InvalidLink("the token's signature does not match")
    payload = _payload(body)
    if now >= payload.expires:
        raise ExpiredLink("the link has expired")
    return payload


def _mac(body: bytes, secret: bytes) -> bytes:
    if len(secret) < MIN_SECRET_BYTES:
        raise ValueError(f"the link secret must be at least {MIN_SECRET_BYTES} bytes")
    return hmac.new(secret, _PURPOSE + b"\n" + body, hashlib.sha256).digest()


def _encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _decode(text: str) -> bytes:
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,512}", text):
        raise InvalidLink("the token is not URL-safe base64")
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise InvalidLink("the token is not URL-safe base64") from None
    if _encode(raw) != text:  # one token per payload: no variants in the unused trailing bits
        raise InvalidLink("the token is not canonical URL-safe base64")
    return raw


def _payload(body: bytes) -> LinkPayload:
    """Only reached for a correctly signed body, so a failure here means a bug or a key leak."""
    try:
        poll_id, sequence, expires = body.decode("ascii").rsplit(":", 2)
        return LinkPayload(poll_id, int(sequence), datetime.fromtimestamp(int(expires), UTC))
    except (UnicodeDecodeError, ValueError, OverflowError, OSError):
        raise InvalidLink("the token's contents are malformed") from None
