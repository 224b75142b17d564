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
    assert [e.action for e in await audit(world) if e.action != "sparring.viewed"] == [
        "sparring.asked",
        "sparring.claimed",
        "sparring.answered",
        "sparring.followed_up",
        "sparring.answered",
        "sparring.closed",
    ]


async def test_a_request_forwarded_to_the_partner_reaches_the_other_tenants_pool_and_channel(
    world: World,
):
    await set_up(world)
    anne, bo, carla = world.user("anne"), world.user("bo"), world.user("carla")
    await ask(world, anne, "Borgeren er i kommunal misbrugsbehandling – hvem tager den?")
    in_bo_chat = world.chat(bo).latest_card("Sparring #1")
    await options(world, bo, in_bo_chat)
    await world.click(bo, in_bo_chat, "sparring.claim")

    forwarded = await world.click(
        bo, in_bo_chat, "sparring.forward", inputs={"text": "Kommunen kender borgeren."}
    )
    await deliver(world)

    assert forwarded.message and "Københavns Misbrugscenter" in forwarded.message
    kommune_channel = world.channel("Misbrugscenter Nord").latest_card("Sparring #1")
    in_carla_chat = world.chat(carla).latest_card("Sparring #1")
    assert (
        world.channel("PC Amager", "KI-koordinering")
        .latest_card("Sparring #1")
        .shows("Sendt videre")
    )
    assert world.chat(anne).latest_card().shows("Note: Kommunen kender borgeren.")
    moved = await thread(world)
    assert (moved.organisation_id, moved.claimer, moved.status.value) == (
        "kk-misbrug",
        None,
        "forwarded",
    )

    await options(world, carla, kommune_channel)
    await world.click(carla, kommune_channel, "sparring.claim")
    await world.click(carla, kommune_channel, "sparring.reply", inputs={"text": "Jeg tager den."})
    await deliver(world)

    assert world.chat(anne).latest_card("svarer").shows("Jeg tager den.")
    assert in_carla_chat.shows("Taget af Carla Christensen") or in_carla_chat.shows(
        "Besvaret af Carla Christensen"
    )
    assert [e.action for e in await audit(world) if e.action != "sparring.viewed"][-3:] == [
        "sparring.forwarded",
        "sparring.claimed",
        "sparring.answered",
    ]


async def test_a_coordinator_declines_with_a_reason_the_asker_reads_in_their_language(
    world: World,
):
    await set_up(world)
    dina, carla = world.user("dina"), world.user("carla")
    await ask(world, dina, "Does this citizen need a KI plan?", urgency="today")
    request = world.chat(carla).latest_card("Sparring #1")
    await options(world, carla, request)

    without_reason = await world.click(carla, request, "sparring.decline")
    declined = await world.click(
        carla, request, "sparring.decline", inputs={"text": "Allerede i fælles forløb."}
    )
    await deliver(world)

    assert without_reason.message and "begrundelse" in without_reason.message
    assert declined.message and "afvist" in declined.message
    assert (
        world.chat(dina)
        .latest_card()
        .shows("Carla Christensen declined your question (no KI needed): Allerede i fælles forløb.")
    )
    assert request.shows("Afvist") and not request.shows("Vis mine muligheder")
    assert world.channel("Misbrugscenter Nord").latest_card("Sparring #1").shows("Afvist")
    assert (await messages(world))[-1].kind == "decline_reason"


async def test_the_claimer_proposes_level_2_and_level_3_and_the_asker_is_told_each(
    world: World,
):
    await set_up(world)
    anne, bo = world.user("anne"), world.user("bo")
    await ask(world, anne, "Borgeren udebliver hele tiden – hvad gør vi?")
    request = world.chat(bo).latest_card("Sparring #1")
    await options(world, bo, request)
    await world.click(bo, request, "sparring.claim")

    await world.click(bo, request, "Foreslå niveau 2")
    await deliver(world)
    level_2 = world.chat(anne).latest_card("niveau 2")
    await world.click(bo, request, "Foreslå niveau 3", inputs={"text": "Diagnosen er uklar."})
    await deliver(world)
    level_3 = world.chat(anne).latest_card("niveau 3")

    assert level_2.shows("Bo Bertelsen foreslår niveau 2: koordinatorerne overtager indkaldelsen")
    assert level_3.shows("psykiatrisk overlæge") and level_3.shows("Diagnosen er uklar.")
    assert (
        world.channel("PC Amager", "KI-koordinering")
        .latest_card("Sparring #1")
        .shows("Foreslået: niveau 3")
    )
    assert [
        e.detail.get("level") for e in await audit(world) if e.action == "sparring.proposed"
    ] == [
        2,
        3,
    ]
