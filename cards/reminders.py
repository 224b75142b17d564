"""Reminder cards: set (with change time / cancel), change time, the reminder itself when it
fires (done, snooze, stop), and the list of one's coming reminders."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from babel.dates import format_time, get_day_names

from domain.reminders import SNOOZE_KINDS
from domain.timeparse import Recurrence, format_moment
from domain.timeparse.recurrence import EVERY_DAY, WORKING_DAYS

from .common import (
    ATTENTION,
    Element,
    adaptive_card,
    container,
    heading,
    notice,
    submit,
    text,
    text_input,
)
from .texts import Texts

CHANGE_VERB: Final = "reminders.change"
RESCHEDULE_VERB: Final = "reminders.reschedule"
CANCEL_VERB: Final = "reminders.cancel"
DONE_VERB: Final = "reminders.done"
SNOOZE_VERB: Final = "reminders.snooze"
STOP_VERB: Final = "reminders.stop"
WHEN_INPUT: Final = "when"


@dataclass(frozen=True)
class ReminderView:
    """What a card shows of a reminder: ``at`` is its next (or this) time."""

    id: int
    text: str
    at: datetime
    recurrence: Recurrence | None = None
    audience: str = "me"


def repeat_text(texts: Texts, recurrence: Recurrence) -> str:
    """'hver mandag og torsdag kl. 09.00' / 'every Monday and Thursday at 09:00'."""
    clock = str(format_time(recurrence.at, texts("reminders.clock_pattern"), locale=texts.language))
    if recurrence.weekdays == EVERY_DAY:
        return texts("reminders.repeat.every_day", time=clock)
    if recurrence.weekdays == WORKING_DAYS:
        return texts("reminders.repeat.every_weekday", time=clock)
    names = get_day_names("wide", locale=texts.language)
    days = [str(names[day]) for day in sorted(recurrence.weekdays)]
    joined = (
        days[0]
        if len(days) == 1
        else f"{', '.join(days[:-1])} {texts('reminders.repeat.and')} {days[-1]}"
    )
    return texts("reminders.repeat.days", days=joined, time=clock)


def moment(texts: Texts, at: datetime, now: datetime) -> str:
    return format_moment(at, texts.language, now=now)


def _what(texts: Texts, view: ReminderView) -> Element:
    return text(texts("reminders.quoted", text=view.text), bold=True)


def _repeat_line(texts: Texts, view: ReminderView) -> list[Element]:
    if view.recurrence is None:
        return []
    return [
        text(
            texts("reminders.repeat_line", repeat=repeat_text(texts, view.recurrence)), subtle=True
        )
    ]


def set_card(texts: Texts, view: ReminderView, *, now: datetime) -> Element:
    """The answer to "påmind mig …": what was understood, with change time and cancel."""
    intro = "reminders.set_us" if view.audience == "us" else "reminders.set_me"
    return adaptive_card(
        [
            heading(texts("reminders.set_title")),
            text(texts(intro, when=moment(texts, view.at, now))),
            _what(texts, view),
            *_repeat_line(texts, view),
        ],
        [
            submit(texts("reminders.change"), CHANGE_VERB, reminder=view.id),
            submit(texts("reminders.cancel"), CANCEL_VERB, reminder=view.id),
        ],
    )


def change_card(
    texts: Texts, view: ReminderView, *, now: datetime, error: str | None = None
) -> Element:
    """A text input for the new time, read the same way as the first one."""
    body = [
        heading(texts("reminders.change_title")),
        _what(texts, view),
        text(texts("reminders.change_current", when=moment(texts, view.at, now)), subtle=True),
        *_repeat_line(texts, view),
        text_input(
            WHEN_INPUT,
            texts("reminders.change_label"),
            placeholder=texts("reminders.change_placeholder"),
            max_length=120,
        ),
    ]
    if error:
        body.append(notice(error, ATTENTION))
    return adaptive_card(
        body,
        [
            submit(texts("reminders.save"), RESCHEDULE_VERB, with_inputs=True, reminder=view.id),
            submit(texts("reminders.cancel"), CANCEL_VERB, reminder=view.id),
        ],
    )


def fired_card(texts: Texts, view: ReminderView, occurrence: str, *, now: datetime) -> Element:
    """The reminder at its time: done, snooze (1 hour, tomorrow morning, next week), stop."""
    snoozes = [
        submit(
            texts(f"reminders.snooze_{kind}"),
            SNOOZE_VERB,
            reminder=view.id,
            occurrence=occurrence,
            kind=kind,
        )
        for kind in SNOOZE_KINDS
    ]
    actions = [
        submit(
            texts("reminders.done"),
            DONE_VERB,
            style="positive",
            reminder=view.id,
            occurrence=occurrence,
        ),
        *snoozes,
    ]
    if view.recurrence is not None:
        actions.append(
            submit(texts("reminders.stop"), STOP_VERB, reminder=view.id, occurrence=occurrence)
        )
    return adaptive_card(
        [
            heading(texts("reminders.fired_title")),
            _what(texts, view),
            text(texts("reminders.fired_when", when=moment(texts, view.at, now)), subtle=True),
            *_repeat_line(texts, view),
        ],
        actions,
    )


def list_card(
    texts: Texts, views: Sequence[ReminderView], *, now: datetime, note: str | None = None
) -> Element:
    """The coming reminders, soonest first, each with its own cancel button."""
    body: list[Element] = [heading(texts("reminders.list_title"))]
    if note:
        body.append(text(f"✓ {note}", bold=True))
    if not views:
        body.append(text(texts("reminders.list_empty")))
    for view in sorted(views, key=lambda v: (v.at, v.id)):
        items = [
            text(texts("reminders.list_item", when=moment(texts, view.at, now))),
            text(view.text),
            *_repeat_line(texts, view),
            {
                "type": "ActionSet",
                "actions": [
                    submit(texts("reminders.cancel"), CANCEL_VERB, reminder=view.id, origin="list")
                ],
            },
        ]
        body.append(container(items, separator=True))
    body.append(text(texts("reminders.how"), subtle=True))
    return adaptive_card(body)


def answer_note(
    texts: Texts, state: str, *, until: datetime | None = None, now: datetime, already: bool = False
) -> str:
    """How a reminder card was answered: 'Udsat til …', 'Færdig.'; ``already`` for a card that
    was answered before this click (or whose reminder was stopped or cancelled meanwhile)."""
    when = moment(texts, until, now) if until is not None else ""
    prefix = "reminders.note.already_" if already else "reminders.note."
    return texts(f"{prefix}{state}", when=when)
