"""A KI course in the standard world: a directory with anne (tovholder) and erik in the region
with bo as coordinator, carla coordinating the municipality, and a case opened by screening."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from domain.directory import parse_directory_file
from storage.courses import CourseStore, StoredCourse
from storage.directory import DirectoryStore
from tests.harness import Posted, World

ZONE = ZoneInfo("Europe/Copenhagen")
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
NO_OBSTACLES = {
    "coordination_already_adequate": "false",
    "unclear_medical_responsibility": "false",
}


def local(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=ZONE)  # type: ignore[misc]


def directory_file(world: World) -> str:
    def person(key: str, organisation: str, roles: str) -> str:
        user = world.user(key)
        return f"""
[[people]]
name = "{user.name}"
aad_object_id = "{user.aad_object_id}"
tenant = "{user.tenant.id}"
organisation = "{organisation}"
roles = [{roles}]
"""

    region, kommune = world.user("anne").tenant.id, world.user("carla").tenant.id
    return (
        f"""
[[organisations]]
id = "pc-amager"
kind = "region"
name = "Psykiatrisk Center Amager"
tenant = "{region}"
partners = ["crb-kbh"]

[[organisations]]
id = "crb-kbh"
kind = "kommune"
name = "Center for Rusmiddelbehandling"
tenant = "{kommune}"
partners = ["pc-amager"]
"""
        + person("anne", "pc-amager", "")
        + person("erik", "pc-amager", "")
        + person("bo", "pc-amager", '"coordinator"')
        + person("carla", "crb-kbh", '"coordinator"')
        + person("dina", "crb-kbh", "")
    )


async def load_directory(world: World) -> None:
    wanted = parse_directory_file(directory_file(world))

    def load(session: Any) -> None:
        DirectoryStore(session, world.bot.clock.now()).apply_file(wanted)

    await world.bot.services.database.run(load)


async def open_case(
    world: World, key: str = "anne", initials: str = "AB", consent: str = "not_asked"
) -> str:
    """``key`` screens a citizen (consent not asked yet, unless ``consent`` says otherwise) and
    starts a KI course; returns the case reference."""
    user = world.user(key)
    await world.say(user, "tjek")
    answers = {**ELIGIBLE, "consent": consent}
    await world.click(user, world.chat(user).latest_card(), "screening.answers", inputs=answers)
    await world.click(
        user, world.chat(user).latest_card(), "screening.answers", inputs=NO_OBSTACLES
    )
    result = world.chat(user).latest_card()
    turn = await world.click(user, result, "screening.start_case", inputs={"initials": initials})
    assert turn.card is not None, turn
    [reference] = [
        fact["value"]
        for element in turn.card["body"]
        if element.get("type") == "FactSet"
        for fact in element["facts"]
        if fact["value"].startswith("KI-")
    ]
    return str(reference)


async def course(world: World, reference: str) -> StoredCourse:
    stored = await world.bot.services.database.run(
        lambda session: CourseStore(session).get(reference)
    )
    assert stored is not None
    return stored


def case_card(world: World, key: str) -> Posted:
    """The latest case card in ``key``'s personal chat."""
    for posted in reversed(world.chat(world.user(key)).messages):
        heading = str(posted.cards[0]["body"][0].get("text", "")) if posted.cards else ""
        if heading.startswith("KI-forløb KI-"):
            return posted
    raise LookupError("no case card")


async def my_view(world: World, key: str) -> dict[str, Any]:
    """What Teams' refresh does for a listed viewer: drop the stale own view of the case card
    (the harness keeps clicked views forever) and fetch the viewer's own buttons."""
    user, posted = world.user(key), case_card(world, key)
    world.connector.transcript(posted.conversation_id).views.pop((user.key, posted.id), None)
    turn = await world.click(user, posted, "course.view")
    assert turn.card is not None, turn
    return turn.card


async def press(world: World, key: str, title: str, inputs: dict[str, str] | None = None) -> Any:
    """``key`` fetches their own view of the case card and presses ``title`` on it."""
    await my_view(world, key)
    return await world.click(world.user(key), case_card(world, key), title, inputs=inputs or {})


async def to_meeting_held(world: World, held: datetime, tovholder: str = "anne") -> str:
    """A case whose course reached "meeting held" at ``held`` (a local time); returns it."""
    world.bot.clock.current = held
    await world.say(world.user("bo"), "hjælp")
    reference = await open_case(world, tovholder)
    await world.run_background(at=held)
    await press(world, tovholder, "Samtykke givet")
    await press(world, tovholder, "Egen koordinator orienteret")
    await world.run_background(at=held)
    await press(world, "bo", "Anden organisations koordinator orienteret")
    await world.run_background(at=held)
    day = held.date().isoformat()
    await press(world, tovholder, "Møde planlagt", {"meeting_day": day, "meeting_time": "08:00"})
    turn = await press(world, tovholder, "Møde holdt")
    assert turn.card is not None, turn
    return reference
