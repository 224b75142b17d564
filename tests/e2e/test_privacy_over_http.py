"""Retention end to end over HTTP: a case with a sparring question and a meeting poll about it is
closed; with the clock moved past RETENTION_DAYS it is gone from every table (a dump of the whole
database finds neither its reference nor its initials) and every card the bot showed about it,
in every chat and channel, reads "Slettet efter opbevaringsperioden"."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from sqlalchemy import inspect, text

from cards.texts import Texts
from storage.audit import AuditLog
from tests.e2e.course_world import case_card, my_view, open_case
from tests.e2e.sparring_world import MONDAY_10, ask, deliver, set_up
from tests.harness import Posted, World

INITIALS = "QXZ"  # three letters no id or text of the world contains by chance
DELETED = "Slettet efter opbevaringsperioden"


def _pick(*keys: str, world: World) -> str:
    return ",".join(
        f"{u.person.tenant_id}|{u.person.aad_object_id}" for u in (world.user(k) for k in keys)
    )


async def _poll_about(world: World, reference: str) -> None:
    """anne plans a meeting about the case in the region pool's channel, with bo."""
    anne, team = world.user("anne"), world.team("PC Amager")
    await world.say(anne, "møde", in_=team.channel("KI-koordinering"))
    form = world.channel(team, "KI-koordinering").latest_card("Planlæg et møde")
    inputs = {
        "title": "Opfølgning",
        "case": reference,
        "people": _pick("bo", world=world),
        "citizen": "Borgeren",
        "slots": "onsdag d. 25/11 kl 10-11\ntorsdag d. 26/11 kl 13-14",
        "answer_by": "2026-11-24",
    }
    await world.click(anne, form, "meetings.preview", inputs=inputs)
    await world.click(anne, form, "meetings.open")
    await deliver(world)


async def _a_closed_case(world: World) -> str:
    await set_up(world)
    for key in ("bo", "carla"):
        await world.say(world.user(key), "hjælp")
    reference = await open_case(world, "anne", initials=INITIALS)
    await deliver(world)
    await ask(world, world.user("anne"), "Skal vi lave en plan?", case_reference=reference)
    await _poll_about(world, reference)
    anne = world.user("anne")
    await world.click(anne, case_card(world, "anne"), "Samtykke givet")
    await world.click(anne, case_card(world, "anne"), "Egen koordinator orienteret")
    await deliver(world)
    await my_view(world, "anne")
    closed = await world.click(anne, case_card(world, "anne"), "Forløbet lukket")
    assert closed.card is not None, closed
    await deliver(world)
    return reference


async def _dump(world: World) -> dict[str, list[str]]:
    """Every row of every table, as text."""

    def read(session: Any) -> dict[str, list[str]]:
        connection = session.connection()
        tables = inspect(connection).get_table_names()
        return {
            table: [
                json.dumps([str(value) for value in row], ensure_ascii=False)
                for row in connection.execute(text(f'SELECT * FROM "{table}"'))  # noqa: S608
            ]
            for table in tables
        }

    return await world.bot.services.database.run(read)


def _found(dump: dict[str, list[str]], *needles: str) -> list[str]:
    return [
        f"{table}: {row[:160]}"
        for table, rows in dump.items()
        for row in rows
        if any(needle in row for needle in needles)
    ]


def _ever_named(world: World, reference: str) -> list[Posted]:
    """Every message of the bot that showed the case in any version, to anyone."""
    named = []
    for transcript in world.connector.transcripts.values():
        views = {posted_id: card for (_user, posted_id), card in transcript.views.items()}
        for posted in transcript.entries:
            if not posted.from_bot:
                continue
            shown = json.dumps(posted.versions, ensure_ascii=False)
            if reference in shown or reference in json.dumps(views.get(posted.id, {})):
                named.append(posted)
    return named


async def test_a_closed_case_is_gone_from_every_table_and_every_chat_after_the_retention_period(
    world: World,
):
    reference = await _a_closed_case(world)
    closed_at = world.bot.clock.now()
    before = await _dump(world)
    assert _found(before, reference) and _found(before, INITIALS)
    named = _ever_named(world, reference)
    places = {posted.conversation_id for posted in named}
    assert len(places) >= 3, places  # anne's and bo's chats, the pool's channel (the poll's too)

    await world.run_background(at=closed_at + timedelta(days=90) - timedelta(hours=1))
    assert _found(await _dump(world), reference), "deleted before RETENTION_DAYS"

    # The retention rules run daily at 00:00 UTC: by the day after, it is gone; the next day's
    # run forgets the neutral updates it sent.
    await world.run_background(at=closed_at + timedelta(days=90, minutes=1))
    await world.run_background(at=closed_at + timedelta(days=91))
    await world.run_background(at=closed_at + timedelta(days=92))

    after = await _dump(world)
    assert _found(after, reference, INITIALS) == []
    assert _found({"sent_copies": after["sent_copies"]}, "deleted:") == [], "kept too long"
    for posted in named:
        latest = json.dumps(posted.activity, ensure_ascii=False)
        assert DELETED in latest, posted
        assert reference not in latest and INITIALS not in latest, posted
        assert posted.activity.get("summary", DELETED) == DELETED, posted
    entries = await world.bot.services.database.run(lambda s: AuditLog(s).entries())
    deletions = [e for e in entries if e.action == "retention.deleted"]
    assert ("case", 1) in {(e.subject_id, e.detail["count"]) for e in deletions}
    assert all(set(e.detail) == {"count"} and e.actor is None for e in deletions)


async def test_deletion_waits_until_retention_days_after_closing_and_not_longer_than_the_next_day(
    world: World,
):
    reference = await _a_closed_case(world)
    closed_at = world.bot.clock.now()

    await world.run_background(at=closed_at + timedelta(days=89, hours=23))
    assert _found(await _dump(world), reference)
    await world.run_background(at=closed_at + timedelta(days=91) - timedelta(minutes=1))
    assert _found(await _dump(world), reference, INITIALS) == []


async def test_viewing_a_case_card_is_audited_with_who_and_when(world: World):
    await set_up(world)
    reference = await open_case(world, "anne", initials=INITIALS)
    await deliver(world)
    world.bot.clock.current = MONDAY_10 + timedelta(minutes=5)

    await my_view(world, "anne")

    entries = await world.bot.services.database.run(
        lambda s: AuditLog(s).entries(case_reference=reference)
    )
    views = [e for e in entries if e.action == "case.viewed"]
    assert [(e.actor, e.at) for e in views] == [(world.user("anne").person, world.bot.clock.now())]


async def test_a_screening_started_in_a_group_chat_shows_its_criteria_only_to_the_asker(
    world: World,
):
    from tests.e2e.course_world import ELIGIBLE, NO_OBSTACLES

    anne = world.user("anne")
    group = next(iter(world.directory.groups.values()))
    await world.install_in_group(group)
    await world.say(anne, "tjek", in_=group)
    await deliver(world)
    for inputs in (ELIGIBLE, NO_OBSTACLES):
        await world.click(anne, world.chat(anne).latest_card(), "screening.answers", inputs=inputs)

    criteria = Texts("da")("screening_card.criteria_title")
    assert not any(p.shows(criteria) for p in world.group(group).messages)
    assert world.chat(anne).latest_card().shows(criteria)
