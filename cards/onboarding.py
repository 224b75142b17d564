"""Welcome, help, language, hint and error cards, derived from the capability registry."""

from __future__ import annotations

from typing import Final

from domain.capabilities import CAPABILITIES, HELP, LANGUAGE, Capability

from .common import Element, adaptive_card, container, fact_set, heading, submit, text
from .texts import LANGUAGES, Texts

OPEN_CAPABILITY: Final = HELP.card_verbs[0]
SET_LANGUAGE: Final = LANGUAGE.card_verbs[0]
ON_WELCOME: Final = tuple(c for c in CAPABILITIES if c.on_welcome)
ON_HELP: Final = tuple(c for c in CAPABILITIES if c.on_help)
# The names a "capability.open" button may carry.
CAPABILITY_NAMES: Final = tuple(c.name for c in ON_WELCOME)


def _capability_rows(texts: Texts, capabilities: tuple[Capability, ...]) -> list[Element]:
    return [
        container(
            [
                text(texts(c.text_key("title")), bold=True),
                text(texts(c.text_key("description")), subtle=True),
            ],
            separator=True,
        )
        for c in capabilities
    ]


def _capability_buttons(texts: Texts) -> list[Element]:
    return [
        submit(texts(c.text_key("button")), OPEN_CAPABILITY, capability=c.name) for c in ON_WELCOME
    ]


def language_button(language: str) -> Element:
    """A button that switches the user's language to ``language``, labelled in that language."""
    return submit(Texts(language)("common.language.switch"), SET_LANGUAGE, language=language)


def _other_languages(texts: Texts) -> list[Element]:
    return [language_button(lang) for lang in LANGUAGES if lang != texts.language]


def welcome_card(texts: Texts) -> Element:
    body = [heading(texts("common.welcome_title")), text(texts("common.welcome_intro"))]
    return adaptive_card(body + _capability_rows(texts, ON_WELCOME), _capability_buttons(texts))


def help_card(texts: Texts, *, admin: bool = False) -> Element:
    """What the reader may use: the administrators' commands only for an ``admin``."""
    commands = [
        (c.word(texts.language), texts(c.text_key("title")))
        for c in ON_HELP
        if admin or not c.admins_only
    ]
    body = [
        heading(texts("common.help_title")),
        fact_set(commands),
        text(texts("common.help_footer"), subtle=True),
    ]
    return adaptive_card(body, _capability_buttons(texts) + _other_languages(texts))


def language_card(texts: Texts) -> Element:
    """Asked for by ``sprog`` / ``language`` without a language it knows."""
    body = [heading(texts("common.language.title")), text(texts("common.language.how"))]
    return adaptive_card(body, [language_button(lang) for lang in LANGUAGES])


def error_card(texts: Texts, correlation_id: str) -> Element:
    body = [
        heading(texts("common.error_title")),
        text(texts("common.error_text")),
        fact_set([(texts("common.error_reference"), correlation_id)]),
    ]
    return adaptive_card(body)
