"""The shared request card is updated in each reader's own language (issue #17 item 7): one
version per language, the pool's channel in Danish."""

from __future__ import annotations

from tests.harness import World

from .sparring_world import ask, deliver, options, set_up


async def test_every_copy_of_a_claimed_request_is_updated_in_its_readers_language(world: World):
    await set_up(world)
    dina, carla = world.user("dina"), world.user("carla")
    await world.say(dina, "language english")  # her organisation writes Danish (issue 18 item 21)
    await ask(world, dina, "Does this citizen need a KI plan?")
    in_dina_chat = world.chat(dina).latest_card("Sparring #1")
    in_carla_chat = world.chat(carla).latest_card("Sparring #1")
    in_channel = world.channel("Misbrugscenter Nord").latest_card("Sparring #1")
    assert in_dina_chat.shows("New – not claimed yet")

    await options(world, carla, in_carla_chat)
    await world.click(carla, in_carla_chat, "sparring.claim")
    await deliver(world)

    assert in_dina_chat.shows("Claimed by Carla Christensen"), in_dina_chat
    assert not in_dina_chat.shows("Taget af")
    assert in_carla_chat.shows("Taget af Carla Christensen")
    assert in_channel.shows("Taget af Carla Christensen")
