"""The one rule for the language the bot writes in (issue 18, item 21)."""

from __future__ import annotations

import pytest

from domain.language import language_of_locale, organisation_language, reading_language


@pytest.mark.parametrize(
    ("chosen", "organisation", "client", "expected"),
    [
        ("en", "da", "da-DK", "en"),  # a choice wins
        (None, "da", "en-US", "da"),  # a Danish organisation, an English client (the Playground)
        (None, "en", "da-DK", "en"),
        (None, None, "en-US", "en"),  # nobody places them: their client
        (None, None, "de-DE", "da"),  # a language the bot does not write: the default
        (None, None, None, "da"),
        ("xx", "yy", "en_GB", "en"),  # what is not a language is passed over
    ],
)
def test_choice_then_organisation_then_client_then_default(
    chosen: str | None, organisation: str | None, client: str | None, expected: str
):
    assert (
        reading_language(chosen=chosen, organisation=organisation, client_locale=client) == expected
    )


def test_the_bots_default_is_the_last_word():
    assert (
        reading_language(chosen=None, organisation=None, client_locale=None, default="en") == "en"
    )


def test_locales_and_organisations_of_a_tenant():
    assert [language_of_locale(x) for x in ("en-US", "DA_dk", "fr-FR", "", None)] == [
        "en",
        "da",
        None,
        None,
        None,
    ]
    assert organisation_language({"da"}) == "da"
    assert organisation_language({"da", "en"}) is None and organisation_language(set()) is None
