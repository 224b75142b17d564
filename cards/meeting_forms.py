"""Creating a meeting poll: the form and the overview that shows every understood time back."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from domain.meetings.drafting import example_day
from domain.timeparse import format_typed_day

from .common import (
    ATTENTION,
    INFO,
    Element,
    adaptive_card,
    bullet_list,
    fact_set,
    free_text_input,
    heading,
    notice,
    number_input,
    submit,
    text,
    text_input,
)
from .pickers import MEETING_PEOPLE, person_picker
from .texts import Texts

PROPOSE_VERB: Final = "meetings.propose"
PREVIEW_VERB: Final = "meetings.preview"
OPEN_VERB: Final = "meetings.open"
EDIT_VERB: Final = "meetings.edit"

FORM_FIELDS: Final = (
    "title",
    "case",
    "people",
    "optional",
    "citizen",
    "others",
    "slots",
    "minutes",
    "location",
    "doctor",
    "agenda",
    "citizen_points",
    "answer_by",
    "show_answers",
)


@dataclass(frozen=True)
class PreviewLine:
    label: str
    detail: str = ""


@dataclass(frozen=True)
class Preview:
    """What the poll will be, in the reader's words; ``problems`` stop it from going out."""

    title: str
    case_reference: str | None
    times: Sequence[str]
    people: Sequence[str]
    place: str
    answer_by: str
    problems: Sequence[str]
    notes: Sequence[str]


def _toggle(input_id: str, label: str, value: str) -> Element:
    return {
        "type": "Input.Toggle",
        "id": input_id,
        "title": label,
        "value": "true" if value == "true" else "false",
        "valueOn": "true",
        "valueOff": "false",
    }


def _date(input_id: str, label: str, value: str) -> Element:
    element: Element = {"type": "Input.Date", "id": input_id, "label": label}
    if value:
        element["value"] = value
    return element


def _with_value(element: Element, value: str) -> Element:
    if value:
        element["value"] = value
    return element


def slot_example(texts: Texts, today: date) -> str:
    """A time line as the form takes it, on a day to come: 'tirsdag d. 15/12 kl 10-11'."""
    return texts(
        "meetings.slots_placeholder", day=format_typed_day(example_day(today), texts.language)
    )


def creation_card(
    texts: Texts,
    draft_id: str,
    choices: Sequence[tuple[str, str]],
    values: Mapping[str, str],
    notes: Sequence[str] = (),
    *,
    today: date,
    chosen: Sequence[tuple[str, str]] = (),
) -> Element:
    """The form; ``choices`` are (value, name) of the people the tovholder can pick, most
    relevant first (the pickers search the rest as the tovholder types, and list the first few
    for clients without search); ``chosen`` names the people already picked, so a re-rendered
    form keeps them; the example time is made from ``today``."""
    t = texts
    v = dict(values)
    body: list[Element] = [heading(t("meetings.create_title")), text(t("meetings.create_intro"))]
    body += [notice(note, INFO) for note in notes]
    pickers: list[Element] = []
    if choices or chosen:  # an empty choice set is not a valid card
        pickers = [
            person_picker(
                input_id,
                t(label),
                MEETING_PEOPLE,
                choices,
                chosen=chosen,
                value=v.get(input_id) or None,
                multi=True,
                placeholder=t("meetings.people_placeholder"),
            )
            for input_id, label in (
                ("people", "meetings.people_label"),
                ("optional", "meetings.optional_label"),
            )
        ]
    body += [
        _with_value(
            free_text_input(t, "title", t("meetings.title_label")),
            v.get("title", ""),
        ),
        _with_value(
            text_input(
                "case",
                t("meetings.case_label"),
                placeholder=t("meetings.case_placeholder"),
                max_length=20,
            ),
            v.get("case", ""),
        ),
        *pickers,
        _with_value(
            free_text_input(t, "citizen", t("meetings.citizen_label")),
            v.get("citizen", t("meetings.citizen_default")),
        ),
        _with_value(
            free_text_input(
                t, "others", t("meetings.others_label"), multiline=True, max_length=1000
            ),
            v.get("others", ""),
        ),
        _with_value(
            text_input(
                "slots",
                t("meetings.slots_label"),
                placeholder=slot_example(t, today),
                multiline=True,
                max_length=2000,
            ),
            v.get("slots", ""),
        ),
        number_input(
            "minutes",
            t("meetings.minutes_label"),
            minimum=15,
            maximum=420,
            value=int(v["minutes"]) if v.get("minutes", "").isdigit() else 60,
        ),
        _with_value(text_input("location", t("meetings.location_label")), v.get("location", "")),
        _toggle("doctor", t("meetings.doctor_label"), v.get("doctor", "false")),
        _with_value(
            free_text_input(
                t, "agenda", t("meetings.agenda_label"), multiline=True, max_length=2000
            ),
            v.get("agenda", ""),
        ),
        _with_value(
            free_text_input(
                t,
                "citizen_points",
                t("meetings.citizen_points_label"),
                multiline=True,
                max_length=2000,
            ),
            v.get("citizen_points", ""),
        ),
        _date("answer_by", t("meetings.answer_by_label"), v.get("answer_by", "")),
        _toggle("show_answers", t("meetings.show_answers_label"), v.get("show_answers", "false")),
    ]
    actions = [
        submit(t("meetings.propose"), PROPOSE_VERB, with_inputs=True, draft=draft_id),
        submit(
            t("meetings.preview"), PREVIEW_VERB, style="positive", with_inputs=True, draft=draft_id
        ),
    ]
    return adaptive_card(body, actions)


def preview_card(texts: Texts, draft_id: str, preview: Preview, form: Mapping[str, Any]) -> Element:
    t = texts
    facts = [(t("meetings.title_label"), preview.title)]
    if preview.case_reference:
        facts.append((t("meetings.preview_case"), preview.case_reference))
    facts += [
        (t("meetings.preview_place"), preview.place or "–"),
        (t("meetings.preview_answer_by"), preview.answer_by),
    ]
    body: list[Element] = [heading(t("meetings.preview_title")), fact_set(facts)]
    body += [text(t("meetings.preview_times"), bold=True), bullet_list(preview.times or ["–"])]
    body += [text(t("meetings.preview_people"), bold=True), bullet_list(preview.people)]
    body += [notice(note, INFO) for note in preview.notes]
    body += [notice(problem, ATTENTION) for problem in preview.problems]
    actions = [submit(t("meetings.edit"), EDIT_VERB, draft=draft_id, form=dict(form))]
    if not preview.problems:
        actions.insert(0, submit(t("meetings.send"), OPEN_VERB, style="positive", draft=draft_id))
    return adaptive_card(body, actions)
