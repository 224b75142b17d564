"""Lists of courses (``mine forløb``, ``forløb``, ``frister``), each case with a button that opens
its card, and the coordinators' Monday overview, with the quarters drawn as a chart where Teams
can (a table where it cannot)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .common import (
    Element,
    adaptive_card,
    bullet_list,
    container,
    fact_set,
    heading,
    identified,
    row_with_button,
    submit,
    text,
)
from .course import VIEW_VERB
from .texts import Texts


@dataclass(frozen=True)
class CourseLine:
    reference: str
    stage: str  # a Stage value
    next_kind: str | None  # a DeadlineKind value
    next_due: str | None
    overdue: bool = False


@dataclass(frozen=True)
class DeadlineLine:
    reference: str
    kind: str
    due: str
    overdue: bool = False


@dataclass(frozen=True)
class ReminderLine:
    """One of the reader's own coming reminders: when (as shown) and what."""

    when: str
    what: str


def open_button(texts: Texts, reference: str, row: str = "") -> Element:
    """*Åbn*: the case card with the clicker's own buttons, for whoever may see it (the same
    verb as the case card's own refresh). ``row`` tells apart two rows of one case."""
    button = submit(texts("course.lists.open"), VIEW_VERB, reference=reference)
    return identified(button, f"open-{reference}{f'-{row}' if row else ''}")


def open_card(texts: Texts, reference: str) -> Element:
    """A case asked for in a group chat or channel: nothing of it shown, a button that shows it
    to whoever presses it (only to them, and only if they may see it)."""
    return adaptive_card(
        [
            heading(texts("course.title", reference=reference)),
            row_with_button(
                [text(texts("course.lists.open_shared"), subtle=True)],
                open_button(texts, reference),
            ),
        ]
    )


def _next(texts: Texts, line: CourseLine) -> str:
    if line.next_kind is None or line.next_due is None:
        return texts("course.lists.no_next")
    key = "course.overdue_line" if line.overdue else "course.deadline_line"
    return texts(key, kind=texts(f"course.kind.{line.next_kind}"), due=line.next_due)


def courses_card(texts: Texts, title: str, lines: Sequence[CourseLine]) -> Element:
    if not lines:
        return adaptive_card([heading(title), text(texts("course.lists.none"), subtle=True)])
    rows = [
        row_with_button(
            [
                text(
                    texts(
                        "course.lists.line",
                        reference=line.reference,
                        stage=texts(f"course.stage.{line.stage}"),
                        next=_next(texts, line),
                    )
                )
            ],
            open_button(texts, line.reference),
        )
        for line in lines
    ]
    return adaptive_card([heading(title), *rows])


def _deadline_items(texts: Texts, lines: Sequence[DeadlineLine]) -> Element:
    if not lines:
        return text(texts("course.overview.none"), subtle=True)
    return bullet_list(
        texts(
            "course.lists.deadline",
            due=line.due,
            reference=line.reference,
            kind=texts(f"course.kind.{line.kind}"),
        )
        for line in lines
    )


def _deadline_rows(texts: Texts, lines: Sequence[DeadlineLine]) -> list[Element]:
    if not lines:
        return [text(texts("course.lists.no_deadlines"), subtle=True)]
    # A case's first row's button is "open-<reference>", as in the other lists; a later row of the
    # same case is told apart by its kind.
    first_rows = {line.reference: index for index, line in reversed(list(enumerate(lines)))}
    return [
        row_with_button(
            [
                text(
                    texts(
                        "course.lists.overdue_deadline"
                        if line.overdue
                        else "course.lists.deadline",
                        due=line.due,
                        reference=line.reference,
                        kind=texts(f"course.kind.{line.kind}"),
                    )
                )
            ],
            open_button(
                texts, line.reference, "" if first_rows[line.reference] == i else line.kind
            ),
        )
        for i, line in enumerate(lines)
    ]


def _reminder_rows(texts: Texts, reminders: Sequence[ReminderLine]) -> list[Element]:
    if not reminders:
        return [text(texts("course.lists.no_reminders"), subtle=True)]
    lines = [texts("course.lists.reminder", when=r.when, what=r.what) for r in reminders]
    return [text("\n\n".join(lines)), text(texts("course.lists.reminders_how"), subtle=True)]


def deadlines_card(
    texts: Texts,
    lines: Sequence[DeadlineLine],
    reminders: Sequence[ReminderLine] = (),
    *,
    organisation: str | None = None,
) -> Element:
    """``frister``: the coming deadlines of one's KI courses (with ``organisation``, a
    coordinator's organisation's too), each opening its case, and one's own coming reminders."""
    courses = (
        texts("course.lists.course_deadlines_coordinator", organisation=organisation)
        if organisation
        else texts("course.lists.course_deadlines")
    )
    return adaptive_card(
        [
            heading(texts("course.lists.deadlines_title")),
            container([text(courses, bold=True)], separator=True),
            *_deadline_rows(texts, lines),
            container([text(texts("course.lists.reminders_title"), bold=True)], separator=True),
            *_reminder_rows(texts, reminders),
        ]
    )


@dataclass(frozen=True)
class QuarterRow:
    quarter: str
    started: int
    plans_written: int
    plans_on_time: int
    follow_ups_held: int


@dataclass(frozen=True)
class Overview:
    organisation: str
    missed: Sequence[DeadlineLine]
    this_week: Sequence[DeadlineLine]
    next_week: Sequence[DeadlineLine]
    quarters: Sequence[QuarterRow]  # oldest first; the last is the current quarter


def quarter_table(texts: Texts, quarters: Sequence[QuarterRow]) -> Element:
    """The figures as a plain FactSet: what every client shows."""
    return fact_set(
        (
            row.quarter,
            f"{texts('course.overview.started')}: {row.started} · "
            f"{texts('course.overview.plans_on_time')}: {row.plans_on_time}/{row.plans_written} · "
            f"{texts('course.overview.follow_ups')}: {row.follow_ups_held}",
        )
        for row in quarters
    )


def quarter_chart(texts: Texts, quarters: Sequence[QuarterRow]) -> Element:
    """Teams' grouped bar chart of the quarters, falling back to the table elsewhere."""
    series: list[tuple[str, Any]] = [
        (texts("course.overview.started"), lambda r: r.started),
        (texts("course.overview.plans_on_time"), lambda r: r.plans_on_time),
        (texts("course.overview.follow_ups"), lambda r: r.follow_ups_held),
    ]
    return {
        "type": "Chart.VerticalBar.Grouped",
        "title": texts("course.overview.chart_title"),
        "data": [
            {"legend": legend, "values": [{"x": r.quarter, "y": value(r)} for r in quarters]}
            for legend, value in series
        ],
        "fallback": quarter_table(texts, quarters),
    }


def overview_card(texts: Texts, overview: Overview, *, chart: bool = False) -> Element:
    """``chart``: draw the quarters with Teams' grouped bar chart, the table as its fallback for
    clients without charts (the bot sends the chart; the table alone where a chart cannot go)."""
    body: list[Element] = [
        heading(texts("course.overview.title", organisation=overview.organisation))
    ]
    for key, lines in (
        ("missed", overview.missed),
        ("this_week", overview.this_week),
        ("next_week", overview.next_week),
    ):
        body.append(
            container(
                [text(texts(f"course.overview.{key}"), bold=True), _deadline_items(texts, lines)],
                separator=True,
            )
        )
    if overview.quarters:
        current = overview.quarters[-1]
        body.append(
            container(
                [
                    text(texts("course.overview.quarter", quarter=current.quarter), bold=True),
                    fact_set(
                        [
                            (texts("course.overview.started"), str(current.started)),
                            (
                                texts("course.overview.plans_on_time"),
                                f"{current.plans_on_time}/{current.plans_written}",
                            ),
                            (texts("course.overview.follow_ups"), str(current.follow_ups_held)),
                        ]
                    ),
                ],
                separator=True,
            )
        )
        body.append(text(texts("course.overview.chart_title"), bold=True))
        body.append(
            quarter_chart(texts, overview.quarters)
            if chart
            else quarter_table(texts, overview.quarters)
        )
    return adaptive_card(body)
