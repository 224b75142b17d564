from __future__ import annotations

import pytest

from domain.commands import Command, argument_of, normalise, recognise


@pytest.mark.parametrize(
    ("typed", "command"),
    [
        ("hjælp", Command.HELP),
        ("HJÆLP!", Command.HELP),
        ("help", Command.HELP),
        ("?", Command.HELP),
        ("annuller", Command.CANCEL),
        ("cancel", Command.CANCEL),
        ("tjek", Command.SCREEN),
        ("check", Command.SCREEN),
        ("Tjek.", Command.SCREEN),
        ("Kan borgeren få en KI-plan?", Command.SCREEN),
        ("kan borgeren faa en ki plan", Command.SCREEN),
        ("Skal han have en koordinerende indsatsplan?", Command.SCREEN),
        ("Er borgeren i målgruppen for en indsatsplan?", Command.SCREEN),
        ("Does this citizen qualify for a KI plan?", Command.SCREEN),
        ("sparring", Command.SPARRING),
        ("møde", Command.MEETING_POLL),
        ("frister", Command.DEADLINES),
        ("min organisation", Command.MY_ORGANISATION),
        ("My organisation", Command.MY_ORGANISATION),
        ("puljer", Command.POOLS),
        ("fravær", Command.ABSENCE),
        ("Fravær 1/12–5/12", Command.ABSENCE),
        ("fravær i dag", Command.ABSENCE),
        ("absence today", Command.ABSENCE),
    ],
)
def test_typed_commands_and_questions_are_recognised(typed: str, command: Command):
    assert recognise(typed) is command


@pytest.mark.parametrize(
    "typed", ["", "   ", "hej", "hvad med vejret", "kan du hjælpe mig med noget helt andet"]
)
def test_other_text_is_not_a_command(typed: str):
    assert recognise(typed) is None


def test_danish_letters_are_folded():
    assert normalise("  Møde på Åboulevarden, ÆBLE ") == "mode paa aaboulevarden aeble"


@pytest.mark.parametrize(
    ("typed", "argument"),
    [("fravær 1/12–5/12", "1/12–5/12"), ("Fravær  i dag ", "i dag"), ("fravær", "")],
)
def test_the_argument_of_a_command_is_kept_as_typed(typed: str, argument: str):
    assert argument_of(typed) == argument
