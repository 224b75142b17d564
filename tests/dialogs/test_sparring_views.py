"""How a thread reads on its cards: names from the directory (else what Teams said), and the
viewers whose own view Teams fetches by itself."""

from __future__ import annotations

from dataclasses import replace

from dialogs.sparring.views import organisation_name, person_name, thread_view, viewer_ids
from domain.identity import PersonRef
from domain.sparring import Status
from tests.dialogs.sparring_world import ERIK, asked, directory, unit_in_world
from tests.dialogs.turns import BO, CLARA

STRANGER = PersonRef("tenant-region", "aad-stranger")


def test_names_come_from_the_directory_then_from_teams_then_a_question_mark():
    known = directory()

    assert person_name(known, BO, "bo@teams") == "Bo Bertelsen"
    assert person_name(known, STRANGER, "Sam") == "Sam"
    assert person_name(known, None) == "?"
    assert organisation_name(known, "kk-misbrug") == "Københavns Misbrugscenter"
    assert organisation_name(known, "gone") == "gone"


def test_the_view_shows_the_pool_it_is_with_and_who_claimed_it():
    unit = unit_in_world()
    thread = replace(asked(unit), status=Status.CLAIMED, claimer=BO, claimer_name="Bo B.")

    view = thread_view(thread, unit.directory.directory)

    assert (view.asker_name, view.organisation_name, view.claimer_name) == (
        "Anne Andersen",
        "Psykiatrisk Center Amager",
        "Bo B.",
    )


def test_viewers_are_the_asker_the_claimer_and_the_pool_reachable_by_chat_or_roster():
    unit = unit_in_world()
    del unit.reach.chats[ERIK]
    unit.reach.rosters[ERIK] = "29:erik-from-roster"
    thread = replace(asked(unit), claimer=CLARA)

    ids = viewer_ids(unit, thread, unit.directory.directory)

    assert ids == ["29:aad-anne", "29:aad-clara", "29:aad-bo", "29:erik-from-roster"]
