"""The meeting-poll capability on the router: every verb its cards use, each with a command,
and "møde" and "mine møder" as typed commands."""

from __future__ import annotations

from dialogs.router import Router
from domain.capabilities import BY_NAME
from tests.dialogs.meeting_world import polls, world
from tests.fakes import FakeUnitsOfWork


def test_every_verb_of_the_meeting_poll_capability_is_on_the_router():
    router = Router(FakeUnitsOfWork())

    polls(world()).register(router)

    owned = {*BY_NAME["meeting_poll"].card_verbs, *BY_NAME["my_meetings"].card_verbs}
    assert set(router.commands()) == owned
    assert router.knows_text("meeting_poll") and router.knows_text("my_meetings")
