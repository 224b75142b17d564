"""Who may act on a meeting poll, over HTTP (issue #16, items 1 and 2): a draft belongs to the
person who opened the form, and written input after the decision reaches the tovholder once per
participant, never after the meeting was cancelled."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from storage.audit import AuditLog
from storage.meeting_tables import MeetingPollRecord
from tests.e2e.test_meeting_poll_over_http import MONDAY_10, _start_poll, form, pick
from tests.harness import World
from tests.harness.transcript import Posted


def _forge(world: World, team: Any, posted: Posted, user_key: str, card: dict[str, Any]) -> None:
    """``user_key``'s Teams client sends the data of ``card`` (which they never got) from
    ``posted``: card data is only what a client says it is."""
    world.channel(team, "KI-koordinering").views[(user_key, posted.id)] = card


async def test_another_member_of_the_channel_cannot_take_over_a_draft_poll(world: World):
    anne, bo, erik = world.user("anne"), world.user("bo"), world.user("erik")
    world.bot.clock.current = MONDAY_10
    team = world.team("PC Amager")
    await world.install_in_team(team)
    await world.say(anne, "møde", in_=team.channel("KI-koordinering"))
    created = world.channel(team, "KI-koordinering").latest_card("Planlæg et møde")
    annes = await world.click(anne, created, "meetings.preview", inputs=form(bo, erik))
    assert annes.card is not None and "meetings.open" in str(annes.card)

    # bo sees anne's form in the channel: he saves his own content under her draft's id …
    taken = await world.click(
        bo,
        created,
        "meetings.preview",
        inputs=form(anne, erik, title="Bos møde", people=pick(anne, erik), optional=""),
    )
    assert "Bos møde" not in str(taken.card)
    assert "tilhører Anne Andersen" in str(taken.message)
    # … and sends it out, with the data of anne's overview.
    _forge(world, team, created, bo.key, annes.card)
    opened_by_bo = await world.click(bo, created, "meetings.open")
    assert "tilhører Anne Andersen" in str(opened_by_bo.message)
    for verb in ("meetings.propose", "meetings.edit"):
        _forge(
            world, team, created, bo.key, annes.card if verb == "meetings.edit" else created.card
        )
        refused = await world.click(bo, created, verb)
        assert refused.card is None and "tilhører Anne Andersen" in str(refused.message), verb

    # anne's poll is still hers, with her content.
    opened = await world.click(anne, created, "meetings.open")
    assert "sendt til 3 deltagere" in str(opened.card)
    await world.run_background(at=MONDAY_10)
    assert world.chat(bo).latest_card().shows("Hvornår kan du? Opfølgning")

    def stored(session: Any) -> tuple[list[Any], list[tuple[str, str]]]:
        polls = session.exec(select(MeetingPollRecord)).all()
        refusals = [
            (e.action, e.outcome)
            for e in AuditLog(session).entries()
            if e.outcome.startswith("refused")
        ]
        return polls, refusals

    polls, refusals = await world.bot.services.database.run(stored)
    assert [(p.title, p.tovholder_aad_object_id) for p in polls] == [
        ("Opfølgning", anne.person.aad_object_id)
    ]
    assert ("meetings.preview", "refused:not_tovholder") in refusals
    assert ("meetings.open", "refused:not_tovholder") in refusals


async def test_written_input_reaches_the_tovholder_once_and_never_after_a_cancellation(
    world: World,
):
    anne, erik = world.user("anne"), world.user("erik")
    team, _opened = await _start_poll(world)
    await world.click(
        erik,
        world.chat(erik).latest_card("Hvornår kan du?"),
        "meetings.vote",
        inputs={"a_s1": "yes", "a_s2": "no", "a_s3": "yes"},
    )
    shared = world.channel(team, "KI-koordinering").latest_card("Mødeafstemning")
    await world.click(anne, shared, "meetings.results")
    await world.click(anne, shared, "meetings.finalise", inputs={"slot": "s2"})
    await world.click(anne, shared, "Ja, fastlæg")  # the required ones have not answered
    await world.run_background(at=MONDAY_10)
    erik_card = world.chat(erik).latest_card("Mødet er fastlagt")

    def inputs_to_anne() -> int:
        return sum(m.shows("Input til »Opfølgning«") for m in world.chat(anne).messages)

    # erik presses "send input" three times, with three texts: anne hears from him once.
    answers = [
        await world.click(erik, erik_card, "meetings.input", inputs={"input": f"Note nr. {n}"})
        for n in range(3)
    ]
    await world.run_background(at=MONDAY_10)
    assert inputs_to_anne() == 1
    assert "givet videre" in str(answers[0].message)
    assert all("allerede" in str(answer.message) for answer in answers[1:])

    # The meeting is cancelled: ten more presses send nothing, and erik is told why.
    await world.click(anne, shared, "meetings.cancel")
    after = [
        await world.click(erik, erik_card, "meetings.input", inputs={"input": f"Mere {n}"})
        for n in range(10)
    ]
    await world.run_background(at=MONDAY_10)
    assert inputs_to_anne() == 1
    assert all("aflyst" in str(answer.message) for answer in after)
