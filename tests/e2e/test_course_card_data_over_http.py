"""Card data any client can send to the course's verbs, end to end over HTTP: malformed values
(issue 16 item 5: a snooze's ``delay`` as a list or an object crashed the turn) are answered with
a clear refusal, and an id that selects a case the clicker is not on is refused and audited
(issue 16 item 1)."""

from __future__ import annotations

from typing import Any

import pytest

from storage.audit import AuditLog
from tests.e2e.course_world import course, load_directory, local, open_case, to_meeting_held
from tests.e2e.sparring_world import forged
from tests.harness import World

BAD_REQUEST = "Det forstod jeg ikke. Åbn sagskortet igen og prøv en gang til."


def _snooze(case: str, changed: dict[str, Any]) -> dict[str, Any]:
    data = {"reference": case, "kind": "plan", "due": "2026-01-22", "offset": "7d"}
    return {**data, "delay": "1d", **changed}


@pytest.mark.parametrize(
    "changed",
    [
        {"delay": ["1d"]},
        {"delay": {"days": 1}},
        {"delay": None},
        {"kind": ["plan"]},
        {"due": {"day": 22}},
        {"offset": ["7d"]},
        {"reference": ["KI-2026-0001"]},
        {"delay": "²"},
    ],
    ids=repr,
)
async def test_a_snooze_with_a_list_or_an_object_for_a_field_is_refused_clearly(
    world: World, changed: dict[str, Any]
):
    await load_directory(world)
    reference = await to_meeting_held(world, local(2026, 1, 8, 12))
    anne = world.user("anne")

    turn = await forged(world, anne, anne, "course.snooze", **_snooze(reference, changed))

    assert turn.status == 200, turn.body
    assert turn.message == BAD_REQUEST


@pytest.mark.parametrize(
    ("verb", "data"),
    [
        ("course.step", {"step": "close"}),
        ("course.correct", {"step": "hold_meeting", "corrected_day": "2026-01-07"}),
        ("course.view", {}),
        ("course.snooze", {"kind": "plan", "due": "2026-01-22", "offset": "7d", "delay": "1d"}),
    ],
)
async def test_someone_not_on_the_case_is_refused_by_every_verb_that_names_it(
    world: World, verb: str, data: dict[str, Any]
):
    await load_directory(world)
    reference = await to_meeting_held(world, local(2026, 1, 8, 12))
    erik = world.user("erik")  # a colleague in the region, not on the case
    await world.say(erik, "hjælp")

    turn = await forged(world, erik, erik, verb, reference=reference, **data)

    assert turn.message is not None and f"ikke på forløbet {reference}" in turn.message
    assert turn.card is None
    stored = await course(world, reference)
    assert stored.course.stage.value == "meeting_held"
    entries = await world.bot.services.database.run(lambda s: AuditLog(s).entries())
    assert [(e.actor, e.case_reference, e.outcome) for e in entries if e.actor == erik.person] == [
        (erik.person, reference, "refused:not_on_case")
    ]


@pytest.mark.parametrize("verb", ["course.nudge", "course.take_over", "course.hand_over"])
async def test_only_a_coordinator_of_the_cases_organisation_nudges_takes_over_or_hands_over(
    world: World, verb: str
):
    await load_directory(world)
    reference = await open_case(world)
    erik, carla = world.user("erik"), world.user("carla")
    data = {"tovholder": f"{erik.tenant.id}/{erik.aad_object_id}"}

    for user in (erik, carla):  # a colleague off the case; the other organisation's coordinator
        await world.say(user, "hjælp")
        turn = await forged(world, user, user, verb, reference=reference, **data)
        assert turn.message == "Kun koordinatorerne for forløbets organisation kan det."

    assert (await course(world, reference)).tovholder == world.user("anne").person
    entries = await world.bot.services.database.run(lambda s: AuditLog(s).entries())
    refused = [(e.action, e.outcome) for e in entries if e.outcome.startswith("refused")]
    assert len(refused) == 2 and {action for action, _ in refused} == {
        {"course.nudge": "course.nudged", "course.take_over": "course.taken_over"}.get(
            verb, "course.handed_over"
        )
    }
