"""Personal reminders end to end over HTTP: set in chat, delivered by the outbox at the time
asked (with a controlled clock), snoozed, repeated across a DST change, kept over a restart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from domain.privacy import cpr_like_numbers
from storage.audit import AuditLog
from storage.reminders import ReminderRecord
from tests.conftest import StartInstance
from tests.cpr_forms import synthetic_cpr
from tests.harness import GroupChat, Posted, Transcript, User, World

CPR = synthetic_cpr()  # built at run time: no CPR-like number is written in the repository
CPR_DASHED = f"{CPR[:6]}-{CPR[6:]}"

MONDAY_10 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 10.00 in Copenhagen
FIRED = "⏰"


def _reminder_cards(transcript: Transcript) -> list[Posted]:
    return [p for p in transcript.messages if p.cards and p.shows(FIRED)]


def _group(world: World, name: str = "KI-sparring") -> GroupChat:
    return next(g for g in world.directory.groups.values() if g.topic == name)


async def _stored_texts(world: World) -> list[str]:
    return await world.bot.services.database.run(
        lambda session: [r.text for r in session.exec(select(ReminderRecord))]
    )


async def _set(world: World, user: User, text: str, at: datetime = MONDAY_10) -> Posted:
    world.bot.clock.current = at
    await world.say(user, text)
    return world.chat(user).latest_card()


async def test_a_reminder_in_one_minute_arrives_on_time_and_not_before(world: World):
    anne = world.user("anne")

    answer = await _set(world, anne, "påmind mig om 1 minut om at ringe til lægen")
    early = await world.run_background(at=MONDAY_10 + timedelta(seconds=59))
    before = _reminder_cards(world.chat(anne))
    on_time = await world.run_background(at=MONDAY_10 + timedelta(minutes=1))

    assert answer.shows("Påmindelse sat") and answer.shows("mandag d. 23. november kl. 10.01")
    assert answer.shows("ringe til lægen")
    assert (early.sent, before) == (0, [])
    [card] = _reminder_cards(world.chat(anne))
    assert on_time.sent == 1 and card.shows("ringe til lægen")
    assert card.shows("Færdig") and card.shows("Om 1 time") and not card.shows("Stop")


async def test_a_snoozed_reminder_fires_once_more_and_never_twice(world: World):
    anne = world.user("anne")
    await _set(world, anne, "påmind mig om 10 minutter om at ringe til lægen")
    fired_at = MONDAY_10 + timedelta(minutes=10)
    await world.run_background(at=fired_at)
    [card] = _reminder_cards(world.chat(anne))

    snoozed = await world.click(anne, card, "Om 1 time")
    world.chat(anne).views.clear()  # a second device still shows the live card
    again = await world.click(anne, card, "Om 1 time")
    await world.run_background(at=fired_at + timedelta(minutes=59))
    count_before = len(_reminder_cards(world.chat(anne)))
    await world.run_background(at=fired_at + timedelta(hours=1))
    await world.run_background(at=fired_at + timedelta(days=2))

    assert snoozed.card is not None and "Udsat til mandag d. 23. november kl. 11.10" in str(
        snoozed.card
    )
    assert again.card is not None and "allerede udsat" in str(again.card)
    assert count_before == 1
    first, second = _reminder_cards(world.chat(anne))
    assert first.shows("Udsat til") and "Action.Execute" not in str(first.card)  # answered copy
    assert second.shows("ringe til lægen") and second.shows("Færdig")

    done = await world.click(anne, second, "Færdig")
    assert done.card is not None and "Færdig." in str(done.card)
    await world.run_background(at=fired_at + timedelta(days=9))
    assert len(_reminder_cards(world.chat(anne))) == 2


async def test_a_weekly_repeat_keeps_nine_oclock_local_time_across_the_dst_change(world: World):
    anne = world.user("anne")
    saturday = datetime(2027, 3, 20, 9, 0, tzinfo=UTC)
    answer = await _set(world, anne, "påmind mig hver mandag kl 9 om ugeplanen", at=saturday)

    await world.run_background(at=datetime(2027, 3, 22, 7, 59, tzinfo=UTC))
    assert _reminder_cards(world.chat(anne)) == []
    await world.run_background(at=datetime(2027, 3, 22, 8, 0, tzinfo=UTC))  # 09.00 CET
    await world.run_background(at=datetime(2027, 3, 29, 6, 59, tzinfo=UTC))
    assert len(_reminder_cards(world.chat(anne))) == 1
    await world.run_background(at=datetime(2027, 3, 29, 7, 0, tzinfo=UTC))  # 09.00 CEST

    assert answer.shows("mandag d. 22. marts kl. 09.00") and answer.shows("hver mandag kl. 09.00")
    first, second = _reminder_cards(world.chat(anne))
    assert first.shows("mandag d. 22. marts kl. 09.00")
    assert second.shows("mandag d. 29. marts kl. 09.00") and second.shows("Stop gentagelsen")

    stopped = await world.click(anne, second, "Stop gentagelsen")
    stale = await world.click(anne, first, "Færdig")  # last week's card, never answered
    await world.run_background(at=datetime(2027, 4, 12, 12, 0, tzinfo=UTC))
    assert stopped.card is not None and "Gentagelsen er stoppet" in str(stopped.card)
    assert stale.card is not None and "Denne påmindelse er stoppet." in str(stale.card)
    assert "Action.Execute" not in str(stale.card)
    assert len(_reminder_cards(world.chat(anne))) == 2


async def test_a_restart_loses_no_reminder(world: World):
    anne = world.user("anne")
    await _set(world, anne, "påmind mig i morgen kl 9 om mødet")

    await world.bot.restart()
    listed = await world.say(anne, "mine påmindelser")
    await world.run_background(at=datetime(2026, 11, 24, 8, 0, tzinfo=UTC))

    assert listed.replies[0].shows("mødet") and listed.replies[0].shows("tirsdag d. 24. november")
    [card] = _reminder_cards(world.chat(anne))
    assert card.shows("mødet")


async def test_two_instances_send_a_reminder_and_queue_the_next_repeat_exactly_once(
    world: World, start_instance: StartInstance
):
    anne = world.user("anne")
    second = await start_instance()
    await _set(world, anne, "påmind mig hver dag kl 8.30 om medicinen")
    due = datetime(2026, 11, 24, 7, 30, tzinfo=UTC)

    await world.run_background(at=due, bot=second)
    await world.run_background(at=due)
    await world.run_background(at=due + timedelta(days=1))
    await world.run_background(at=due + timedelta(days=1), bot=second)

    cards = _reminder_cards(world.chat(anne))
    assert [c.shows("kl. 08.30") for c in cards] == [True, True]


async def test_remind_us_in_a_group_chat_posts_there_and_only_its_creator_may_stop_it(
    world: World,
):
    anne, bo = world.user("anne"), world.user("bo")
    group = _group(world)
    await world.install_in_group(group)
    world.bot.clock.current = MONDAY_10

    await world.say(bo, "påmind os hver fredag kl 14 om status på sagerne", in_=group)
    answer = world.group(group).latest_card()
    refused = await world.click(anne, answer, "Annuller påmindelse")
    await world.run_background(at=datetime(2026, 11, 27, 13, 0, tzinfo=UTC))
    [card] = _reminder_cards(world.group(group))
    not_hers = await world.click(anne, card, "Stop gentagelsen")
    stopped = await world.click(bo, card, "Stop gentagelsen")
    await world.run_background(at=datetime(2026, 12, 4, 13, 0, tzinfo=UTC))

    assert answer.shows("Jeg minder jer her i chatten fredag d. 27. november kl. 14.00")
    assert refused.message == not_hers.message == "Kun den, der satte påmindelsen, kan ændre den."
    assert card.shows("status på sagerne")
    assert stopped.card is not None and "Gentagelsen er stoppet" in str(stopped.card)
    assert len(_reminder_cards(world.group(group))) == 1
    assert world.chat(anne).messages == world.chat(bo).messages == []
    assert world.group(group).latest_card(FIRED).shows("Gentagelsen er stoppet")  # for everyone

    def refusals(session: Session) -> list[str]:
        return [e.outcome for e in AuditLog(session).entries() if e.subject_kind == "reminder"]

    outcomes = await world.bot.services.database.run(refusals)
    assert outcomes.count("refused:not_owner") == 2


async def test_another_user_cannot_cancel_your_reminder_from_your_card(world: World):
    anne, bo = world.user("anne"), world.user("bo")
    group = _group(world)
    await world.install_in_group(group)
    world.bot.clock.current = MONDAY_10
    await world.say(anne, "påmind mig om 5 minutter om at ringe til Bo", in_=group)
    answer = world.group(group).latest_card()

    refused = await world.click(bo, answer, "Annuller påmindelse")
    await world.run_background(at=MONDAY_10 + timedelta(minutes=5))

    assert refused.message == "Kun den, der satte påmindelsen, kan ændre den."
    [card] = _reminder_cards(world.chat(anne))  # "påmind mig" goes to one's personal chat
    assert card.shows("ringe til Bo") and _reminder_cards(world.group(group)) == []


async def test_the_time_is_changed_on_the_card_and_read_the_same_way(world: World):
    anne = world.user("anne")
    answer = await _set(world, anne, "påmind mig i morgen kl 9 om mødet")

    change = await world.click(anne, answer, "Skift tidspunkt")
    refused = await world.click(anne, answer, "Gem", inputs={"when": "onsdag"})
    moved = await world.click(anne, answer, "Gem", inputs={"when": "onsdag kl 13"})
    await world.run_background(at=datetime(2026, 11, 24, 12, 0, tzinfo=UTC))
    nothing_yet = _reminder_cards(world.chat(anne))
    await world.run_background(at=datetime(2026, 11, 25, 12, 0, tzinfo=UTC))

    assert change.card is not None and "Nyt tidspunkt" in str(change.card)
    assert refused.card is not None and "Skriv også et klokkeslæt" in str(refused.card)
    assert moved.card is not None and "onsdag d. 25. november kl. 13.00" in str(moved.card)
    assert nothing_yet == []
    [card] = _reminder_cards(world.chat(anne))
    assert card.shows("onsdag d. 25. november kl. 13.00")


async def test_times_that_cannot_be_used_are_refused_with_the_time_texts(world: World):
    anne = world.user("anne")
    world.bot.clock.current = MONDAY_10

    past = await world.say(anne, "påmind mig i dag kl 8 om mødet")
    no_time = await world.say(anne, "påmind mig onsdag om mødet")
    nonsense = await world.say(anne, "påmind mig blåbær om mødet")
    no_text = await world.say(anne, "påmind mig i morgen kl 9")

    assert "allerede passeret" in past.replies[0].text
    assert "Skriv også et klokkeslæt" in no_time.replies[0].text
    assert "forstod jeg ikke" in nonsense.replies[0].text
    assert "Hvad skal jeg minde dig om" in no_text.replies[0].text
    assert await _stored_texts(world) == []


async def test_a_cpr_number_in_a_reminder_is_never_stored_or_sent(world: World):
    anne = world.user("anne")
    await _set(world, anne, f"påmind mig om 1 minut om at ringe om {CPR_DASHED}")
    await world.run_background(at=MONDAY_10 + timedelta(minutes=1))

    [card] = _reminder_cards(world.chat(anne))
    assert card.shows("[CPR]") and not cpr_like_numbers(str(card.card))
    assert await _stored_texts(world) == ["ringe om [CPR]"]


async def test_english_reminders_are_set_listed_and_cancelled(world: World):
    dina = world.user("dina")
    answer = await _set(world, dina, "remind me tomorrow at 2pm to call the doctor")

    listed = await world.say(dina, "my reminders")
    cancelled = await world.click(dina, listed.replies[0], "Cancel reminder")
    empty = await world.say(dina, "my reminders")
    await world.run_background(at=datetime(2026, 11, 24, 14, 0, tzinfo=UTC))

    assert answer.shows("I will remind you Tuesday 24 November at 14:00 about:")
    assert answer.shows("call the doctor")
    assert listed.replies[0].shows("Your reminders") and listed.replies[0].shows("call the doctor")
    assert cancelled.card is not None and "Cancelled: call the doctor" in str(cancelled.card)
    assert empty.replies[0].shows("You have no coming reminders")
    assert _reminder_cards(world.chat(dina)) == []


async def test_remind_us_in_a_channel_posts_in_the_thread_it_was_asked_in(world: World):
    bo = world.user("bo")
    team = world.team("PC Amager")
    await world.install_in_team(team)
    world.bot.clock.current = MONDAY_10

    await world.say(
        bo, "påmind os om 30 minutter om tavlemødet", in_=team.channel("KI-koordinering")
    )
    await world.run_background(at=MONDAY_10 + timedelta(minutes=30))

    [thread] = world.channel(team, "KI-koordinering").threads
    answer, card = thread.replies
    assert answer.shows("Jeg minder jer her i chatten") and card.shows(FIRED)
    assert card.shows("tavlemødet")


async def test_the_command_alone_lists_the_reminders_and_says_how_to_set_one(world: World):
    anne = world.user("anne")
    world.bot.clock.current = MONDAY_10

    turn = await world.say(anne, "påmind")

    [reply] = turn.replies
    assert reply.shows("Du har ingen kommende påmindelser.")
    assert reply.shows("påmind mig i morgen kl 9 om at ringe til lægen")
