"""One place per capability: help, welcome, recognition and the manifest agree with the registry."""

from __future__ import annotations

import pytest

from bot.app import build_services
from bot.config import Settings
from cards.onboarding import help_card, welcome_card
from cards.texts import LANGUAGES, Texts
from domain.capabilities import BY_NAME, CAPABILITIES, Capability, check
from domain.clock import FixedClock
from domain.commands import recognise
from manifest.package import build_manifest

APP_ID = "00000000-0000-0000-0000-000000000001"


def _manifest_commands() -> list[tuple[str, dict[str, str]]]:
    bot = build_manifest(APP_ID)["bots"][0]
    return [
        (scope, command)
        for entry in bot["commandLists"]
        for scope in entry["scopes"]
        for command in entry["commands"]
    ]


def test_every_manifest_command_is_recognised_as_its_capability():
    declared = {c.manifest.title: c for c in CAPABILITIES if c.manifest is not None}
    for _, command in _manifest_commands():
        recognised = recognise(command["title"])
        assert recognised is not None, command
        assert recognised.capability is declared[command["title"]]
        assert command["description"] == declared[command["title"]].manifest.description  # type: ignore[union-attr]


def test_every_declared_manifest_command_is_in_the_manifest_for_each_of_its_scopes():
    listed = {(scope, command["title"]) for scope, command in _manifest_commands()}
    for capability in CAPABILITIES:
        if capability.manifest is not None:
            for scope in capability.manifest.scopes:
                assert (scope, capability.manifest.title) in listed


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_command_word_in_every_language_is_recognised_as_its_capability(language: str):
    for capability in CAPABILITIES:
        for word in (*capability.words[language], *capability.aliases):
            recognised = recognise(word)
            assert recognised is not None and recognised.capability is capability, word


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("admin", [False, True])
def test_the_help_card_lists_what_the_reader_may_use_with_its_word_in_their_language(
    language: str, admin: bool
):
    texts = Texts(language)
    card = help_card(texts, admin=admin)
    [facts] = [element for element in card["body"] if element["type"] == "FactSet"]
    shown = [(fact["title"], fact["value"]) for fact in facts["facts"]]

    expected = [
        (c.word(language), texts(c.text_key("title")))
        for c in CAPABILITIES
        if c.on_help and (admin or not c.admins_only)
    ]
    assert shown == expected
    assert any(c.admins_only for c in CAPABILITIES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_welcome_card_offers_each_welcome_capability_once(language: str):
    card = welcome_card(Texts(language))
    opened = [a["data"]["capability"] for a in card["actions"]]

    assert opened == [c.name for c in CAPABILITIES if c.on_welcome]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_capability_has_its_texts(language: str):
    texts = Texts(language)
    for capability in CAPABILITIES:
        assert texts(capability.text_key("title"))
        if capability.on_welcome:
            assert texts(capability.text_key("description"))
            assert texts(capability.text_key("button"))


def test_a_card_verb_belongs_to_one_capability():
    one = Capability("one", {"da": ("en",), "en": ("one",)}, card_verbs=("x.do",))
    two = Capability("two", {"da": ("to",), "en": ("two",)}, card_verbs=("x.do",))

    with pytest.raises(ValueError, match="card verb"):
        check((one, two))


def test_every_verb_the_bot_routes_is_owned_by_a_declared_capability(
    settings: Settings, clock: FixedClock
):
    services = build_services(settings, clock)
    routed = set(services.bot._router.commands())
    services.database.dispose()
    owned = {verb for capability in CAPABILITIES for verb in capability.card_verbs}
    assert routed == owned


def test_capabilities_are_found_by_name():
    assert all(BY_NAME[c.name] is c for c in CAPABILITIES)
