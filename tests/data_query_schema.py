"""Our own schema for Teams' dynamic typeahead (``Input.ChoiceSet`` with ``choices.data`` of
type ``Data.Query``), which Teams renders in 1.5 cards but Microsoft's card parser (npm
`adaptivecards` 3.0) accepts only from schema 1.6. The ``choices.data`` part is checked here
(and its choice set: a dataset the bot answers, static choices as the fallback, every chosen
value among them so the client can name it) and removed before the parser checks the rest."""

from __future__ import annotations

from typing import Any, Final

from jsonschema import Draft202012Validator

from cards.pickers import DATASETS

DATA_QUERY: Final = {
    "type": "object",
    "required": ["type", "dataset"],
    "properties": {
        "type": {"const": "Data.Query"},
        "dataset": {"enum": list(DATASETS)},
        "count": {"type": "integer", "minimum": 1},
        "skip": {"type": "integer", "minimum": 0},
        "associatedInputs": {"enum": ["auto", "none"]},
    },
    "additionalProperties": False,
}
_VALIDATOR: Final = Draft202012Validator(DATA_QUERY)


def data_query_problems(choice_set: dict[str, Any]) -> list[str]:
    """What is wrong with a choice set's ``choices.data`` and the fallback around it."""
    name = f"Input.ChoiceSet {choice_set.get('id')}"
    problems = [
        f"{name} choices.data {'/'.join(map(str, e.absolute_path)) or '(object)'}: {e.message}"
        for e in _VALIDATOR.iter_errors(choice_set["choices.data"])
    ]
    choices = choice_set.get("choices") or []
    if not choices:
        problems.append(f"{name}: no static choices for clients without typeahead search")
    offered = {c.get("value") for c in choices if isinstance(c, dict)}
    chosen = [v for v in str(choice_set.get("value") or "").split(",") if v]
    problems += [
        f"{name}: chosen value {v!r} is not among its choices" for v in chosen if v not in offered
    ]
    if chosen and not choice_set.get("isMultiSelect") and len(chosen) > 1:
        problems.append(f"{name}: several values chosen in a single choice")
    return problems


def without_data_queries(node: Any, problems: list[str]) -> Any:
    """``node`` with every ``choices.data`` checked (problems appended) and removed, as a client
    without typeahead search reads the card."""
    if isinstance(node, list):
        return [without_data_queries(item, problems) for item in node]
    if not isinstance(node, dict):
        return node
    if node.get("type") == "Input.ChoiceSet" and "choices.data" in node:
        problems += data_query_problems(node)
        node = {key: value for key, value in node.items() if key != "choices.data"}
    return {key: without_data_queries(value, problems) for key, value in node.items()}
