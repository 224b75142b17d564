"""The asker's and the coordinator's lists, on fakes: only in a personal chat, newest or oldest
first, and the inbox only for a pool's members and their substitutes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from dialogs.sparring.lists import Lists
from domain.clock import FixedClock
from domain.directory import Absence
from tests.dialogs.sparring_world import FINN, SETTINGS, asked, directory, unit_in_world
from tests.dialogs.turns import ANNE, BO, CLARA, turn
from tests.fakes import FakeUnitOfWork, FakeUnitsOfWork


@pytest.fixture
def unit() -> FakeUnitOfWork:
    return unit_in_world()


@pytest.fixture
def lists(unit: FakeUnitOfWork) -> Lists:
    return Lists(FakeUnitsOfWork(unit), SETTINGS)


async def test_the_asker_sees_their_questions_newest_first(lists: Lists, unit: FakeUnitOfWork):
    asked(unit)
    assert isinstance(unit.clock, FixedClock)
    unit.clock.current += timedelta(hours=3)
    asked(unit)

    reply = await lists.my_questions(turn(ANNE))

    text = str(reply.card)
    assert text.index("#2 · spurgt lige nu") < text.index("#1 · spurgt for 3 timer siden")


async def test_a_coordinators_inbox_lists_their_pools_open_requests(
    lists: Lists, unit: FakeUnitOfWork
):
    asked(unit)

    reply = await lists.inbox(turn(BO))
    not_in_a_pool = await lists.inbox(turn(ANNE))
    other_pool = await lists.inbox(turn(CLARA))

    assert "#1" in str(reply.card)
    assert not_in_a_pool.text == (
        "Du er ikke koordinator eller backup i en pulje, så du har ingen indbakke."
    )
    assert "Ingen åbne forespørgsler" in str(other_pool.card)


async def test_a_substitute_sees_the_inbox_of_the_pool_they_stand_in_for(
    lists: Lists, unit: FakeUnitOfWork
):
    day = unit.now.date()
    unit.directory.directory = directory([Absence(BO, day, day, substitute=FINN)])
    asked(unit)

    reply = await lists.inbox(turn(FINN))

    assert "#1" in str(reply.card)


@pytest.mark.parametrize("kind", ["channel", "groupChat"])
async def test_the_lists_are_only_shown_in_a_personal_chat(
    lists: Lists, unit: FakeUnitOfWork, kind
):
    asked(unit)

    replies = [
        await lists.my_questions(turn(ANNE, kind=kind)),
        await lists.inbox(turn(BO, kind=kind)),
    ]

    assert all(r.card is None and "personlige chat" in (r.text or "") for r in replies)


async def test_someone_teams_cannot_name_gets_no_list(lists: Lists):
    reply = await lists.my_questions(turn(None))

    assert reply.refused and reply.card is None
