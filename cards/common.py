"""Small builders shared by every card: the card envelope, text, facts, inputs and actions.

Every action a card offers is an Action.Execute whose data also carries ``{"ki_action": <verb>}``;
the bot routes Action.Execute invokes (and Action.Submit messages from older clients) by that verb
through one path.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Final

from .texts import Texts

SCHEMA_URL: Final = "http://adaptivecards.io/schemas/adaptive-card.json"
CARD_VERSION: Final = "1.5"
ACTION_KEY: Final = "ki_action"

Element = dict[str, Any]


def adaptive_card(body: Sequence[Element], actions: Sequence[Element] = ()) -> Element:
    card: Element = {
        "type": "AdaptiveCard",
        "$schema": SCHEMA_URL,
        "version": CARD_VERSION,
        "body": list(body),
        "msteams": {"width": "Full"},
    }
    if actions:
        card["actions"] = list(actions)
    return card


def heading(value: str) -> Element:
    return {"type": "TextBlock", "text": value, "size": "Medium", "weight": "Bolder", "wrap": True}


def text(
    value: str, *, subtle: bool = False, color: str | None = None, bold: bool = False
) -> Element:
    block: Element = {"type": "TextBlock", "text": value, "wrap": True}
    if subtle:
        block["isSubtle"] = True
    if color:
        block["color"] = color
    if bold:
        block["weight"] = "Bolder"
    return block


def bullet_list(items: Iterable[str]) -> Element:
    return text("\n".join(f"- {item}" for item in items))


def numbered_list(items: Iterable[str]) -> Element:
    return text("\n".join(f"{number}. {item}" for number, item in enumerate(items, start=1)))


def fact_set(facts: Iterable[tuple[str, str]]) -> Element:
    return {"type": "FactSet", "facts": [{"title": t, "value": v} for t, v in facts]}


def _with_optional(
    element: Element, *, value: object, required: bool, error_message: str | None
) -> Element:
    """Add the properties every input shares: an initial value and client-side required check."""
    if value is not None:
        element["value"] = value
    if required:
        element["isRequired"] = True
        if error_message:
            element["errorMessage"] = error_message
    return element


def choice_set(
    input_id: str,
    label: str,
    choices: Iterable[tuple[str, str]],
    *,
    value: str | None = None,
    multi: bool = False,
    required: bool = False,
    expanded: bool = False,
    error_message: str | None = None,
) -> Element:
    element: Element = {
        "type": "Input.ChoiceSet",
        "id": input_id,
        "label": label,
        "choices": [{"title": title, "value": val} for val, title in choices],
        "isMultiSelect": multi,
        "style": "expanded" if expanded or multi else "compact",
        "wrap": True,
    }
    return _with_optional(element, value=value, required=required, error_message=error_message)


def number_input(
    input_id: str,
    label: str,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    value: int | None = None,
    required: bool = False,
    error_message: str | None = None,
) -> Element:
    element: Element = {"type": "Input.Number", "id": input_id, "label": label}
    if minimum is not None:
        element["min"] = minimum
    if maximum is not None:
        element["max"] = maximum
    return _with_optional(element, value=value, required=required, error_message=error_message)


def text_input(
    input_id: str,
    label: str,
    *,
    placeholder: str = "",
    max_length: int = 200,
    multiline: bool = False,
) -> Element:
    element: Element = {
        "type": "Input.Text",
        "id": input_id,
        "label": label,
        "maxLength": max_length,
        "isMultiline": multiline,
    }
    if placeholder:
        element["placeholder"] = placeholder
    return element


def free_text_input(
    texts: Texts, input_id: str, label: str, *, max_length: int = 200, multiline: bool = False
) -> Element:
    """A box for the user's own words: its placeholder asks them not to identify the citizen
    (chat is no place for it; the patient record is)."""
    placeholder = texts("privacy.no_identifying_placeholder")
    return text_input(
        input_id, label, placeholder=placeholder, max_length=max_length, multiline=multiline
    )


def action_data(verb: str, **data: Any) -> dict[str, Any]:
    return {ACTION_KEY: verb, **data}


def submit(
    title: str, verb: str, *, style: str | None = None, with_inputs: bool = False, **data: Any
) -> Element:
    """A button (Universal Actions' Action.Execute) routed by ``verb``; ``with_inputs`` sends (and
    client-validates) the card's inputs with it. Teams answers it with an ``adaptiveCard/action``
    invoke, so the bot can replace the card for the clicker."""
    action: Element = {
        "type": "Action.Execute",
        "title": title,
        "verb": verb,
        "data": action_data(verb, **data),
    }
    if style:
        action["style"] = style
    action["associatedInputs"] = "auto" if with_inputs else "none"
    return action


def container(
    items: Sequence[Element], *, style: str | None = None, separator: bool = False
) -> Element:
    element: Element = {"type": "Container", "items": list(items)}
    if style:
        element["style"] = style
    if separator:
        element["separator"] = True
    return element


MAX_REFRESH_USERS: Final = 60  # Teams refreshes a card automatically for at most 60 users


def with_refresh(card: Element, verb: str, user_ids: Sequence[str], **data: Any) -> Element:
    """Ask Teams to fetch each listed viewer's own view of a shared card (Universal Actions'
    user-specific views): it sends an automatic ``adaptiveCard/action`` invoke with ``verb``.
    Teams takes at most 60 user ids; anyone else sees the shared card and can refresh it."""
    if not user_ids:
        return card
    refreshed = dict(card)
    refreshed["refresh"] = {
        "action": {"type": "Action.Execute", "verb": verb, "data": action_data(verb, **data)},
        "userIds": list(dict.fromkeys(user_ids))[:MAX_REFRESH_USERS],
    }
    return refreshed
