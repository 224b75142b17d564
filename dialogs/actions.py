"""One routing path for card actions.

Teams delivers a button press in two ways: an Action.Submit arrives as a message whose ``value``
holds the card's data and inputs; an Action.Execute arrives as an ``adaptiveCard/action`` invoke.
Both are parsed into a ``CardAction`` and dispatched by verb to the capability that registered it.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from botbuilder.core import TurnContext
from botbuilder.schema import Activity

from cards.common import ACTION_KEY
from domain.loggable import loggable

from .outcomes import Outcome

log = logging.getLogger(__name__)

TURN_STATE_KEY: Final = "ki.card_action"
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


ActionHandler = Callable[[TurnContext, CardAction], Awaitable[Outcome | None]]


@dataclass(frozen=True)
class Dispatched:
    known: bool
    outcome: Outcome | None = None


@dataclass
class ActionRouter:
    """Maps verbs to handlers. A capability registers its verbs once at start-up."""

    _handlers: dict[str, ActionHandler] = field(default_factory=dict)

    def register(self, verb: str, handler: ActionHandler) -> None:
        if verb in self._handlers:
            raise ValueError(f"card action {verb!r} is registered twice")
        self._handlers[verb] = handler

    async def dispatch(self, turn_context: TurnContext, action: CardAction) -> Dispatched:
        """Run the handler for ``action``; ``known`` is False if no capability knows the verb."""
        handler = self._handlers.get(action.verb)
        if handler is None:
            log.info("unknown card action %s", loggable(action.verb))
            return Dispatched(known=False)
        turn_context.turn_state[TURN_STATE_KEY] = action
        return Dispatched(known=True, outcome=await handler(turn_context, action))


def current_card_action(turn_context: TurnContext) -> CardAction | None:
    """The card action of this turn: the one the router dispatched, else parsed from a submit."""
    action = turn_context.turn_state.get(TURN_STATE_KEY)
    if isinstance(action, CardAction):
        return action
    try:
        return card_action_from_message(turn_context.activity)
    except InvalidCardAction:
        return None
