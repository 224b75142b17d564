"""Properties of CPR redaction, for any text (hypothesis)."""

from __future__ import annotations

import pytest

from domain.privacy import CPR_MARKER, contains_cpr, redact_cpr

hypothesis = pytest.importorskip("hypothesis")
st = hypothesis.strategies
given = hypothesis.given

NO_DIGITS = st.text(st.characters(blacklist_characters="0123456789"))
DIGIT_SOUP = st.text(alphabet="0123456789- \u00a0\u2013x", max_size=60)


@st.composite
def cpr_like(draw: st.DrawFn) -> str:
    day, month = draw(st.integers(1, 31)), draw(st.integers(1, 12))
    year, serial = draw(st.integers(0, 99)), draw(st.integers(0, 9999))
    separator = draw(st.sampled_from(["", "-", " ", "\u00a0", "\u2013"]))
    return f"{day:02d}{month:02d}{year:02d}{separator}{serial:04d}"


@given(st.one_of(st.text(), DIGIT_SOUP))
def test_redacted_text_never_contains_a_cpr_like_number(text: str):
    assert not contains_cpr(redact_cpr(text).text)


@given(NO_DIGITS)
def test_text_without_digits_is_unchanged(text: str):
    assert redact_cpr(text).text == text and redact_cpr(text).found == 0


@given(NO_DIGITS, cpr_like(), NO_DIGITS)
def test_a_cpr_like_number_between_other_words_is_always_found(
    before: str, number: str, after: str
):
    redaction = redact_cpr(f"{before} {number} {after}")

    assert redaction.found == 1
    assert redaction.text == f"{before} {CPR_MARKER} {after}"


@given(st.lists(cpr_like(), max_size=5), NO_DIGITS)
def test_the_count_is_the_number_of_cpr_like_numbers(numbers: list[str], filler: str):
    text = f" {filler} ".join(numbers)

    assert redact_cpr(text).found == len(numbers)
