"""The meeting-poll capability on the router: every verb its cards use, each with a command,
and "møde" as a typed command."""

from __future__ import annotations

from dialogs.router import Router
from domain.capabilities import BY_NAME
from tests.dialogs.meeting_world import polls, world
from tests.fakes import FakeUnitsOfWork


def test_every_verb_of_the_meeting_poll_capability_is_on_the_router():
    router = Router(FakeUnitsOfWork())

    polls(world()).register(router)

    assert set(router.commands()) == set(BY_NAME["meeting_poll"].card_verbs)
    assert router.knows_text("meeting_poll")
