"""A sparring world: the region's pool (bo, backup erik) posts in PC Amager's channel
"KI-koordinering", the municipality's pool (carla) in Misbrugscenter Nord's General channel;
anne (region) and dina (municipality, English Teams client) ask; finn belongs to the region but
to no pool."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from domain.directory import parse_directory_file
from domain.identity import PersonRef
from storage.audit import AuditEntry, AuditLog
from storage.directory import DirectoryStore
from storage.sparring import Message, SparringThreads, Thread
from tests.harness import World
from tests.harness.events import activity
from tests.harness.model import Place, User
from tests.harness.transcript import Posted
from tests.harness.world import Instance, Turn

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
MONDAY_10 = datetime(2026, 11, 23, 10, 0, tzinfo=COPENHAGEN)


def _person(user: User, organisation: str, roles: str = "") -> str:
    return f"""
[[people]]
name = "{user.name}"
aad_object_id = "{user.aad_object_id}"
tenant = "{user.tenant.id}"
organisation = "{organisation}"
roles = [{roles}]
"""


def directory_file(world: World) -> str:
    region_team, kommune_team = world.team("PC Amager"), world.team("Misbrugscenter Nord")
    anne, bo, erik, finn = (world.user(k) for k in ("anne", "bo", "erik", "finn"))
    carla, dina = world.user("carla"), world.user("dina")
    return (
        f"""
[[organisations]]
id = "pc-amager"
kind = "region"
name = "Psykiatrisk Center Amager"
tenant = "{anne.tenant.id}"
partners = ["kk-misbrug"]
pool = "{region_team.channel("KI-koordinering").id}"

[[organisations]]
id = "kk-misbrug"
kind = "kommune"
name = "Københavns Misbrugscenter"
tenant = "{carla.tenant.id}"
partners = ["pc-amager"]
pool = "{kommune_team.id}"
"""
        + _person(anne, "pc-amager")
        + _person(bo, "pc-amager", '"coordinator"')
        + _person(erik, "pc-amager", '"backup"')
        + _person(finn, "pc-amager")
        + _person(carla, "kk-misbrug", '"coordinator"')
        + _person(dina, "kk-misbrug")
    )


async def set_up(world: World, at: datetime = MONDAY_10) -> None:
    world.bot.clock.current = at
    for team in (world.team("PC Amager"), world.team("Misbrugscenter Nord")):
        await world.install_in_team(team)
    wanted = parse_directory_file(directory_file(world))
    await world.bot.services.database.run(
        lambda session: DirectoryStore(session, at).apply_file(wanted)
    )


async def absent(
    world: World, user: User, first: date, last: date, substitute: User | None = None
) -> None:
    def register(session: Any) -> None:
        store = DirectoryStore(session, world.bot.clock.now())
        found = store.find(user.person)
        stand_in = store.find(substitute.person) if substitute else None
        assert found is not None
        store.add_absence(found.id, first, last, stand_in.id if stand_in else None)

    await world.bot.services.database.run(register)


async def deliver(world: World) -> Any:
    """Send what the outbox holds now (the clock stays where it is)."""
    return await world.run_background(at=world.bot.clock.now())


async def ask(world: World, user: User, question: str, **inputs: str) -> Turn:
    await world.say(user, "sparring")
    card = world.chat(user).latest_card()
    turn = await world.click(user, card, "sparring.ask", inputs={"question": question, **inputs})
    await deliver(world)
    return turn


async def options(world: World, user: User, posted: Posted) -> dict[str, Any]:
    """``user`` opens their own view of a request card (what Teams' refresh does by itself)."""
    turn = await world.click(user, posted, "sparring.view")
    assert turn.card is not None, turn.message
    return turn.card


async def forged(
    world: World, user: User, place: Place, verb: str, *, bot: Instance | None = None, **data: Any
) -> Turn:
    """A click on a button ``user`` was never shown: the card data comes from the client (to
    ``bot``, the first instance unless given)."""
    value = {"action": {"type": "Action.Execute", "verb": verb, "data": data}, "trigger": "manual"}
    event = activity(
        "invoke",
        user=user,
        place=place,
        service_url=world.connector.service_url,
        now=(bot or world.bot).clock.now(),
        name="adaptiveCard/action",
        value=value,
    )
    return await world.post(event, bot=bot)


async def thread(world: World, thread_id: int = 1) -> Thread:
    found = await world.bot.services.database.run(
        lambda session: SparringThreads(session, world.bot.clock.now()).get(thread_id)
    )
    assert found is not None
    return found


async def messages(world: World, thread_id: int = 1) -> list[Message]:
    return await world.bot.services.database.run(
        lambda session: SparringThreads(session, world.bot.clock.now()).messages(thread_id)
    )


async def audit(world: World) -> list[AuditEntry]:
    entries = await world.bot.services.database.run(lambda session: AuditLog(session).entries())
    return [e for e in entries if e.action.startswith("sparring.")]


def ref(user: User) -> PersonRef:
    return user.person
