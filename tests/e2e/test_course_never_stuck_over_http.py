"""A case never gets stuck (issue 18, items 3 and 7–12), end to end over HTTP: the case card names
its people by what Teams sends, carries what the screening established, always says what it waits
for and who is to act, checks the dates of its steps, shows years and times, offers a tovholder
no coordinator's buttons about her own case, and reaches whoever acted even when they are away."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain.course import Stage
from domain.directory import parse_directory_file
from storage.audit import AuditLog
from storage.directory import DirectoryStore
from tests.e2e.course_world import (
    ELIGIBLE,
    NO_OBSTACLES,
    case_card,
    course,
    directory_file,
    load_directory,
    local,
    my_view,
    open_case,
    press,
)
from tests.e2e.sparring_world import forged
from tests.harness import Turn, World
from tests.harness.cards import actions

# Behaviour, not the database: one kind is enough (CI's time budget); storage has its own tests.
pytestmark = pytest.mark.parametrize("migrated_database_url", ["sqlite"], indirect=True)


def _titles(card: dict[str, Any] | None) -> list[str]:
    assert card is not None
    return [str(a["title"]) for a in actions(card)]


def _facts(card: dict[str, Any]) -> dict[str, str]:
    return {
        str(fact["title"]): str(fact["value"])
        for element in card["body"]
        if element.get("type") == "FactSet"
        for fact in element["facts"]
    }


async def _open(world: World, consent: str, key: str = "anne") -> str:
    """``key`` screens a citizen whose consent is ``consent`` and starts a KI course."""
    user = world.user(key)
    await world.say(user, "tjek")
    answers = {**ELIGIBLE, "consent": consent}
    await world.click(user, world.chat(user).latest_card(), "screening.answers", inputs=answers)
    await world.click(
        user, world.chat(user).latest_card(), "screening.answers", inputs=NO_OBSTACLES
    )
    result = world.chat(user).latest_card()
    turn = await world.click(user, result, "screening.start_case", inputs={"initials": "AB"})
    assert turn.card is not None, turn
    [reference] = [v for v in _facts(turn.card).values() if v.startswith("KI-")]
    await world.run_background(at=world.bot.clock.now())
    return reference


async def _load_without_coordinator(world: World) -> None:
    """The standard directory, but Psykiatrisk Center Amager has no coordinator (bo is staff)."""
    bo = world.user("bo").aad_object_id
    people = [
        part.replace('roles = ["coordinator"]', "roles = []") if bo in part else part
        for part in directory_file(world).split("[[people]]")
    ]
    wanted = parse_directory_file("[[people]]".join(people))

    def load(session: Any) -> None:
        DirectoryStore(session, world.bot.clock.now()).apply_file(wanted)

    await world.bot.services.database.run(load)


async def _consent_if_asked(world: World, key: str = "anne") -> None:
    if "Samtykke givet" in _titles(await my_view(world, key)):
        await press(world, key, "Samtykke givet")


async def _to_meeting_planned(world: World, day: date, clock: str) -> str:
    """A course of anne's, opened now, with its meeting planned for ``day`` at ``clock``."""
    await world.say(world.user("bo"), "hjælp")
    reference = await open_case(world)
    now = world.bot.clock.now()
    await world.run_background(at=now)
    await _consent_if_asked(world)
    await press(world, "anne", "Egen koordinator orienteret")
    await world.run_background(at=now)
    await press(world, "bo", "Anden organisations koordinator orienteret")
    await world.run_background(at=now)
    planned = await press(
        world, "anne", "Møde planlagt", {"meeting_day": day.isoformat(), "meeting_time": clock}
    )
    assert planned.card is not None, planned
    return reference


async def _at(world: World, *parts: int) -> None:
    await world.run_background(at=local(*parts))


# --- 7. names -------------------------------------------------------------------------------


async def test_the_case_card_names_the_tovholder_by_her_teams_name_when_the_directory_has_none(
    world: World,
):
    await _open(world, consent="not_asked")

    card = case_card(world, "anne").card
    asked = await press(world, "anne", "Samtykke spurgt")

    assert _facts(card)["Tovholder"] == "Anne Andersen"
    assert asked.card is not None and _facts(asked.card)["Tovholder"] == "Anne Andersen"
    assert "✔ Samtykke spurgt – Anne Andersen" in str(asked.card)
    assert "ukendt" not in str(asked.card)


# --- 8. consent -----------------------------------------------------------------------------


async def test_consent_given_in_the_screening_is_carried_into_the_course(world: World):
    await load_directory(world)
    reference = await open_case(world, consent="given")
    await world.run_background(at=world.bot.clock.now())

    stored = await course(world, reference)
    card = case_card(world, "anne").card

    anne = world.user("anne").person
    assert stored.course.stage is Stage.CONSENT_GIVEN
    assert [(e.step.value, e.actor) for e in stored.course.history] == [("give_consent", anne)]
    assert _titles(card)[0] == "Egen koordinator orienteret"
    assert "Samtykke givet" not in _titles(card)
    assert "✔ Samtykke givet – Anne Andersen" in str(card)
    audit = await world.bot.services.database.run(lambda s: AuditLog(s).entries())
    [carried] = [e for e in audit if e.action == "course.step"]
    assert dict(carried.detail) == {"step": "give_consent", "source": "screening"}


async def test_consent_asked_in_the_screening_leaves_the_course_waiting_for_the_answer(
    world: World,
):
    await load_directory(world)
    reference = await _open(world, consent="pending")

    stored = await course(world, reference)

    assert stored.course.stage is Stage.CONSENT_PENDING
    assert _titles(case_card(world, "anne").card)[:2] == ["Samtykke givet", "Samtykke afvist"]


# --- 9. waiting for somebody ----------------------------------------------------------------


async def test_a_case_card_says_what_it_waits_for_and_who_is_to_act(world: World):
    await load_directory(world)
    await world.say(world.user("bo"), "hjælp")
    await open_case(world)
    await world.run_background(at=world.bot.clock.now())
    await _consent_if_asked(world)

    informed = await press(world, "anne", "Egen koordinator orienteret")
    await world.run_background(at=world.bot.clock.now())
    bos = await my_view(world, "bo")

    waiting = (
        "Venter på, at koordinatoren i Psykiatrisk Center Amager (Bo Bertelsen) orienterer den "
        "anden organisation."
    )
    assert informed.card is not None and waiting in str(informed.card)
    assert "Venter på, at du orienterer den anden organisation." in str(bos)


async def test_a_tovholder_whose_organisation_has_no_coordinator_is_told_so_and_may_go_on(
    world: World,
):
    await _load_without_coordinator(world)
    await world.say(world.user("carla"), "hjælp")
    reference = await open_case(world)
    await world.run_background(at=world.bot.clock.now())
    await _consent_if_asked(world)

    informed = await press(world, "anne", "Egen koordinator orienteret")
    shown = str(informed.card)
    assert "Der er ingen koordinator for Psykiatrisk Center Amager i botten" in shown
    assert "Venter på, at du orienterer den anden organisation." in shown
    assert "Anden organisations koordinator orienteret" in _titles(informed.card)

    await press(world, "anne", "Anden organisations koordinator orienteret")
    await world.run_background(at=world.bot.clock.now())
    assert case_card(world, "carla").shows(reference)
    assert (await course(world, reference)).course.stage is Stage.OTHER_COORDINATOR_INFORMED


# --- 10. dates are checked ------------------------------------------------------------------


async def test_a_meeting_cannot_be_recorded_as_held_before_the_day_it_is_planned_for(
    world: World,
):
    await load_directory(world)
    reference = await _to_meeting_planned(world, date(2026, 1, 13), "10:00")  # a Tuesday
    await _at(world, 2026, 1, 11, 12)  # the Sunday before

    held = await press(world, "anne", "Møde holdt")

    assert held.message is not None and "tirsdag d. 13. januar" in held.message
    assert (await course(world, reference)).course.stage is Stage.MEETING_SCHEDULED


async def test_a_meeting_held_on_a_weekend_is_recorded_only_once_confirmed(world: World):
    await load_directory(world)
    reference = await _to_meeting_planned(world, date(2026, 1, 10), "10:00")  # a Saturday
    await _at(world, 2026, 1, 10, 12)

    asked = await press(world, "anne", "Møde holdt")
    assert asked.card is not None and "weekend" in str(asked.card)
    assert (await course(world, reference)).course.stage is Stage.MEETING_SCHEDULED
    confirmed = await world.click(
        world.user("anne"), case_card(world, "anne"), "Ja, mødet blev holdt lørdag d. 10. januar"
    )

    assert confirmed.card is not None
    stored = await course(world, reference)
    assert stored.course.stage is Stage.MEETING_HELD
    assert stored.course.dates.meeting_held_on == date(2026, 1, 10)


async def test_a_corrected_meeting_date_keeps_the_order_of_the_steps_and_replaces_its_row(
    world: World,
):
    await load_directory(world)
    reference = await _to_meeting_planned(world, date(2026, 1, 7), "10:00")  # a Wednesday
    await _at(world, 2026, 1, 7, 12)
    await press(world, "anne", "Møde holdt")
    await _at(world, 2026, 1, 9, 12)
    fix = "Ret dato: Møde holdt"

    before_consent = await press(world, "anne", fix, {"corrected_day": "2026-01-02"})
    in_the_future = await press(world, "anne", fix, {"corrected_day": "2026-01-12"})
    corrected = await press(world, "anne", fix, {"corrected_day": "2026-01-08"})

    assert before_consent.message is not None and "onsdag d. 7. januar" in before_consent.message
    assert in_the_future.message is not None and "mandag d. 12. januar" in in_the_future.message
    assert corrected.card is not None
    shown = str(corrected.card)
    assert shown.count("✔ Møde holdt") == 1 and "torsdag d. 8. januar" in shown
    assert (await course(world, reference)).course.dates.meeting_held_on == date(2026, 1, 8)


# --- 11. years and times --------------------------------------------------------------------


async def test_dates_in_another_year_show_the_year_and_meeting_rows_the_time(world: World):
    await load_directory(world)
    world.bot.clock.current = local(2026, 12, 14, 10)

    await _to_meeting_planned(world, date(2027, 1, 6), "10:30")
    card = await my_view(world, "anne")

    assert "✔ Møde planlagt – Anne Andersen, onsdag d. 6. januar 2027 kl. 10.30" in str(card)
    assert "mandag d. 14. december 2026" not in str(card)  # this year's dates stay short


async def test_a_polls_meeting_shows_as_the_planned_meeting_and_moving_it_updates_that_row(
    world: World,
):
    await load_directory(world)
    anne, bo = world.user("anne"), world.user("bo")
    reference = await _to_meeting_planned(world, date(2026, 1, 7), "10:00")
    team = world.team("PC Amager")
    await world.install_in_team(team)
    channel = team.channel("KI-koordinering")
    await world.say(anne, "møde", in_=channel)
    created = world.channel(team, "KI-koordinering").latest_card("Planlæg et møde")
    form = {
        "title": "KI-møde",
        "case": reference,
        "people": f"{bo.person.tenant_id}|{bo.person.aad_object_id}",
        "slots": "torsdag d. 8/1 kl 13-14",
        "answer_by": "2026-01-07",
    }
    await world.click(anne, created, "meetings.preview", inputs=form)
    await world.click(anne, created, "meetings.open")
    await world.run_background(at=world.bot.clock.now())
    await world.click(
        bo, world.chat(bo).latest_card("Hvornår kan du?"), "meetings.vote", inputs={"a_s1": "yes"}
    )
    shared = world.channel(team, "KI-koordinering").latest_card("Mødeafstemning")
    await world.click(anne, shared, "meetings.results")
    await world.click(anne, shared, "meetings.finalise", inputs={"slot": "s1"})
    await world.click(anne, shared, "Ja, fastlæg")  # anne (required) has not answered herself
    await world.click(anne, shared, "meetings.move", inputs={"new_time": "fredag d. 9/1 kl 12-13"})
    await world.run_background(at=world.bot.clock.now())

    card = str(await my_view(world, "anne"))

    assert card.count("✔ Møde planlagt") == 1
    assert "fredag d. 9. januar kl. 12.00" in card
    assert "onsdag d. 7. januar" not in card and "torsdag d. 8. januar" not in card
    assert (await course(world, reference)).course.dates.meeting_on == date(2026, 1, 9)


# --- 12. no coordinator's buttons about one's own case ------------------------------------


async def test_a_coordinator_who_is_tovholder_is_not_offered_to_nudge_or_take_over_her_own_case(
    world: World,
):
    await load_directory(world)
    reference = await open_case(world, "bo")
    await world.run_background(at=world.bot.clock.now())

    card = await my_view(world, "bo")
    bo = world.user("bo")
    nudged = await forged(world, bo, bo, "course.nudge", reference=reference)

    assert "Påmind tovholderen" not in _titles(card)
    assert "Overtag forløbet" not in _titles(card)
    assert nudged.message is not None and "selv tovholder" in nudged.message


# --- 3. an absence never diverts one's own turn -------------------------------------------


async def test_a_coordinator_away_today_gets_the_card_of_the_case_she_opened_herself(
    world: World,
):
    await load_directory(world)
    bo = world.user("bo")
    for key in ("bo", "carla"):
        await world.say(world.user(key), "hjælp")
    away: Turn = await world.say(bo, "fravær i dag")
    assert away.replies, away

    reference = await open_case(world, "bo")
    await world.run_background(at=world.bot.clock.now())

    assert case_card(world, "bo").shows(reference)
    assert not any(p.shows(reference) for p in world.chat(world.user("carla")).messages)
