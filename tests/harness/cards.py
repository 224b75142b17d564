"""Finding a button on a card and building what Teams sends when it is pressed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

ACTION_KEY = "ki_action"


def _elements(node: Any) -> Iterator[dict[str, Any]]:
    """Every element and action of a card, nested containers and show-cards included."""
    if isinstance(node, list):
        for item in node:
            yield from _elements(item)
    elif isinstance(node, dict):
        yield node
        for key in ("body", "items", "columns", "actions", "card", "selectAction", "inlineAction"):
            if key in node:
                yield from _elements(node[key])


def actions(card: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in _elements(card) if str(e.get("type", "")).startswith("Action.")]


def input_ids(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        str(e["id"]): e
        for e in _elements(card)
        if str(e.get("type", "")).startswith("Input.") and "id" in e
    }


def find_action(card: dict[str, Any], button: str) -> dict[str, Any]:
    """The action whose id, verb, ``ki_action`` or title is ``button``; exactly one must match
    (a list's rows tell their buttons apart by id)."""
    found = [
        a
        for a in actions(card)
        if a.get("type") in ("Action.Execute", "Action.Submit")
        and button
        in (a.get("id"), a.get("verb"), (a.get("data") or {}).get(ACTION_KEY), a.get("title"))
    ]
    if len(found) != 1:
        names = [a.get("title") or a.get("verb") for a in actions(card)]
        raise LookupError(f"{len(found)} buttons match {button!r}; the card has {names}")
    return found[0]


def _input_values(
    card: dict[str, Any], action: dict[str, Any], given: dict[str, Any]
) -> dict[str, Any]:
    if action.get("associatedInputs") == "none":
        if given:
            raise ValueError("this button sends no inputs")
        return {}
    known = input_ids(card)
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise LookupError(f"the card has no inputs {unknown}; it has {sorted(known)}")
    # Teams sends every input's current value: its initial value unless the user changed it.
    values = {key: str(e["value"]) for key, e in known.items() if e.get("value") not in (None, "")}
    values.update(given)
    return values


def click_payload(
    card: dict[str, Any], button: str, inputs: dict[str, Any]
) -> tuple[str, dict[str, Any]]:
    """("invoke", the ``adaptiveCard/action`` value) or ("message", the Action.Submit value)."""
    action = find_action(card, button)
    values = _input_values(card, action, inputs)
    data = action.get("data") or {}
    if action["type"] == "Action.Execute":
        execute: dict[str, Any] = {
            "type": "Action.Execute",
            "verb": action.get("verb"),
            "data": {**data, **values},
        }
        if "id" in action:
            execute["id"] = action["id"]
        return "invoke", {"action": execute, "trigger": "manual"}
    if not isinstance(data, dict):
        raise ValueError("an Action.Submit without object data cannot carry inputs")
    return "message", {**data, **values}
