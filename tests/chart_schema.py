"""Our own schema for the chart elements Teams renders but Microsoft's card parser (npm
`adaptivecards`) does not know: `Chart.VerticalBar.Grouped` as documented for Teams (Adaptive
Cards charts). A chart must carry a ``fallback`` element for clients without charts."""

from __future__ import annotations

from typing import Any, Final

from jsonschema import Draft202012Validator

_POINT: Final = {
    "type": "object",
    "required": ["x", "y"],
    "properties": {"x": {"type": ["string", "number"]}, "y": {"type": "number"}},
    "additionalProperties": False,
}
_SERIES: Final = {
    "type": "object",
    "required": ["legend", "values"],
    "properties": {
        "legend": {"type": "string", "minLength": 1},
        "values": {"type": "array", "minItems": 1, "items": _POINT},
        "color": {"type": "string"},
    },
    "additionalProperties": False,
}
GROUPED_BAR_CHART: Final = {
    "type": "object",
    "required": ["type", "data", "fallback"],
    "properties": {
        "type": {"const": "Chart.VerticalBar.Grouped"},
        "id": {"type": "string"},
        "title": {"type": "string"},
        "colorSet": {"type": "string"},
        "xAxisTitle": {"type": "string"},
        "yAxisTitle": {"type": "string"},
        "stacked": {"type": "boolean"},
        "showBarValues": {"type": "boolean"},
        "data": {"type": "array", "minItems": 1, "items": _SERIES},
        "fallback": {"type": "object", "required": ["type"]},
    },
    "additionalProperties": False,
}
SCHEMAS: Final = {"Chart.VerticalBar.Grouped": Draft202012Validator(GROUPED_BAR_CHART)}


def chart_problems(element: dict[str, Any]) -> list[str]:
    """What is wrong with a chart element (an unknown chart type is a problem too)."""
    validator = SCHEMAS.get(str(element.get("type")))
    if validator is None:
        return [f"{element.get('type')}: a chart type this bot does not know"]
    return [
        f"{element['type']} {'/'.join(map(str, error.absolute_path)) or '(element)'}: "
        f"{error.message}"
        for error in validator.iter_errors(element)
    ]


def without_charts(node: Any, problems: list[str]) -> Any:
    """``node`` with every chart element checked (problems appended) and replaced by its
    fallback, as a client without charts shows it."""
    if isinstance(node, list):
        return [without_charts(item, problems) for item in node]
    if not isinstance(node, dict):
        return node
    if str(node.get("type", "")).startswith("Chart."):
        problems += chart_problems(node)
        return without_charts(node.get("fallback", {"type": "TextBlock", "text": ""}), problems)
    return {key: without_charts(value, problems) for key, value in node.items()}
