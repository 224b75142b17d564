"""Signed, expiring "add to calendar" links."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.meetings import ExpiredLink, InvalidLink, LinkPayload, sign, verify

SECRET = b"k" * 32
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
PAYLOAD = LinkPayload("3f2a9c", 2, NOW + timedelta(days=30))


def test_a_signed_link_verifies_to_its_payload():
    token = sign(PAYLOAD, SECRET)

    assert verify(token, NOW, SECRET) == PAYLOAD


def test_a_link_is_url_safe_and_names_no_secret():
    token = sign(PAYLOAD, SECRET)

    assert token.replace("-", "").replace("_", "").replace(".", "").isalnum()
    assert SECRET.decode() not in token


def test_a_link_works_until_its_expiry_and_not_from_then_on():
    token = sign(PAYLOAD, SECRET)

    assert verify(token, PAYLOAD.expires - timedelta(seconds=1), SECRET) == PAYLOAD
    with pytest.raises(ExpiredLink):
        verify(token, PAYLOAD.expires, SECRET)


def test_a_link_signed_with_another_secret_is_refused():
    with pytest.raises(InvalidLink, match="signature"):
        verify(sign(PAYLOAD, b"o" * 32), NOW, SECRET)


def test_changing_the_sequence_or_expiry_in_a_link_breaks_its_signature():
    _body, mac = sign(PAYLOAD, SECRET).split(".")
    later = base64.urlsafe_b64encode(b"3f2a9c:3:1893456000").rstrip(b"=").decode()

    with pytest.raises(InvalidLink, match="signature"):
        verify(f"{later}.{mac}", NOW, SECRET)


def test_an_expired_link_is_an_invalid_link_too():
    token = sign(LinkPayload("p", 0, NOW - timedelta(seconds=1)), SECRET)

    with pytest.raises(InvalidLink):
        verify(token, NOW, SECRET)


@pytest.mark.parametrize("token", ["", "abc", "abc.", ".abc", "a.b.c", "%%%.***", "é.é", "x" * 600])
def test_malformed_tokens_are_refused_as_invalid(token: str):
    with pytest.raises(InvalidLink):
        verify(token, NOW, SECRET)


@given(st.text(max_size=200))
def test_no_string_ever_raises_anything_but_invalid_link(token: str):
    with pytest.raises(InvalidLink):
        verify(token, NOW, SECRET)


@given(
    st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,40}", fullmatch=True),
    st.integers(0, 10_000),
    st.integers(1, 10**8),
    st.data(),
)
def test_any_single_character_change_to_a_token_is_detected(
    poll_id: str, sequence: int, seconds: int, data: st.DataObject
):
    payload = LinkPayload(poll_id, sequence, datetime.fromtimestamp(NOW.timestamp() + seconds, UTC))
    token = sign(payload, SECRET)
    where = data.draw(st.integers(0, len(token) - 1))
    replacement = data.draw(st.sampled_from("AQgw-_.0z").filter(lambda c: c != token[where]))
    tampered = token[:where] + replacement + token[where + 1 :]

    assert verify(token, NOW, SECRET) == payload
    with pytest.raises(InvalidLink):
        verify(tampered, NOW, SECRET)


def test_a_short_secret_is_refused():
    with pytest.raises(ValueError, match="at least 32 bytes"):
        sign(PAYLOAD, b"short")


@pytest.mark.parametrize(
    ("poll_id", "sequence", "expires", "message"),
    [
        ("a:b", 0, NOW, "poll id"),
        ("p", -1, NOW, "sequence"),
        ("p", 0, datetime(2026, 12, 1), "aware"),  # noqa: DTZ001
    ],
)
def test_a_payload_must_be_well_formed(
    poll_id: str, sequence: int, expires: datetime, message: str
):
    with pytest.raises(ValueError, match=message):
        LinkPayload(poll_id, sequence, expires)


def test_verifying_needs_an_aware_time():
    with pytest.raises(ValueError, match="aware"):
        verify(sign(PAYLOAD, SECRET), datetime(2026, 12, 1), SECRET)  # noqa: DTZ001
