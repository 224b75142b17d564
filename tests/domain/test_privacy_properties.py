"""Properties of CPR redaction, for any text (hypothesis)."""

from __future__ import annotations

from datetime import date

import pytest

from domain.privacy import CPR_MARKER, contains_cpr, cpr_like_numbers, redact_cpr
from domain.unicode_fold import fold
from tests.cpr_forms import cpr_forms

hypothesis = pytest.importorskip("hypothesis")
st = hypothesis.strategies
given = hypothesis.given

# Text in which nothing shows as a digit (no Arabic digit, ``²`` or ``㉑`` either).
NO_DIGITS = st.text(st.characters(blacklist_categories=("Nd", "No", "Nl"))).filter(
    lambda text: not any(character.isdigit() for character in fold(text).text)
)
DIGIT_SOUP = st.text(alphabet="0123456789- \u00a0\u2013x.,/:\u00b7\u00b2\u20e3", max_size=60)


@st.composite
def cpr_like(draw: st.DrawFn) -> tuple[str, str]:
    """Ten digits with a real date, and one of the ways of writing them."""
    born = draw(st.dates(date(1900, 1, 1), date(2099, 12, 31)))
    number = f"{born:%d%m%y}{draw(st.integers(0, 9999)):04d}"
    forms = cpr_forms(number)
    return number, forms[draw(st.sampled_from(sorted(forms)))]


@given(st.one_of(st.text(), DIGIT_SOUP))
def test_redacted_text_never_contains_a_cpr_like_number(text: str):
    assert not contains_cpr(redact_cpr(text).text)


@given(NO_DIGITS)
def test_text_without_digits_is_unchanged(text: str):
    assert redact_cpr(text).text == text and redact_cpr(text).found == 0


@given(NO_DIGITS, cpr_like(), NO_DIGITS)
def test_a_cpr_like_number_written_any_way_between_other_words_is_always_found(
    before: str, number: tuple[str, str], after: str
):
    digits, form = number
    redaction = redact_cpr(f"{before} {form} {after}")

    assert redaction.found == 1
    assert redaction.text.startswith(f"{before} {CPR_MARKER}")  # a closing HTML tag may stay
    assert redaction.text.endswith(f" {after}")
    assert digits not in cpr_like_numbers(redaction.text)


@given(st.lists(cpr_like(), max_size=5), NO_DIGITS)
def test_the_count_is_the_number_of_cpr_like_numbers(numbers: list[tuple[str, str]], filler: str):
    text = f" {filler} ".join(form for _digits, form in numbers)

    assert redact_cpr(text).found == len(numbers)
