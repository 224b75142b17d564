"""Every meeting-poll card, in Danish and English, as Teams' parser reads it."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from cards.meeting_forms import Preview, creation_card, preview_card
from cards.meeting_lists import my_meetings_card
from cards.meeting_polls import (
    changed_card,
    closed_vote_card,
    confirm_finalise_card,
    confirmation_card,
    notice_card,
    results_card,
    shared_card,
    vote_card,
)
from cards.texts import Texts
from domain.meetings import Answer
from domain.meetings.poll import Objections, PollStatus
from tests.card_check import check_cards
from tests.meeting_factories import poll

URL = "https://ki-bot.example.dk/calendar/abc.def.ics"


def every_card(texts: Texts) -> list[dict[str, Any]]:
    voted = poll(
        votes={
            "p1": {"s1": Answer.YES, "s2": Answer.NO},
            "p2": {"s1": Answer.YES, "s2": Answer.YES},
            "p3": {"s1": Answer.IF_NEED_BE, "s2": Answer.YES},
        },
        notes={"p2": "Kun kort"},
        agenda="Status\nNæste skridt",
        citizen_points="Bolig",
        show_answers=True,
    )
    decided = replace(voted, status=PollStatus.FINALISED, chosen_slot="s1")
    slot = voted.slots[0]
    preview = Preview("Opfølgning", "KI-2026-0001", ["tirsdag"], ["Anne"], "Rådhuset", "–", [], [])
    return [
        creation_card(
            texts, "0" * 32, [("t|bo", "Bo")], {"title": "x"}, ["note"], today=date(2026, 12, 7)
        ),
        creation_card(texts, "0" * 32, [], {}, today=date(2026, 12, 7)),
        preview_card(texts, "0" * 32, preview, {"title": "x"}),
        preview_card(texts, "0" * 32, replace(preview, problems=["no"]), {}),
        vote_card(texts, voted, voted.people[1], saved=True),
        vote_card(texts, voted, voted.people[2], proxy=True, missing=True),
        shared_card(texts, voted, voted.ranking()),
        shared_card(texts, decided, None),
        results_card(texts, voted, voted.ranking(), manage=True),
        results_card(texts, poll(), poll().ranking(), manage=False),
        results_card(texts, decided, decided.ranking(), manage=True),
        confirm_finalise_card(texts, voted, voted.slots[1], Objections(voted.people[:1])),
        confirm_finalise_card(
            texts, voted, voted.slots[1], Objections(voted.people[:1], voted.people[1:])
        ),
        closed_vote_card(texts, decided, voted.people[1]),
        my_meetings_card(texts, [voted, replace(decided, id="1" * 32)], voted.tovholder),
        my_meetings_card(texts, [voted], voted.people[1].person or voted.tovholder),
        closed_vote_card(texts, replace(decided, status=PollStatus.CANCELLED), voted.people[0]),
        confirmation_card(texts, decided, slot, URL, ask_input=True, note="For Anna"),
        confirmation_card(texts, decided, slot, None, ask_input=False),
        changed_card(texts, decided, slot, URL, cancelled=False),
        changed_card(texts, decided, slot, URL, cancelled=True),
        notice_card(texts, voted, "Alle har svaret"),
    ]


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_meeting_card_is_valid_in_both_languages(language: str):
    check_cards(every_card(Texts(language)))


def test_the_results_explain_the_pick_in_the_readers_words():
    voted = poll(
        votes={
            "p1": {"s1": Answer.YES, "s2": Answer.YES},
            "p2": {"s1": Answer.NO, "s2": Answer.YES},
            "p3": {"s1": Answer.YES, "s2": Answer.NO},
        }
    )
    danish = json.dumps(
        results_card(Texts("da"), voted, voted.ranking(), manage=True), ensure_ascii=False
    )
    english = json.dumps(
        results_card(Texts("en"), voted, voted.ranking(), manage=True), ensure_ascii=False
    )

    assert "alle påkrævede kan; 2 af 3 i alt" in danish and "Jens kan ikke" in danish
    assert "all required can; 2 of 3 in total" in english


def test_the_shared_card_shows_the_answers_only_when_the_tovholder_chose_so():
    voted = poll(votes={"p1": {"s1": Answer.YES, "s2": Answer.YES}})
    hidden = json.dumps(shared_card(Texts("da"), voted, voted.ranking()), ensure_ascii=False)
    shown = json.dumps(
        shared_card(Texts("da"), replace(voted, show_answers=True), voted.ranking()),
        ensure_ascii=False,
    )

    assert "1 af 3 har svaret" in hidden and "venter på" not in hidden
    assert "venter på Jens" in shown


def test_a_closed_vote_card_shows_the_decision_and_the_reader_s_own_answers_without_a_button():
    decided = poll(
        status=PollStatus.FINALISED,
        chosen_slot="s2",
        votes={"p2": {"s1": Answer.NO}},
        notes={"p2": "Kun kort"},
    )
    bo = decided.people[1]

    fixed = closed_vote_card(Texts("da"), decided, bo)
    called_off = closed_vote_card(
        Texts("en"), replace(decided, status=PollStatus.CANCELLED, sequence=1), bo
    )

    shown = json.dumps(fixed, ensure_ascii=False)
    assert "Mødet er fastlagt til onsdag d. 9. december kl. 13.00–14.00." in shown
    assert '"value": "Nej"' in shown and '"value": "ikke besvaret"' in shown
    assert "Kun kort" in shown and "actions" not in fixed
    assert "The meeting Wednesday 9 December at 13:00–14:00 is cancelled." in json.dumps(
        called_off, ensure_ascii=False
    )


def test_fixing_a_time_anyway_names_who_said_no_and_who_has_not_answered():
    voted = poll()
    anne, jens = voted.people[0], voted.people[2]

    card = confirm_finalise_card(Texts("da"), voted, voted.slots[0], Objections((anne,), (jens,)))

    shown = json.dumps(card, ensure_ascii=False)
    assert "Anne (påkrævet) har svaret nej til tirsdag d. 8. december" in shown
    assert "Jens (påkrævet) har ikke svaret på tirsdag d. 8. december" in shown


def test_a_proxy_vote_card_leads_the_tovholder_back_to_the_results_and_a_vote_card_does_not():
    texts = Texts("da")
    voted = poll()
    proxied = vote_card(texts, voted, voted.people[2], proxy=True, saved=True)
    own = vote_card(texts, voted, voted.people[1])

    verbs = [action["verb"] for action in proxied["actions"]]
    assert verbs == ["meetings.vote", "meetings.results"]
    assert [action["verb"] for action in own["actions"]] == ["meetings.vote"]
    check_cards([proxied])


@pytest.mark.parametrize(
    ("language", "own", "for_them"),
    [
        ("da", "Du kan ændre dine svar", "Du kan ændre svarene for"),
        ("en", "You can change your answers", "You can change the answers for"),
    ],
)
def test_the_proxy_card_speaks_of_the_person_voted_for_not_of_the_reader(
    language: str, own: str, for_them: str
):
    voted = poll()
    citizen = voted.people[2]

    card = json.dumps(vote_card(Texts(language), voted, citizen, proxy=True), ensure_ascii=False)
    own_card = json.dumps(vote_card(Texts(language), voted, voted.people[1]), ensure_ascii=False)

    assert own not in card and f"{for_them} {citizen.name}" in card
    assert own in own_card
