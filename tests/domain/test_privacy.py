"""CPR redaction. Only obviously synthetic numbers appear here (the repository's CPR check skips
files named test_privacy); never copy one to another file."""

from __future__ import annotations

import random
import unicodedata

import pytest

from domain.privacy import CPR_MARKER, Redaction, contains_cpr, cpr_like_numbers, redact_cpr
from domain.unicode_fold import fold_character
from tests.cpr_forms import cpr_forms, synthetic_cpr

NUMBER = synthetic_cpr()
FORMS = cpr_forms(NUMBER)


@pytest.mark.parametrize(
    ("typed", "redacted"),
    [
        ("010190-1234", "[CPR]"),
        ("0101901234", "[CPR]"),
        ("010190 1234", "[CPR]"),
        ("010190\u00a01234", "[CPR]"),
        ("010190\u20131234", "[CPR]"),
        ("311299-9999", "[CPR]"),
        ("Borger 111111-1111 har aflyst", "Borger [CPR] har aflyst"),
        ("cpr:010190-1234.", "cpr:[CPR]."),
        ("(0101901234)", "([CPR])"),
        ("x010190-1234y", "x[CPR]y"),
        ("290292-1234", "[CPR]"),  # 29 February in a leap year
        ("290200-1234", "[CPR]"),  # 29 February 2000
        ("010190--1234", "[CPR]"),
        ("01.01.90--1234", "[CPR]"),
        ("0 1 0 1 9 0 1 2 3 4", "[CPR]"),
        ("tlf 12-010190-1234-5", "tlf 12-[CPR]-5"),
    ],
)
def test_a_cpr_like_number_is_replaced_by_the_marker(typed: str, redacted: str):
    assert redact_cpr(typed) == Redaction(redacted, 1)
    assert contains_cpr(typed)


@pytest.mark.parametrize(
    "typed",
    [
        "320190-1234",  # day 32
        "000190-1234",  # day 00
        "011390-1234",  # month 13
        "010090-1234",  # month 00
        "010190-123",  # three digits after the dash
        "010190-12345",  # part of a longer number
        "9010190-1234",  # part of a longer number
        "01019012345",  # eleven digits
        "300290-1234",  # 30 February
        "290291-1234",  # 29 February in a year that is not a leap year
        "310490-1234",  # 31 April
        "01-01-1990",  # a date
        "2026-01-05",  # an ISO date
        "tlf. 12 34 56 78",  # a phone number
        "sag KI-2026-0042",  # a case reference
        "01.01.1990 12:34",  # a date and a time
        "05.12.25 10:00",  # a date and a time
        "15.12.2026 14",  # a date and an hour
        "20 12 34 56, 28 11 22 33",  # two phone numbers
        "01/12, 05/12, 08/12, 12/12",  # a list of dates
        "09:00-10:30, 30:11-00:12",  # times (nonsense ones that hold a date)
        "010190 - x 1234",  # a letter between the digits
        "010190          -1234",  # too far apart
        "01.02.90-123",  # three digits after the date
        "12 34 56 78 90",  # a phone number with a country code
        "",
    ],
)
def test_something_that_is_not_cpr_like_is_left_alone(typed: str):
    assert redact_cpr(typed) == Redaction(typed, 0)
    assert not contains_cpr(typed)


def test_a_number_written_in_even_pairs_is_found_even_though_two_phone_numbers_may_look_alike():
    """The price of finding ``DD MM YY NN NN``: two phone numbers run together with nothing but
    single spaces are taken for one (the false-positive corpus has none of them)."""
    assert redact_cpr("01 01 90 12 34").found == 1
    assert redact_cpr("01-01-90-12-34").found == 1
    assert redact_cpr("20 12 34 56 28 11 22 33").found == 1
    assert redact_cpr("20 12 34 56, 28 11 22 33").found == 0


def test_every_number_in_a_text_is_counted():
    text = "010190-1234, 020290 5678 og 0303901111; ikke 12345"

    assert redact_cpr(text) == Redaction("[CPR], [CPR] og [CPR]; ikke 12345", 3)


def test_numbers_next_to_each_other_are_each_counted():
    text = "010190 1234 020290 5678, 0 3 0 3 9 0 1 1 1 1"

    assert redact_cpr(text).found == 3
    assert cpr_like_numbers(redact_cpr(text).text) == []


def test_numbers_that_overlap_are_removed_together_and_no_digit_of_either_stays():
    text = "3 1 1 2 0 1 0 1 9 0 1 2 3 4"  # 311201 0101 and 010190 1234

    assert redact_cpr(f"a {text} b") == Redaction(f"a {CPR_MARKER} b", 1)


@pytest.mark.parametrize("form", [f"<a {NUMBER[:6]}-{NUMBER[6:]} >", f'<i title="{NUMBER}">x</i>'])
def test_a_number_inside_something_shaped_like_an_html_tag_is_found(form: str):
    assert cpr_like_numbers(form) == [NUMBER]
    assert NUMBER[:6] not in redact_cpr(form).text


def test_a_keycap_is_removed_with_its_digit():
    keycaps = "".join(f"{digit}\ufe0f\u20e3" for digit in "0101901234")

    assert redact_cpr(f"({keycaps})") == Redaction(f"({CPR_MARKER})", 1)


def test_the_marker_is_language_neutral_and_has_no_digits():
    assert CPR_MARKER == "[CPR]"
    assert not any(character.isdigit() for character in CPR_MARKER)


def test_redacting_twice_changes_nothing_more():
    once = redact_cpr("a 010190-1234 b 0101901234")

    assert redact_cpr(once.text) == Redaction(once.text, 0)


def test_random_digit_soup_never_keeps_a_cpr_like_number():
    """A seeded stand-in for the property tests, which need hypothesis."""
    rng = random.Random(1234)
    for _ in range(2000):
        text = "".join(rng.choice("0123456789- x") for _ in range(rng.randint(0, 40)))
        assert not contains_cpr(redact_cpr(text).text), text


def test_the_table_holds_every_form_the_issue_names():
    assert len(FORMS) >= 45


@pytest.mark.parametrize("form", FORMS.values(), ids=FORMS.keys())
def test_every_written_form_of_a_number_is_found_and_replaced_with_its_surroundings_kept(
    form: str,
):
    redaction = redact_cpr(f"Borger ({form}) kom")

    assert cpr_like_numbers(form) == [NUMBER]
    assert redaction.found == 1
    assert redaction.text.startswith(f"Borger ({CPR_MARKER}")  # a closing HTML tag may stay
    assert redaction.text.endswith(") kom")
    assert cpr_like_numbers(redaction.text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Mødet er \uff12\uff16.\uff11\uff11 kl. \uff11\uff14",  # full-width, but no number
        "Mål\u00adsætning og\u200bplan",  # invisible characters, no digits
        "Se https://example.org/a%20b?c=1&amp;d=2 <b>fed</b>",
        "ﬁre ﬂasker",  # ligatures are left as typed
    ],
)
def test_text_without_a_number_is_returned_exactly_as_typed(text: str):
    assert redact_cpr(text) == Redaction(text, 0)


def test_every_character_that_folds_to_a_digit_is_counted_by_the_quick_check():
    """Text with fewer than ten numeric characters skips the folding: that must lose nothing.
    A character folds to a digit through its digit value or its decomposition (NFKC)."""
    characters = (chr(code) for code in range(0x80, 0x110000))
    missed = [
        hex(ord(character))
        for character in characters
        if (unicodedata.digit(character, None) is not None or unicodedata.decomposition(character))
        and not character.isnumeric()
        and any(folded.isdigit() for folded in fold_character(character))
    ]
    assert missed == []
