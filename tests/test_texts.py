"""Every text exists in both languages with the same fields, so no user meets a missing key."""

from __future__ import annotations

import string

import pytest

from cards.texts import Texts, language_of


def _fields(template: object) -> set[str]:
    if not isinstance(template, str):
        return set()
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_danish_and_english_have_the_same_keys():
    assert Texts("da").all_keys() == Texts("en").all_keys()


def test_every_text_uses_the_same_fields_in_both_languages():
    danish, english = Texts("da"), Texts("en")
    mismatched = [
        key for key in danish.all_keys() if _fields(danish.raw(key)) != _fields(english.raw(key))
    ]
    assert mismatched == []


@pytest.mark.parametrize(
    ("locale", "language"),
    [
        ("en-US", "en"),
        ("en-GB", "en"),
        ("da-DK", "da"),
        ("da", "da"),
        ("de-DE", "da"),
        (None, "da"),
        ("", "da"),
    ],
)
def test_english_locales_get_english_and_everything_else_danish(locale: str | None, language: str):
    assert language_of(locale) == language


def test_a_missing_key_is_a_clear_error():
    with pytest.raises(KeyError, match=r"no text 'common\.nope'"):
        Texts("da")("common.nope")
