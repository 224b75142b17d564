"""Coordinator sparring end to end over HTTP: two pools in two tenants, each with a team channel;
asking, claiming, relaying both ways, forwarding, declining, proposals, refusals, races."""

from __future__ import annotations

from tests.harness import World

from .sparring_world import ask, audit, deliver, messages, options, set_up, thread


async def test_a_question_is_claimed_answered_followed_up_and_resolved_across_chats(
    world: World,
):
    await set_up(world)
    anne, bo = world.user("anne"), world.user("bo")
    channel = world.channel("PC Amager", "KI-koordinering")

    asked = await ask(
        world, anne, "Skal vi lave en KI-plan for KI-2026-0001?", sectors="region,kommune"
    )

    assert asked.card is not None and "Psykiatrisk Center Amager" in str(asked.card)
    request = channel.latest_card("Sparring #1")
    in_bo_chat = world.chat(bo).latest_card("Sparring #1")
    in_anne_chat = world.chat(anne).latest_card("Sparring #1")
    view = await options(world, bo, in_bo_chat)
    claimed = await world.click(bo, in_bo_chat, "sparring.claim")
    await deliver(world)

    assert "Tag den" in str(view)
    assert claimed.card is not None and "Taget af Bo Bertelsen" in str(claimed.card)
    for copy in (request, in_bo_chat, in_anne_chat):
        assert copy.shows("Taget af Bo Bertelsen"), copy
    assert world.chat(anne).latest_card().shows("Bo Bertelsen har taget dit spørgsmål")

    answered = await world.click(
        bo, in_bo_chat, "sparring.reply", inputs={"text": "Ja, ring mig op."}
    )
    await deliver(world)
    relayed = world.chat(anne).latest_card("svarer")
    follow_up = await world.click(anne, relayed, "sparring.reply", inputs={"text": "Hvornår?"})
    await deliver(world)
    asked_again = world.chat(bo).latest_card("spørger videre")
    await world.click(bo, asked_again, "sparring.reply", inputs={"text": "I morgen kl. 10."})
    await deliver(world)
    resolved = await world.click(anne, world.chat(anne).latest_card("I morgen"), "Løst")
    await deliver(world)

    assert answered.message and "Sendt til Anne Andersen" in answered.message
    assert relayed.shows("Ja, ring mig op.") and asked_again.shows("Hvornår?")
    assert follow_up.message and "Sendt til Bo Bertelsen" in follow_up.message
    assert resolved.message and "afsluttet" in resolved.message
    for copy in (request, in_bo_chat, in_anne_chat):
        assert copy.shows("Afsluttet") and not copy.shows("Vis mine muligheder")
    assert world.chat(bo).latest_card().shows("Anne Andersen har afsluttet tråden")
    assert [m.kind for m in await messages(world)] == ["question", "answer", "follow_up", "answer"]
    assert (await thread(world)).status.value == "closed"
    assert [e.action for e in await audit(world)] == [
        "sparring.asked",
        "sparring.claimed",
        "sparring.answered",
        "sparring.followed_up",
        "sparring.answered",
        "sparring.closed",
    ]
