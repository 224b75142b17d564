"""Welcome, help, hint and error cards."""

from __future__ import annotations

from typing import Final

from .common import Element, adaptive_card, container, fact_set, heading, submit, text
from .texts import Texts

CAPABILITIES: Final = ("screening", "sparring", "meeting_poll", "deadlines")
OPEN_CAPABILITY: Final = "capability.open"


def _capability_rows(texts: Texts) -> list[Element]:
    return [
        container(
            [
                text(texts(f"common.capability.{name}.title"), bold=True),
                text(texts(f"common.capability.{name}.description"), subtle=True),
            ],
            separator=True,
        )
        for name in CAPABILITIES
    ]


def _capability_buttons(texts: Texts) -> list[Element]:
    return [
        submit(texts(f"common.capability.{name}.button"), OPEN_CAPABILITY, capability=name)
        for name in CAPABILITIES
    ]


def welcome_card(texts: Texts) -> Element:
    body = [heading(texts("common.welcome_title")), text(texts("common.welcome_intro"))]
    return adaptive_card(body + _capability_rows(texts), _capability_buttons(texts))


def help_card(texts: Texts) -> Element:
    commands = [
        (texts(f"common.capability.{name}.command"), texts(f"common.capability.{name}.title"))
        for name in CAPABILITIES
    ]
    body = [
        heading(texts("common.help_title")),
        fact_set(commands),
        text(texts("common.help_footer"), subtle=True),
    ]
    return adaptive_card(body, _capability_buttons(texts))


def error_card(texts: Texts, correlation_id: str) -> Element:
    body = [
        heading(texts("common.error_title")),
        text(texts("common.error_text")),
        fact_set([(texts("common.error_reference"), correlation_id)]),
    ]
    return adaptive_card(body)
