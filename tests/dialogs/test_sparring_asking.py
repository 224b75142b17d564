"""Asking on fakes: the question card (with the organisations for someone who belongs to none, and
a screening's summary only if it is the asker's own), and where a question goes."""

from __future__ import annotations

from datetime import date

import pytest

from dialogs.sparring.asking import Asking
from dialogs.sparring.commands import AskQuestion
from domain.directory import Absence, Directory
from domain.identity import PersonRef
from domain.messaging import ToConversation, ToPerson
from domain.sparring import Status, keys
from storage.sparring import AttachedScreening
from tests.dialogs.sparring_world import (
    DINA,
    ERIK,
    REGION_CHANNEL,
    SETTINGS,
    directory,
    unit_in_world,
)
from tests.dialogs.turns import ANNE, BO, CLARA, turn
from tests.fakes import FakeUnitOfWork, FakeUnitsOfWork

GP = PersonRef("tenant-region", "aad-gp")  # a GP: in no organisation of the directory
MONDAY = date(2026, 11, 23)


@pytest.fixture
def unit() -> FakeUnitOfWork:
    return unit_in_world()


@pytest.fixture
def asking(unit: FakeUnitOfWork) -> Asking:
    return Asking(FakeUnitsOfWork(unit), SETTINGS)


def _ask(who: PersonRef = ANNE, **data: str) -> AskQuestion:
    return AskQuestion(owner=f"29:{who.aad_object_id}", **{"question": "Hvem tager den?", **data})


def _readers(unit: FakeUnitOfWork, kind: keys.Kind) -> list[object]:
    return [m.address for m in unit.outbox.pending() if keys.parse(m.dedupe_key).kind is kind]


async def test_the_question_card_is_posted_for_the_asker_to_fill_in(asking: Asking):
    reply = await asking.start(turn(ANNE))

    [card] = reply.posts
    assert reply.card is None and "Dit spørgsmål" in str(card)
    assert "'id': 'organisation'" not in str(card)  # anne's organisation is known


async def test_someone_in_no_organisation_chooses_whose_coordinators_to_ask(
    asking: Asking, unit: FakeUnitOfWork
):
    reply = await asking.start(turn(GP))

    [card] = reply.posts
    assert "Psykiatrisk Center Amager" in str(card) and "Københavns Misbrugscenter" in str(card)


async def test_without_organisations_the_asker_is_told_to_contact_an_administrator(
    asking: Asking, unit: FakeUnitOfWork
):
    unit.directory.directory = Directory()

    reply = await asking.start(turn(ANNE))

    assert (
        reply.text
        == "Der er ingen organisationer med koordinatorer endnu. Kontakt en administrator."
    )


async def test_only_the_askers_own_screening_is_attached(asking: Asking, unit: FakeUnitOfWork):
    unit.threads.screenings["s-anne"] = AttachedScreening("s-anne", "29:aad-anne", "eligible", 1)
    unit.threads.screenings["s-bo"] = AttachedScreening("s-bo", "29:aad-bo", "eligible", 1)

    own = await asking.start(turn(ANNE), "s-anne")
    foreign = await asking.start(turn(ANNE), "s-bo")

    assert "Fra din screening" in str(own.posts[0]) and "s-anne" in str(own.posts[0])
    assert "Fra din screening" not in str(foreign.posts[0]) and "s-bo" not in str(foreign.posts[0])


def test_a_question_goes_to_the_pools_channel_its_present_coordinators_and_the_asker(
    asking: Asking, unit: FakeUnitOfWork
):
    reply = asking.ask(unit, turn(ANNE), _ask(case_reference="KI-2026-0001", sectors="region"))

    [thread] = unit.threads.threads.values()
    assert (thread.organisation_id, thread.status, thread.case_reference) == (
        "pc-amager",
        Status.NEW,
        "KI-2026-0001",
    )
    assert _readers(unit, keys.Kind.COPY) == [
        ToConversation("tenant-region", REGION_CHANNEL),
        ToPerson(BO),
        ToPerson(ANNE),
    ]
    assert set(_readers(unit, keys.Kind.UNCLAIMED)) == {
        ToConversation("tenant-region", REGION_CHANNEL),
        ToPerson(BO),
        ToPerson(ERIK),
    }
    assert "Psykiatrisk Center Amager" in str(reply.card) and reply.card is not None
    [entry] = unit.audit.entries
    assert (entry.action, entry.detail) == (
        "sparring.asked",
        {"organisation": "pc-amager", "routing": "pool_coordinators", "urgency": "normal"},
    )


def test_each_copy_carries_the_card_key_of_its_readers_language(
    asking: Asking, unit: FakeUnitOfWork
):
    asking.ask(unit, turn(DINA), _ask(DINA))

    card_keys = {m.address: m.card_key for m in unit.outbox.pending() if m.card_key}
    assert card_keys[ToPerson(DINA)] == "sparring:1:en"
    assert card_keys[ToPerson(CLARA)] == "sparring:1"


def test_when_the_whole_pool_is_away_the_partners_pool_gets_it_and_the_asker_is_told(
    asking: Asking, unit: FakeUnitOfWork
):
    away = [Absence(p, MONDAY, MONDAY) for p in (BO, ERIK)]
    unit.directory.directory = directory(away)

    reply = asking.ask(unit, turn(ANNE), _ask())

    [thread] = unit.threads.threads.values()
    assert (thread.organisation_id, thread.origin_organisation_id) == ("kk-misbrug", "pc-amager")
    assert ToPerson(CLARA) in _readers(unit, keys.Kind.COPY)
    assert "fraværende i dag" in str(reply.card)


@pytest.mark.parametrize(
    ("data", "who", "expected"),
    [
        ({"question": ""}, ANNE, "Skriv dit spørgsmål, før du sender det."),
        ({"owner": "29:aad-bo"}, ANNE, "Det kort blev sendt til en anden."),
    ],
    ids=["no question", "someone else's card"],
)
def test_a_question_the_card_cannot_send_is_refused(
    asking: Asking, unit: FakeUnitOfWork, data, who, expected
):
    reply = asking.ask(
        unit, turn(who), AskQuestion(**{"owner": "29:aad-anne", "question": "?", **data})
    )

    assert reply.refused and reply.text == expected
    assert not unit.threads.threads and not unit.outbox.queued


def test_an_organisation_without_anyone_to_take_it_is_named(asking: Asking, unit: FakeUnitOfWork):
    away = [Absence(p, MONDAY, MONDAY) for p in (BO, ERIK, CLARA)]
    unit.directory.directory = directory(away)

    reply = asking.ask(unit, turn(ANNE), _ask())

    assert reply.refused and "Psykiatrisk Center Amager" in (reply.text or "")
    assert not unit.threads.threads


def test_a_screening_id_in_the_card_attaches_only_the_askers_own(
    asking: Asking, unit: FakeUnitOfWork
):
    unit.threads.screenings["s-bo"] = AttachedScreening("s-bo", "29:aad-bo", "eligible", 1)

    asking.ask(unit, turn(ANNE), _ask(screening_id="s-bo"))

    [thread] = unit.threads.threads.values()
    assert thread.screening_id is None and thread.screening_verdict is None


def test_someone_with_an_organisation_cannot_send_the_question_to_another_pool(
    asking: Asking, unit: FakeUnitOfWork
):
    asking.ask(unit, turn(ANNE), _ask(organisation="kk-misbrug"))

    [thread] = unit.threads.threads.values()
    assert thread.organisation_id == "pc-amager"
    assert ToPerson(CLARA) not in _readers(unit, keys.Kind.COPY)
