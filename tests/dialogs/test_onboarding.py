"""Welcome, help, the hint, the apology, and the welcome card's buttons: a button starts its
capability with new messages in the conversation; one the card never had is refused."""

from __future__ import annotations

import json

import pytest

from cards.onboarding import OPEN_CAPABILITY
from dialogs.onboarding import Onboarding, OpenCapability
from dialogs.reply import Reply, say, show
from dialogs.router import Router
from dialogs.turn import Turn
from tests.dialogs.turns import turn
from tests.fakes import FakeUnitsOfWork

CARD = {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextBlock", "text": "?"}]}


async def _screening(_turn: Turn) -> Reply:
    return Reply(card=CARD, text="Første spørgsmål", posts=("og et til",))


def _text(reply: Reply) -> str:
    return json.dumps(reply.card, ensure_ascii=False)


def test_the_welcome_card_is_in_the_readers_language():
    onboarding = Onboarding({})

    assert "Velkommen til KI-bot" in _text(onboarding.welcome(turn()))
    assert "Velkommen til KI-bot" not in _text(onboarding.welcome(turn(language="en")))


async def test_help_lists_the_administrators_commands_only_for_an_administrator():
    async def is_admin(turn: Turn) -> bool:
        return turn.name == "Anne"

    onboarding = Onboarding({}, is_admin=is_admin)

    assert "puljer" in _text(await onboarding.help(turn()))
    assert "puljer" not in _text(await onboarding.help(turn(name="Bo")))
    assert "puljer" not in _text(await Onboarding({}).help(turn()))  # nobody is, unless told


def test_text_it_does_not_understand_is_answered_with_where_to_start():
    assert Onboarding({}).hint(turn()) == say(turn().texts("common.unknown_text"))


def test_the_apology_gives_the_reference_to_quote_to_it_support():
    card = Onboarding.apology(turn().texts, "corr-1234")

    assert "corr-1234" in json.dumps(card) and "Beklager" in json.dumps(card, ensure_ascii=False)


async def test_a_capability_starts_with_its_own_starter():
    onboarding = Onboarding({"screening": _screening})

    assert await onboarding.start(turn(), "screening") == await _screening(turn())


async def test_a_capability_without_a_starter_is_said_to_be_coming_soon():
    reply = await Onboarding({}).start(turn(), "deadlines")

    assert reply.text and reply.text.endswith("kommer snart. Indtil da kan du kontakte din "
                                              "koordinator direkte.")  # fmt: skip
    assert not reply.refused


async def test_a_welcome_button_posts_what_the_capability_starts_with_as_new_messages():
    onboarding = Onboarding({"screening": _screening})

    reply = await onboarding.open_capability(turn(), OpenCapability("screening"))

    assert reply == Reply(posts=(CARD, "Første spørgsmål", "og et til"))  # the welcome card stays


@pytest.mark.parametrize("capability", ["pools", "cancel", "nothing_like_it"])
async def test_a_button_for_a_capability_the_welcome_card_does_not_offer_is_refused(
    capability: str,
):
    started: list[Turn] = []

    async def starter(turn: Turn) -> Reply:
        started.append(turn)
        return show(CARD)

    reply = await Onboarding({capability: starter}).open_capability(
        turn(), OpenCapability(capability)
    )

    assert reply.refused and reply.text == turn().texts("common.invalid_action")
    assert started == []


@pytest.mark.parametrize("sent", ["Screening", "screening; drop", "", 7, None])
async def test_a_welcome_button_with_data_no_card_sends_is_refused_by_the_router(sent):
    router = Router(FakeUnitsOfWork())
    Onboarding({"screening": _screening}).register(router)

    reply = await router.click(turn(None), OPEN_CAPABILITY, {"capability": sent})

    assert reply is not None and reply.refused


async def test_the_welcome_button_works_for_someone_teams_sent_no_entra_id_for():
    router = Router(FakeUnitsOfWork())
    Onboarding({"screening": _screening}).register(router)

    reply = await router.click(turn(None), OPEN_CAPABILITY, {"capability": "screening"})

    assert reply is not None and reply.posts[0] == CARD
