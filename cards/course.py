"""The case card (a KI course as a timeline with the viewer's own buttons), the nudge card and
the coordinators' escalation card."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from .common import (
    Element,
    adaptive_card,
    choice_set,
    container,
    fact_set,
    heading,
    submit,
    text,
    text_input,
)
from .texts import Texts

STEP_VERB: Final = "course.step"
VIEW_VERB: Final = "course.view"
SNOOZE_VERB: Final = "course.snooze"
NUDGE_VERB: Final = "course.nudge"
TAKE_OVER_VERB: Final = "course.take_over"
HAND_OVER_VERB: Final = "course.hand_over"
MEETING_STEP: Final = "schedule_meeting"
CORRECT_VERB: Final = "course.correct"


@dataclass(frozen=True)
class Done:
    step: str  # a Step value
    who: str
    when: str


@dataclass(frozen=True)
class Due:
    kind: str  # a DeadlineKind value
    due: str
    overdue: bool = False


@dataclass(frozen=True)
class Waiting:
    """What an open course waits for and who is to act: ``who`` is "you" (the viewer),
    "tovholder" or "coordinator" (``name``: who they are; ``organisation``: whose)."""

    step: str  # a Step value
    who: str
    name: str = ""
    organisation: str = ""


@dataclass(frozen=True)
class CourseView:
    reference: str
    initials: str | None
    level: int
    stage: str  # a Stage value
    tovholder: str
    done: Sequence[Done]
    due: Sequence[Due]
    steps: Sequence[str] = ()  # what this viewer may do now (Step values); empty: shared view
    coordinator: bool = False  # may nudge, take over and hand over
    people: Sequence[tuple[str, str]] = ()  # (value, name) for a handover
    correctable: Sequence[str] = ()  # dated steps of this round whose day this viewer may fix
    waiting: Waiting | None = None
    # The case's organisation has no coordinator in the bot: its name (the tovholder acts).
    uncoordinated: str | None = None
    own_case: bool = False  # the viewer is the tovholder: no nudging or taking over oneself


MAX_ACTIONS: Final = 5  # Teams shows at most five buttons in a row


def action_sets(actions: Sequence[Element]) -> list[Element]:
    """Buttons in the body, in rows of at most five."""
    return [
        {"type": "ActionSet", "actions": list(actions[i : i + MAX_ACTIONS])}
        for i in range(0, len(actions), MAX_ACTIONS)
    ]


def _title(texts: Texts, view: CourseView) -> str:
    if view.initials:
        return texts("course.title_initials", reference=view.reference, initials=view.initials)
    return texts("course.title", reference=view.reference)


def due_lines(texts: Texts, due: Sequence[Due]) -> list[Element]:
    if not due:
        return [text(texts("course.next_none"), subtle=True)]
    return [
        text(
            texts(
                "course.overdue_line" if d.overdue else "course.deadline_line",
                kind=texts(f"course.kind.{d.kind}"),
                due=d.due,
            ),
            color="Attention" if d.overdue else None,
        )
        for d in due
    ]


def waiting_lines(texts: Texts, view: CourseView) -> list[Element]:
    """What the course waits for and who is to act; with nobody to coordinate, says so."""
    lines: list[Element] = []
    if view.waiting is not None:
        waiting = view.waiting
        action = texts(f"course.waiting.action.{waiting.step}")
        lines.append(
            text(
                texts(f"course.waiting.{waiting.who}", action=action, name=waiting.name,
                      organisation=waiting.organisation),
                bold=True,
            )
        )  # fmt: skip
    if view.uncoordinated is not None:
        key = (
            "course.waiting.no_coordinator_you"
            if view.own_case
            else "course.waiting.no_coordinator"
        )
        lines.append(text(texts(key, organisation=view.uncoordinated), color="Attention"))
    return lines


def with_day_question(
    texts: Texts, card: Element, question: str, day: str, verb: str, **data: Any
) -> Element:
    """The case card asking first whether a meeting really was held on an unusual ``day``:
    one button says yes (``verb`` with ``data``), anything else leaves the course as it was."""
    answer = submit(texts("course.confirm_day", day=day), verb, style="positive", **data)
    card["body"] = [
        card["body"][0],
        text(question, color="Attention", bold=True),
        *action_sets([answer]),
        *card["body"][1:],
    ]
    return card


def _meeting_inputs(texts: Texts) -> list[Element]:
    return [
        text_input("when", texts("course.meeting_when"), max_length=80),
        {"type": "Input.Date", "id": "meeting_day", "label": texts("course.meeting_day")},
        {"type": "Input.Time", "id": "meeting_time", "label": texts("course.meeting_time")},
    ]


def _coordinator_actions(texts: Texts, view: CourseView) -> tuple[list[Element], list[Element]]:
    body: list[Element] = []
    actions: list[Element] = []
    if not view.own_case:
        actions += [
            submit(texts("course.escalation.nudge"), NUDGE_VERB, reference=view.reference),
            submit(texts("course.escalation.take_over"), TAKE_OVER_VERB, reference=view.reference),
        ]
    if view.people:
        body.append(
            choice_set(
                "tovholder",
                texts("course.escalation.new_tovholder"),
                view.people,
                error_message=texts("course.escalation.no_person"),
            )
        )
        actions.append(
            submit(
                texts("course.escalation.hand_over"),
                HAND_OVER_VERB,
                with_inputs=True,
                reference=view.reference,
            )
        )
    return body, actions


def course_card(texts: Texts, view: CourseView, *, personal: bool = True) -> Element:
    """The case card. ``personal``: this viewer's buttons; else the shared view everyone gets,
    with one button to fetch their own."""
    body: list[Element] = [
        heading(_title(texts, view)),
        fact_set(
            [
                (texts("course.stage_label"), texts(f"course.stage.{view.stage}")),
                (texts("course.level"), str(view.level)),
                (texts("course.tovholder"), view.tovholder),
            ]
        ),
        text(texts("course.timeline"), bold=True),
    ]
    if view.done:
        lines = [
            texts("course.done_line", step=texts(f"course.step.{d.step}"), who=d.who, when=d.when)
            for d in view.done
        ]
        body.append(text("\n\n".join(lines)))
    else:
        body.append(text(texts("course.nothing_yet"), subtle=True))
    body.append(container([text(texts("course.next_title"), bold=True)], separator=True))
    body += waiting_lines(texts, view)
    body += due_lines(texts, view.due)
    if not personal:
        return adaptive_card(
            body, [submit(texts("course.show_mine"), VIEW_VERB, reference=view.reference)]
        )
    if view.steps:
        body.append(text(texts("course.your_steps"), bold=True))
        if MEETING_STEP in view.steps:
            body += _meeting_inputs(texts)
        body += action_sets(
            [
                submit(
                    texts(f"course.step.{step}"),
                    STEP_VERB,
                    with_inputs=step == MEETING_STEP,
                    reference=view.reference,
                    step=step,
                )
                for step in view.steps
            ]
        )
    elif not view.coordinator:
        body.append(text(texts("course.no_steps_for_you"), subtle=True))
    if view.coordinator:
        extra_body, extra_actions = _coordinator_actions(texts, view)
        body += extra_body + action_sets(extra_actions)
    if view.correctable:
        body.append(
            {"type": "Input.Date", "id": "corrected_day", "label": texts("course.correct_day")}
        )
        body += action_sets(
            [
                submit(
                    texts("course.correct", step=texts(f"course.step.{step}")),
                    CORRECT_VERB,
                    with_inputs=True,
                    reference=view.reference,
                    step=step,
                )
                for step in view.correctable
            ]
        )
    actions = [submit(texts("course.refresh"), VIEW_VERB, reference=view.reference)]
    return adaptive_card(body, actions)


@dataclass(frozen=True)
class NudgeView:
    reference: str
    kind: str  # a DeadlineKind value
    due: str  # shown
    due_iso: str
    offset: str
    step: str | None  # the step that meets the deadline (Done)


def nudge_card(texts: Texts, view: NudgeView, note: str | None = None) -> Element:
    kind = texts(f"course.kind.{view.kind}")
    body: list[Element] = [
        heading(texts("course.nudge.title", kind=kind, reference=view.reference))
    ]
    if note:
        body.append(text(note, subtle=True))
    body.append(text(texts("course.nudge.due", due=view.due)))
    actions: list[Element] = []
    if view.step is not None:
        actions.append(
            submit(texts("course.nudge.done"), STEP_VERB, reference=view.reference, step=view.step)
        )
    actions += [
        submit(
            texts("course.nudge.snooze_day"),
            SNOOZE_VERB,
            delay="1d",
            offset=view.offset,
            reference=view.reference,
            kind=view.kind,
            due=view.due_iso,
        ),
        submit(
            texts("course.nudge.snooze_week"),
            SNOOZE_VERB,
            delay="1w",
            offset=view.offset,
            reference=view.reference,
            kind=view.kind,
            due=view.due_iso,
        ),
        submit(texts("course.nudge.open"), VIEW_VERB, reference=view.reference),
    ]
    return adaptive_card(body, actions)


def escalation_card(
    texts: Texts, view: CourseView, overdue: Due, note: str | None = None
) -> Element:
    """The case card for the coordinators, headed by the missed deadline."""
    kind = texts(f"course.kind.{overdue.kind}")
    card = course_card(texts, view)
    head: list[Element] = [
        heading(texts("course.escalation.title", reference=view.reference)),
        text(
            texts("course.escalation.text", kind=kind, due=overdue.due, tovholder=view.tovholder),
            color="Attention",
        ),
    ]
    if note:
        head.append(text(note, subtle=True))
    card["body"] = [*head, *card["body"][1:]]
    return card


def handover_card(texts: Texts, view: CourseView, by: str) -> Element:
    card = course_card(texts, view)
    head = [
        heading(texts("course.handover.title", reference=view.reference)),
        text(texts("course.handover.text", by=by)),
        *due_lines(texts, view.due),
    ]
    card["body"] = [*head, *card["body"][1:]]
    return card
