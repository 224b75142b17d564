"""No card tells anything by a fixed text colour (issue 18, item 19).

Teams' "good" text is #92C353: 2.1:1 on white, unreadable for many. A status is told by words,
a glyph and a container style (which Teams' light, dark and high-contrast themes each recolour),
as the screening result already does. Every card builder that can be called here is checked;
cards/course*.py are not yet (they are being ported: their coloured deadlines are listed in the
issue's report).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time
from typing import Any

import pytest

from cards.answered import answered_card
from cards.digest import digest_card
from cards.directory import (
    AbsenceRow,
    OrganisationChoice,
    PersonChoice,
    PoolView,
    absence_card,
    confirm_change_card,
    organisation_card,
    pools_card,
)
from cards.meeting_forms import Preview, preview_card
from cards.privacy import deleted_card, handed_over_card
from cards.reminders import (
    ReminderView,
    answer_note,
    change_card,
    fired_card,
    list_card,
    set_card,
)
from cards.screening import case_created_card, follow_up_card, questions_card
from cards.sparring import request_card
from cards.texts import Texts
from domain.sparring import Status
from domain.timeparse import Recurrence
from tests.test_cards import LANGUAGES
from tests.test_meeting_cards import every_card as meeting_cards
from tests.test_screening_cards import VARIANTS, _elements, _result_card
from tests.test_sparring_cards import VIEW, _all_cards

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ONCE = ReminderView(7, "ringe til lægen", datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
WEEKLY = replace(ONCE, id=8, recurrence=Recurrence(frozenset({0}), time(9, 0)))
AMAGER = OrganisationChoice("pc-amager", "Psykiatrisk Center Amager", "region")
ANNA = PersonChoice("1", "Anna Andersen – Psykiatrisk Center Amager")


def _onboarding(texts: Texts) -> list[dict[str, Any]]:
    from cards.onboarding import error_card, help_card, language_card, welcome_card

    return [welcome_card(texts), help_card(texts), language_card(texts), error_card(texts, "c1")]


def _screening(texts: Texts) -> list[dict[str, Any]]:
    return [
        questions_card(texts, card_id="c1", owner="u1"),
        follow_up_card(texts, card_id="c2", owner="u1"),
        case_created_card(texts, reference="KI-2026-0001", level=2, next_steps=["a"]),
        *(_result_card(texts, variant) for variant in VARIANTS),
    ]


def _meetings(texts: Texts) -> list[dict[str, Any]]:
    preview = Preview("Møde", None, ["tirsdag"], ["Anne"], "", "–", ["note"], ["problem"])
    return [*meeting_cards(texts), preview_card(texts, "0" * 32, preview, {})]


def _sparring(texts: Texts) -> list[dict[str, Any]]:
    return [*_all_cards(texts), *(request_card(texts, replace(VIEW, status=s)) for s in Status)]


def _reminders(texts: Texts) -> list[dict[str, Any]]:
    fired = fired_card(texts, ONCE, "k", now=NOW)
    return [
        set_card(texts, ONCE, now=NOW),
        change_card(texts, ONCE, now=NOW, error=texts("time.error.past")),
        fired,
        fired_card(texts, WEEKLY, "k", now=NOW),
        list_card(texts, [WEEKLY, ONCE], now=NOW, note="x"),
        answered_card(fired, {}, answer_note(texts, "done", now=NOW)),
        digest_card(texts, [(fired, None), (None, "summary")]),
    ]


def _directory(texts: Texts) -> list[dict[str, Any]]:
    return [
        organisation_card(texts, [AMAGER], owner="29:a"),
        pools_card(texts, [PoolView(AMAGER, ["Anna"], [], [])], [ANNA], owner="29:a"),
        confirm_change_card(
            texts, change="coordinator", person=ANNA, organisation=AMAGER, owner="29:a", card_id="c"
        ),
        absence_card(
            texts,
            [AbsenceRow(7, date(2026, 12, 1), date(2026, 12, 5))],
            [ANNA],
            owner="29:a",
            today=date(2026, 11, 23),
            note="Slettet: fravær 8/12.",
        ),
    ]


def _privacy(texts: Texts) -> list[dict[str, Any]]:
    return [deleted_card(texts), handed_over_card(texts, reference="KI-2026-0001", tovholder="Bo")]


BUILDERS = {
    "onboarding": _onboarding,
    "screening": _screening,
    "meetings": _meetings,
    "sparring": _sparring,
    "reminders": _reminders,
    "directory": _directory,
    "privacy": _privacy,
}


@pytest.mark.parametrize("texts", LANGUAGES, ids=lambda t: t.language)
@pytest.mark.parametrize("area", BUILDERS)
def test_no_card_element_has_a_fixed_text_colour(texts: Texts, area: str):
    coloured = [
        (element.get("text"), element["color"])
        for card in BUILDERS[area](texts)
        for element in _elements(card)
        if "color" in element
    ]

    assert coloured == []


@pytest.mark.parametrize("texts", LANGUAGES, ids=lambda t: t.language)
def test_a_saved_vote_and_an_answered_question_say_so_in_a_styled_container_with_a_glyph(
    texts: Texts,
):
    from cards.meeting_polls import vote_card
    from tests.meeting_factories import poll

    voted = poll()
    saved = vote_card(texts, voted, voted.people[1], saved=True)
    answered = request_card(texts, replace(VIEW, status=Status.ANSWERED))

    for card, words in (
        (saved, texts("meetings.vote_saved")),
        (answered, texts("sparring.status.answered_by", name=VIEW.claimer_name)),
    ):
        [box] = [e for e in _elements(card) if e.get("style") == "good"]
        [line] = box["items"]
        assert line["text"] == f"✓ {words}" and line["weight"] == "Bolder"


async def test_the_lines_the_meeting_dialogs_add_to_a_card_have_no_colour_either():
    from dialogs.meetings.commands import DraftForm, Finalise, OpenDraft
    from dialogs.router import parse
    from domain.meetings import Answer
    from tests.dialogs.meeting_world import POLL_ID, draft, polls, stored, world
    from tests.dialogs.test_meetings_creating import _form
    from tests.dialogs.turns import ANNE, turn

    unit = world()
    meetings = polls(unit)
    draft(unit)
    await meetings.creating.preview(turn(ANNE), parse(DraftForm, _form()))
    opened = meetings.creating.open(unit, turn(ANNE), OpenDraft(POLL_ID))
    decided_unit = world()
    stored(decided_unit, votes={"p2": {"s1": Answer.YES, "s2": Answer.YES}})
    decided = polls(decided_unit).closing.finalise(
        decided_unit, turn(ANNE), Finalise(POLL_ID, "s1", confirmed=True)
    )

    for card in (opened.card, decided.card):
        assert card is not None
        assert [e["text"] for e in _elements(card) if "color" in e] == []
