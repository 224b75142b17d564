from __future__ import annotations

import pytest

from domain.capabilities import (
    CANCEL,
    DEADLINES,
    HELP,
    LANGUAGE,
    MEETING_POLL,
    SCREENING,
    SPARRING,
    Capability,
)
from domain.commands import argument_of, chosen_language, normalise, recognise, word_index


@pytest.mark.parametrize(
    ("typed", "capability"),
    [
        ("hjælp", HELP),
        ("HJÆLP!", HELP),
        ("help", HELP),
        ("?", HELP),
        ("annuller", CANCEL),
        ("cancel", CANCEL),
        ("tjek", SCREENING),
        ("check", SCREENING),
        ("Tjek.", SCREENING),
        ("Kan borgeren få en KI-plan?", SCREENING),
        ("kan borgeren faa en ki plan", SCREENING),
        ("Skal han have en koordinerende indsatsplan?", SCREENING),
        ("Er borgeren i målgruppen for en indsatsplan?", SCREENING),
        ("Does this citizen qualify for a KI plan?", SCREENING),
        ("sparring", SPARRING),
        ("møde", MEETING_POLL),
        ("frister", DEADLINES),
        ("sprog", LANGUAGE),
        ("language", LANGUAGE),
    ],
)
def test_typed_commands_and_questions_are_recognised(typed: str, capability: Capability):
    recognised = recognise(typed)
    assert recognised is not None
    assert recognised.capability is capability


@pytest.mark.parametrize(
    ("typed", "language"),
    [
        ("sprog dansk", "da"),
        ("Sprog engelsk", "en"),
        ("language english", "en"),
        ("Language Danish", "da"),
        ("sprog klingon", None),
    ],
)
def test_a_language_command_carries_the_language_asked_for(typed: str, language: str | None):
    recognised = recognise(typed)
    assert recognised is not None and recognised.capability is LANGUAGE
    assert chosen_language(recognised.argument) == language


def test_only_a_command_that_takes_an_argument_accepts_words_after_it():
    assert recognise("tjek borgeren nu") is None


@pytest.mark.parametrize(
    "typed", ["", "   ", "hej", "hvad med vejret", "kan du hjælpe mig med noget helt andet"]
)
def test_other_text_is_not_a_command(typed: str):
    assert recognise(typed) is None


def test_danish_letters_are_folded():
    assert normalise("  Møde på Åboulevarden, ÆBLE ") == "mode paa aaboulevarden aeble"


def test_a_command_word_claimed_by_two_capabilities_is_refused():
    first = Capability("first", {"da": ("møde",), "en": ("meeting",)})
    second = Capability("second", {"da": ("mode",), "en": ("other",)})  # the same once folded

    with pytest.raises(ValueError, match="both first and second"):
        word_index((first, second))


@pytest.mark.parametrize(
    ("text", "argument"),
    [
        ("nyt møde", ""),
        ("Nyt møde Opfølgning @Bo", "Opfølgning @Bo"),
        ("planlæg et møde Indsatsplan", "Indsatsplan"),
        ("new meeting Follow-up", "Follow-up"),
        ("møde Opfølgning", "Opfølgning"),
    ],
)
def test_the_welcome_cards_words_for_a_meeting_open_the_form_with_the_title_typed(
    text: str, argument: str
):
    recognised = recognise(text)

    assert recognised is not None and recognised.name == "meeting_poll"
    assert argument_of(text, recognised.command_words) == argument
