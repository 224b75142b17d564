"""Sparring's rules over HTTP: outsiders refused and audited, two claims at once, the unclaimed
reminder over a weekend and Easter, absent coordinators, the screening's button, the lists."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta

from tests.cpr_forms import synthetic_cpr
from tests.harness import World

from .sparring_world import (
    COPENHAGEN,
    absent,
    ask,
    audit,
    deliver,
    forged,
    options,
    set_up,
    thread,
)

CPR = synthetic_cpr()  # built at run time: no CPR-like number is written in the repository
CPR_DASHED = f"{CPR[:6]}-{CPR[6:]}"

ELIGIBLE = {
    "age": "44",
    "psychiatric_disorder": "diagnosed",
    "substance_problem": "in_treatment",
    "regional_psychiatry_contact": "true",
    "municipal_treatment_contact": "true",
    "benefits_from_both": "yes",
    "obstacle_indicators": "readmissions,unstable_attendance",
    "consent": "given",
}
NO_OBSTACLES = {"coordination_already_adequate": "false", "unclear_medical_responsibility": "false"}


async def test_outsiders_are_refused_clearly_and_every_attempt_is_audited(world: World):
    await set_up(world)
    anne, finn, carla, erik = (world.user(k) for k in ("anne", "finn", "carla", "erik"))
    await ask(world, anne, "Et spørgsmål kun for puljen")
    await world.say(finn, "hjælp")
    await world.say(carla, "hjælp")

    by_finn = await forged(world, finn, finn, "sparring.claim", thread=1)
    by_other_pool = await forged(world, carla, carla, "sparring.decline", thread=1, text="nej")
    own = await forged(world, anne, anne, "sparring.claim", thread=1)
    peek = await forged(world, finn, finn, "sparring.view", thread=1)
    erik_view = await options(
        world, erik, world.channel("PC Amager", "KI-koordinering").latest_card()
    )

    for refused in (by_finn, by_other_pool, own, peek):
        assert refused.message and "ikke adgang" in refused.message, refused.body
    assert "Tag den" in str(erik_view)  # a backup of the pool may
    assert (await thread(world)).status.value == "new"
    refusals = [(e.actor, e.action, e.outcome) for e in await audit(world) if e.outcome != "done"]
    assert refusals == [
        (finn.person, "sparring.claim", "refused:not_in_pool"),
        (carla.person, "sparring.decline", "refused:not_in_pool"),
        (anne.person, "sparring.claim", "refused:own_request"),
        (finn.person, "sparring.view", "refused:not_in_pool"),
    ]


async def test_of_two_coordinators_claiming_at_once_exactly_one_wins_and_the_other_is_told_who(
    world: World,
):
    await set_up(world)
    anne, bo, erik = world.user("anne"), world.user("bo"), world.user("erik")
    await ask(world, anne, "Hvem tager den?")
    request = world.channel("PC Amager", "KI-koordinering").latest_card("Sparring #1")
    await options(world, bo, request)
    await options(world, erik, request)

    first, second = await asyncio.gather(
        world.click(bo, request, "sparring.claim"), world.click(erik, request, "sparring.claim")
    )

    won = [t for t in (first, second) if t.card is not None]
    lost = [t for t in (first, second) if t.message is not None]
    assert len(won) == 1 and len(lost) == 1
    winner = (await thread(world)).claimer_name
    assert winner in ("Bo Bertelsen", "Erik Eriksen")
    assert f"{winner} har allerede taget forespørgsel #1" in (lost[0].message or "")
    assert [e.action for e in await audit(world)].count("sparring.claimed") == 1


async def test_an_unclaimed_request_is_reminded_once_after_four_working_hours_over_a_weekend(
    world: World,
):
    friday_14 = datetime(2026, 11, 27, 14, 0, tzinfo=COPENHAGEN)
    await set_up(world, at=friday_14)
    anne, bo, erik = world.user("anne"), world.user("bo"), world.user("erik")
    await ask(world, anne, "Fredagsspørgsmål")

    await world.run_background(at=datetime(2026, 11, 30, 9, 59, tzinfo=COPENHAGEN))
    early = [world.chat(p).messages for p in (bo, erik)]
    await world.run_background(at=datetime(2026, 11, 30, 10, 0, tzinfo=COPENHAGEN))
    await world.run_background(at=datetime(2026, 12, 1, 10, 0, tzinfo=COPENHAGEN))

    assert not any(m.shows("ikke taget efter 4 arbejdstimer") for chat in early for m in chat)
    for person in (bo, erik):  # the coordinator and the pool's backup
        reminders = [m for m in world.chat(person).messages if m.shows("ikke taget efter")]
        assert len(reminders) == 1, person
    channel = world.channel("PC Amager", "KI-koordinering")
    assert [m for m in channel.messages if m.shows("ikke taget efter")]


async def test_the_reminder_skips_easter_and_is_cancelled_by_a_claim(world: World):
    wednesday_15 = datetime(2027, 3, 24, 15, 0, tzinfo=COPENHAGEN)  # Maundy Thursday follows
    await set_up(world, at=wednesday_15)
    anne, bo = world.user("anne"), world.user("bo")
    await ask(world, anne, "Før påske")
    await ask(world, anne, "Også før påske")
    second = world.chat(bo).latest_card("Sparring #2")
    await options(world, bo, second)
    await world.click(bo, second, "sparring.claim")

    await world.run_background(at=datetime(2027, 3, 29, 15, 0, tzinfo=COPENHAGEN))  # Easter Monday
    before = [m for m in world.chat(bo).messages if m.shows("ikke taget efter")]
    await world.run_background(at=datetime(2027, 3, 30, 11, 0, tzinfo=COPENHAGEN))
    after = [m for m in world.chat(bo).messages if m.shows("ikke taget efter")]

    assert before == []
    assert len(after) == 1 and after[0].shows("#1") and not after[0].shows("#2")


async def test_an_absent_coordinator_is_skipped_and_a_pool_all_away_goes_to_the_partner(
    world: World,
):
    await set_up(world)
    anne, bo, erik, carla = (world.user(k) for k in ("anne", "bo", "erik", "carla"))
    today = date(2026, 11, 23)
    await absent(world, bo, today, today + timedelta(days=4))

    await ask(world, anne, "Bo er væk")

    assert not [m for m in world.chat(bo).messages if m.shows("Sparring #1")]
    assert world.chat(erik).latest_card("Sparring #1")  # a chat created for him: he never wrote

    await absent(world, erik, today, today + timedelta(days=4))
    sent = await ask(world, anne, "Alle er væk")

    assert sent.card is not None and "Københavns Misbrugscenter" in str(sent.card)
    assert world.chat(carla).latest_card("Sparring #2")
    assert world.channel("Misbrugscenter Nord").latest_card("Sparring #2")
    moved = await thread(world, 2)
    assert (moved.organisation_id, moved.origin_organisation_id) == ("kk-misbrug", "pc-amager")


async def test_the_screenings_ask_a_coordinator_button_attaches_the_screenings_summary(
    world: World,
):
    await set_up(world)
    anne, bo = world.user("anne"), world.user("bo")
    await world.say(anne, "tjek")
    await world.click(anne, world.chat(anne).latest_card(), "screening.answers", inputs=ELIGIBLE)
    await world.click(
        anne, world.chat(anne).latest_card(), "screening.answers", inputs=NO_OBSTACLES
    )

    await world.click(anne, world.chat(anne).latest_card(), "screening.ask_coordinator")
    card = world.chat(anne).latest_card()
    await world.click(anne, card, "sparring.ask", inputs={"question": "Er niveau 1 rigtigt?"})
    await deliver(world)

    assert card.shows("Fra din screening") and card.shows("ser ud til at være i målgruppen")
    assert world.chat(bo).latest_card("Sparring #1").shows("ser ud til at være i målgruppen")
    assert (await thread(world)).screening_verdict == "eligible"


async def test_the_asker_lists_their_questions_and_a_coordinator_their_inbox_oldest_first(
    world: World,
):
    await set_up(world)
    anne, bo, dina = world.user("anne"), world.user("bo"), world.user("dina")
    await ask(world, anne, "Første spørgsmål")
    world.bot.clock.current += timedelta(hours=3)
    await ask(world, anne, "Andet spørgsmål")
    world.bot.clock.current += timedelta(minutes=3)
    await world.say(dina, "language english")  # her organisation writes Danish (issue 18 item 21)

    await world.say(anne, "mine spørgsmål")
    mine = world.chat(anne).latest_card()
    await world.say(bo, "indbakke")
    inbox = world.chat(bo).latest_card()
    not_coordinator = await world.say(dina, "inbox")

    text = str(inbox.card)
    assert mine.shows("Mine spørgsmål") and mine.shows("Første spørgsmål")
    assert text.index("#1 · spurgt for 3 timer siden") < text.index("#2 · spurgt for 3 min. siden")
    assert "no inbox" in not_coordinator.replies[0].text


async def test_the_lists_are_only_shown_in_a_personal_chat(world: World):
    await set_up(world)
    bo = world.user("bo")
    channel = world.team("PC Amager").channel("KI-koordinering")

    turn = await world.say(bo, "indbakke", in_=channel)

    [reply] = turn.replies
    assert "personlige chat" in reply.text and not reply.cards


async def test_asking_in_words_opens_the_question_card_in_each_language(world: World):
    await set_up(world)
    anne, dina = world.user("anne"), world.user("dina")
    await world.say(dina, "language english")  # her organisation writes Danish (issue 18 item 21)

    await world.say(anne, "spørg en koordinator")
    await world.say(dina, "ask a coordinator")

    assert world.chat(anne).latest_card().shows("Dit spørgsmål")
    assert world.chat(dina).latest_card().shows("Your question")


async def test_an_absent_coordinators_substitute_gets_the_request_and_may_claim_it(world: World):
    await set_up(world)
    anne, bo, finn = world.user("anne"), world.user("bo"), world.user("finn")
    await world.say(finn, "hjælp")
    await absent(world, bo, date(2026, 11, 23), date(2026, 11, 27), substitute=finn)

    await ask(world, anne, "Bo er på ferie")
    request = world.chat(finn).latest_card("Sparring #1")
    await options(world, finn, request)
    claimed = await world.click(finn, request, "sparring.claim")

    assert claimed.card is not None and "Taget af Finn Friis" in str(claimed.card)
    [entry] = [e for e in await audit(world) if e.action == "sparring.claimed"]
    assert entry.actor == finn.person


async def test_a_cpr_number_typed_in_the_question_is_never_stored_or_relayed(world: World):
    await set_up(world)
    anne, bo = world.user("anne"), world.user("bo")

    await ask(world, anne, f"Borgeren {CPR_DASHED} udebliver")

    stored = (await thread(world)).question
    assert CPR_DASHED not in stored and "udebliver" in stored
    assert not world.chat(bo).latest_card("Sparring #1").shows(CPR_DASHED)
