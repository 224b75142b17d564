"""Card data any user can send to a sparring verb is refused clearly, never a failed turn
(issue #16 item 5): digits Python's ``isdigit`` accepts but ``int`` does not."""

from __future__ import annotations

import logging

import pytest

from cards.sparring import VERBS
from tests.harness import World

from .sparring_world import ask, audit, forged, set_up, thread

UNICODE_DIGITS = ("²", "①", "⁵")


async def test_a_thread_number_in_unicode_digits_is_refused_clearly_on_every_verb(
    world: World, caplog: pytest.LogCaptureFixture
):
    await set_up(world)
    anne, bo = world.user("anne"), world.user("bo")
    await ask(world, anne, "Et spørgsmål")

    answers = {}
    with caplog.at_level(logging.INFO):
        for verb in (v for v in VERBS if v != "sparring.ask"):
            for value in UNICODE_DIGITS:
                data = {"thread": value, "text": "svar", "level": 2}
                answers[verb, value] = await forged(world, bo, bo, verb, **data)

    for (verb, value), answered in answers.items():
        assert answered.status == 200, (verb, value, answered.body)
        assert answered.message and "ikke kunne læse" in answered.message, (verb, value)
    assert not any("turn failed" in r.getMessage() for r in caplog.records)
    assert (await thread(world)).status.value == "new"
    assert [e.action for e in await audit(world)] == ["sparring.asked"]
