"""Lists of courses (``mine forløb``, ``forløb``, ``frister``) and the coordinators' Monday
overview, with the quarters drawn as a chart where Teams can (a table where it cannot)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .common import Element, adaptive_card, bullet_list, container, fact_set, heading, text
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


def _next(texts: Texts, line: CourseLine) -> str:
    if line.next_kind is None or line.next_due is None:
        return texts("course.lists.no_next")
    key = "course.overdue_line" if line.overdue else "course.deadline_line"
    return texts(key, kind=texts(f"course.kind.{line.next_kind}"), due=line.next_due)


def courses_card(texts: Texts, title: str, lines: Sequence[CourseLine]) -> Element:
    if not lines:
        return adaptive_card([heading(title), text(texts("course.lists.none"), subtle=True)])
    items = [
        texts(
            "course.lists.line",
            reference=line.reference,
            stage=texts(f"course.stage.{line.stage}"),
            next=_next(texts, line),
        )
        for line in lines
    ]
    return adaptive_card([heading(title), bullet_list(items)])


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


def deadlines_card(texts: Texts, lines: Sequence[DeadlineLine]) -> Element:
    body = [heading(texts("course.lists.deadlines_title"))]
    if not lines:
        return adaptive_card([*body, text(texts("course.lists.no_deadlines"), subtle=True)])
    return adaptive_card([*body, _deadline_items(texts, lines)])


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
    """``chart``: draw the quarters with Teams' chart element (Microsoft's card parser does not
    know chart elements, so the bot sends the table unless asked)."""
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
