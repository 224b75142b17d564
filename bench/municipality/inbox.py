"""What each person found in their personal chat, read the way they would: a morning digest as
its parts, each part recognised by its buttons' verbs and data (nudges, escalations) or by its
heading (the Monday overview, a case card, a handover), in the wording of cards/locales/da."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from tests.harness.cards import actions
from tests.harness.transcript import Posted

_LOCALES = Path(__file__).resolve().parents[2] / "cards" / "locales" / "da"


def _wording(name: str) -> dict[str, Any]:
    return tomllib.loads((_LOCALES / f"{name}.toml").read_text("utf-8"))


def _pattern(template: str, **groups: str) -> re.Pattern[str]:
    """A locale template as a regular expression, each ``{field}`` a named group."""
    parts = re.split(r"\{(\w+)\}", template)
    out, seen = "", set()
    for index, part in enumerate(parts):
        if index % 2 == 0:
            out += re.escape(part)
        elif part in seen:
            out += f"(?P={part})"
        else:
            out += f"(?P<{part}>{groups.get(part, '.+?')})"
            seen.add(part)
    return re.compile(out)


COURSE = _wording("course")
DIRECTORY = _wording("directory")
DELIVERY = _wording("delivery")
KIND_BY_LABEL = {label: kind for kind, label in COURSE["kind"].items()}
REF = r"KI-\d{4}-\d{4}"
DIGEST = _pattern(DELIVERY["digest_title"], count=r"\d+")
CASE_CARD = _pattern(COURSE["title"], reference=REF)
CASE_CARD_INITIALS = _pattern(COURSE["title_initials"], reference=REF)
HANDOVER = _pattern(COURSE["handover"]["title"], reference=REF)
ESCALATION = _pattern(COURSE["escalation"]["text"])
OVERVIEW = _pattern(COURSE["overview"]["title"])
LINE = _pattern(COURSE["lists"]["deadline"], reference=REF)
ON_BEHALF = _pattern(DIRECTORY["on_behalf"])
PARTNER_POOL = _pattern(DIRECTORY["partner_pool"])
SECTIONS = {COURSE["overview"][key]: key for key in ("missed", "this_week", "next_week")}
NONE = COURSE["overview"]["none"]
QUARTER = re.compile(r"\d{4}-Q[1-4]")
FIGURES = re.compile(r"(\d+)\D+?(\d+)/(\d+)\D+?(\d+)$")


@dataclass(frozen=True)
class Line:
    due: str  # as shown: "tirsdag d. 24. november"
    reference: str
    kind: str


@dataclass
class OverviewSeen:
    organisation: str
    lists: dict[str, list[Line]] = field(default_factory=dict)
    quarters: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)


@dataclass
class Part:
    """One thing a person received: a message, or one part of a digest."""

    kind: str  # nudge, escalation, overview, case_card, handover, other
    reader: str
    at: datetime
    posted: Posted
    index: int = 0  # its place in a digest
    digest: bool = False
    reference: str | None = None
    deadline: str | None = None
    due: date | None = None
    due_text: str | None = None
    offset: str | None = None
    on_behalf: str | None = None  # the absent person's name, when a stand-in got it
    overview: OverviewSeen | None = None
    step: str | None = None  # the step a nudge's Done button takes


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, list):
        for item in node:
            yield from _walk(item)
    elif isinstance(node, dict):
        yield node
        for key in ("body", "items", "columns", "fallback"):  # a chart's table too
            if key in node:
                yield from _walk(node[key])


def _texts(elements: list[dict[str, Any]]) -> list[str]:
    return [str(e.get("text", "")) for e in _walk(elements) if e.get("type") == "TextBlock"]


def _sections(card: dict[str, Any]) -> tuple[list[dict[str, Any]], bool]:
    body = list(card.get("body") or [])
    first = str(body[0].get("text", "")) if body else ""
    if DIGEST.fullmatch(first):
        parts = [
            {"body": list(c.get("items") or [])} for c in body[2:] if c.get("type") == "Container"
        ]
        return parts, True
    return [card], False


def _on_behalf(texts: list[str]) -> str | None:
    for line in texts:
        for pattern in (ON_BEHALF, PARTNER_POOL):
            if (match := pattern.match(line)) is not None:
                return match["name"]
    return None


def _overview(elements: list[dict[str, Any]], organisation: str) -> OverviewSeen:
    seen = OverviewSeen(organisation)
    pending: str | None = None
    for element in _walk(elements):
        if element.get("type") == "TextBlock":
            value = str(element.get("text", ""))
            if value in SECTIONS:
                pending = SECTIONS[value]
                continue
            if pending is not None:
                lines = [] if value == NONE else value.split("\n")
                found = []
                for raw in lines:
                    match = LINE.fullmatch(raw.removeprefix("- "))
                    if match is None:
                        found.append(Line(raw, "?", "?"))
                    else:
                        kind = KIND_BY_LABEL.get(match["kind"], match["kind"])
                        found.append(Line(match["due"], match["reference"], kind))
                seen.lists[pending] = found
                pending = None
        elif element.get("type") == "FactSet":
            for fact in element.get("facts") or []:
                title, value = str(fact.get("title")), str(fact.get("value"))
                figures = FIGURES.search(value)
                if QUARTER.fullmatch(title) and figures is not None and "·" in value:
                    started, on_time, written, follow_ups = (int(g) for g in figures.groups())
                    seen.quarters[title] = (started, written, on_time, follow_ups)
    return seen


def read_part(
    section: dict[str, Any], reader: str, at: datetime, posted: Posted, index: int, digest: bool
) -> Part:
    part = Part("other", reader, at, posted, index, digest)
    elements = list(section.get("body") or [])
    texts = _texts(elements)
    heading = texts[0] if texts else ""
    part.on_behalf = _on_behalf(texts)
    buttons = actions(section)
    verbs = {str(a.get("verb")): dict(a.get("data") or {}) for a in buttons}
    if "course.snooze" in verbs:
        data = verbs["course.snooze"]
        part.kind = "nudge"
        part.reference, part.deadline = data.get("reference"), data.get("kind")
        part.due = date.fromisoformat(str(data.get("due")))
        part.offset = str(data.get("offset"))
        part.step = verbs.get("course.step", {}).get("step")
        return part
    if (match := OVERVIEW.fullmatch(heading)) is not None:
        part.kind = "overview"
        part.overview = _overview(elements, match["organisation"])
        return part
    if (match := HANDOVER.fullmatch(heading)) is not None:
        part.kind, part.reference = "handover", match["reference"]
        return part
    escalation = next((m for t in texts if (m := ESCALATION.fullmatch(t)) is not None), None)
    reference = next((d["reference"] for d in verbs.values() if d.get("reference")), None)
    if escalation is not None and reference is not None:
        # A coordinator who took the case over is its tovholder: her escalation offers no
        # "take over", so any of the case's buttons names it.
        part.kind = "escalation"
        part.reference = str(reference)
        part.deadline = KIND_BY_LABEL.get(escalation["kind"], escalation["kind"])
        part.due_text = escalation["due"]
        return part
    match = CASE_CARD.fullmatch(heading) or CASE_CARD_INITIALS.fullmatch(heading)
    if match is not None:
        part.kind, part.reference = "case_card", match["reference"]
    return part


def read(posted: Posted, reader: str, at: datetime, cards: list[dict[str, Any]]) -> list[Part]:
    """``cards``: the message's cards as first sent (a case card is updated later)."""
    if not cards:
        return [Part("other", reader, at, posted)]
    sections, digest = _sections(cards[0])
    return [read_part(s, reader, at, posted, i, digest) for i, s in enumerate(sections)]
