"""A button press as Teams sends it, read into a ``CardAction`` (verb, data, sender).

Teams delivers a press in two ways: an Action.Submit arrives as a message whose ``value`` holds
the card's data and inputs; an Action.Execute arrives as an ``adaptiveCard/action`` invoke. Both
are read here and bounded (nesting, sizes, numbers); ``dialogs.router`` then parses the data into
the verb's typed command.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from botbuilder.schema import Activity

from cards.common import ACTION_KEY

MAX_FIELDS: Final = 60
MAX_DEPTH: Final = 6
MAX_ITEMS: Final = 100
MAX_TEXT: Final = 10_000
MAX_KEY: Final = 100
MAX_NUMBER: Final = 2**53  # what a JavaScript client can send exactly


class InvalidCardAction(ValueError):
    """The payload is not a card action this bot issued."""


@dataclass(frozen=True)
class CardAction:
    verb: str
    data: Mapping[str, Any]
    actor_id: str
    actor_aad_id: str | None
    # "automatic" when Teams asks for a user-specific view (``refresh``), else "manual".
    trigger: str = "manual"

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)


def _check_bounds(value: object, depth: int = 0) -> None:
    """Card data is small: bounded nesting, list and text sizes, and finite, bounded numbers."""
    if depth > MAX_DEPTH:
        raise InvalidCardAction("card data is nested too deeply")
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise InvalidCardAction("card data holds too long a text")
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, int):
        if not -MAX_NUMBER <= value <= MAX_NUMBER:
            raise InvalidCardAction("card data holds too large a number")
    elif isinstance(value, float):
        if not math.isfinite(value) or abs(value) > MAX_NUMBER:
            raise InvalidCardAction("card data holds a number out of range")
    elif isinstance(value, Mapping | list):
        if len(value) > MAX_ITEMS:
            raise InvalidCardAction("card data holds too many items")
        items = value.items() if isinstance(value, Mapping) else enumerate(value)
        for key, item in items:
            if isinstance(key, str) and len(key) > MAX_KEY:
                raise InvalidCardAction("card data has too long a field name")
            _check_bounds(item, depth + 1)
    else:
        raise InvalidCardAction("card data holds a value that is not JSON")


def _parse(
    payload: object, activity: Activity, *, verb: str | None = None, trigger: str = "manual"
) -> CardAction:
    if not isinstance(payload, Mapping):
        raise InvalidCardAction("card data is not an object")
    if len(payload) > MAX_FIELDS:
        raise InvalidCardAction("card data has too many fields")
    _check_bounds(payload)
    verb = verb or payload.get(ACTION_KEY)
    if not isinstance(verb, str) or not verb or len(verb) > 64:
        raise InvalidCardAction("card data names no action")
    sender = activity.from_property
    if sender is None or not sender.id:
        raise InvalidCardAction("card action without a sender")
    data = {k: v for k, v in payload.items() if k != ACTION_KEY}
    return CardAction(
        verb=verb,
        data=data,
        actor_id=sender.id,
        actor_aad_id=getattr(sender, "aad_object_id", None),
        trigger="automatic" if trigger == "automatic" else "manual",
    )


def card_action_from_message(activity: Activity) -> CardAction | None:
    """The card action of an Action.Submit message, or None for an ordinary message."""
    if activity.value is None:
        return None
    return _parse(activity.value, activity)


def card_action_from_invoke(activity: Activity) -> CardAction:
    value = activity.value if isinstance(activity.value, Mapping) else {}
    action = value.get("action")
    if not isinstance(action, Mapping):
        raise InvalidCardAction("invoke without an action")
    return _parse(
        action.get("data") or {},
        activity,
        verb=action.get("verb"),
        trigger=str(value.get("trigger") or "manual"),
    )
