"""The course cards in both languages pass Microsoft's card parser; the quarter chart is the one
element it does not know (Teams draws it; other clients get the table)."""

from __future__ import annotations

import pytest

from cards.course import CourseView, Done, Due, NudgeView, course_card, escalation_card, nudge_card
from cards.course_lists import (
    CourseLine,
    DeadlineLine,
    Overview,
    QuarterRow,
    ReminderLine,
    courses_card,
    deadlines_card,
    open_card,
    overview_card,
    quarter_chart,
)
from cards.texts import LANGUAGES, Texts
from tests.card_check import CardRejected, check_cards

VIEW = CourseView(
    "KI-2026-0001",
    "AB",
    1,
    "meeting_held",
    "Anne Andersen",
    [Done("give_consent", "Anne Andersen", "5. januar")],
    [Due("plan", "22. januar", overdue=True)],
    ["write_plan", "schedule_meeting", "reject_plan", "close"],
    coordinator=True,
    people=[("t/a", "Erik Eriksen")],
    correctable=["hold_meeting"],
)
ROWS = [QuarterRow(f"2026-Q{n}", n, n, n - 1, 1) for n in range(1, 5)]
OVERVIEW = Overview(
    "PC Amager", [DeadlineLine("KI-2026-0001", "plan", "19. januar", True)], [], [], ROWS
)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_course_card_passes_the_card_parser(language: str):
    texts = Texts(language)
    nudge = NudgeView("KI-2026-0001", "plan", "22. januar", "2026-01-22", "7d", "write_plan")
    cards = [
        course_card(texts, VIEW),
        course_card(texts, VIEW, personal=False),
        nudge_card(texts, nudge, "For Anne"),
        escalation_card(texts, VIEW, Due("plan", "22. januar", True)),
        courses_card(texts, "x", [CourseLine("KI-2026-0001", "idea", None, None)]),
        courses_card(texts, "x", []),
        deadlines_card(texts, [DeadlineLine("KI-2026-0001", "follow_up", "1. juli")]),
        deadlines_card(
            texts,
            [
                DeadlineLine("KI-2026-0001", "plan", "1. juli", overdue=True),
                DeadlineLine("KI-2026-0001", "follow_up", "1. december"),
            ],
            [ReminderLine("fredag d. 9. januar kl. 09.00", "ringe til lægen")],
            organisation="PC Amager",
        ),
        open_card(texts, "KI-2026-0001"),
        overview_card(texts, OVERVIEW),
    ]
    check_cards(cards)


def test_the_case_card_shows_only_the_viewers_steps_in_rows_of_five():
    card = course_card(Texts("da"), VIEW)
    rows = [e for e in card["body"] if e["type"] == "ActionSet"]
    assert all(len(row["actions"]) <= 5 for row in rows)
    titles = [a["title"] for row in rows for a in row["actions"]]
    assert "Plan skrevet" in titles and "Møde holdt" not in titles
    assert [a["title"] for a in card["actions"]] == ["Opdater"]


def test_the_overview_sends_teams_chart_checked_by_our_schema_with_the_table_as_fallback():
    with_chart = overview_card(Texts("da"), OVERVIEW, chart=True)
    [chart] = [e for e in with_chart["body"] if str(e.get("type")).startswith("Chart.")]

    assert chart["type"] == "Chart.VerticalBar.Grouped" and chart["fallback"]["type"] == "FactSet"
    check_cards([with_chart])  # our schema for the chart, Microsoft's parser for the rest


@pytest.mark.parametrize(
    "broken",
    [
        {"fallback": None},
        {"data": [{"legend": "Startet", "values": [{"x": "2026-Q1", "y": "3"}]}]},
        {"data": []},
        {"type": "Chart.Pie"},
    ],
)
def test_a_chart_our_schema_does_not_accept_is_rejected(broken: dict[str, object]):
    chart = {**quarter_chart(Texts("da"), ROWS), **broken}
    if chart["fallback"] is None:
        del chart["fallback"]
    card = {**overview_card(Texts("da"), OVERVIEW), "body": [chart]}

    with pytest.raises(CardRejected, match=r"Chart\."):
        check_cards([card])
