"""A card's answered state: the same card with its inputs shown as plain answers and no live
buttons left, so an old card can never be submitted again."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from .common import Element, text

_INPUT_PREFIX = "Input."


def _shown_value(element: Element, value: Any) -> str:
    if value is None or value == "":
        return "–"
    if element.get("type") == "Input.ChoiceSet":
        titles = {c.get("value"): c.get("title") for c in element.get("choices") or []}
        chosen = str(value).split(",") if element.get("isMultiSelect") else [str(value)]
        return ", ".join(str(titles.get(v, v)) for v in chosen if v) or "–"
    if element.get("type") == "Input.Toggle":
        return str(element.get("title") or value)
    return str(value)


def _answered(element: Element, values: Mapping[str, Any]) -> Element | None:
    kind = str(element.get("type", ""))
    if kind.startswith(_INPUT_PREFIX):
        label = element.get("label") or element.get("placeholder") or ""
        value = _shown_value(element, values.get(str(element.get("id"))))
        return text(f"**{label}**  \n{value}" if label else value)
    if kind == "ActionSet":
        return None
    result = dict(element)
    for key in ("items", "columns"):
        if isinstance(element.get(key), list):
            result[key] = [
                answered
                for child in element[key]
                if (answered := _answered(child, values)) is not None
            ]
    result.pop("selectAction", None)
    return result


def answered_card(card: Element, values: Mapping[str, Any], note: str) -> Element:
    """``card`` with every input replaced by the value given and every button removed."""
    result = copy.deepcopy(card)
    result["body"] = [
        answered for element in card.get("body") or [] if (answered := _answered(element, values))
    ]
    result["body"].append(text(f"✓ {note}", bold=True))
    result.pop("actions", None)
    result.pop("refresh", None)
    return result
