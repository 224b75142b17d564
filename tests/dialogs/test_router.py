"""One path for every action: a click's data is parsed strictly into its verb's command and handed
to the handler that owns it; malformed data and an unknown person are refused in the capability's
words before any handler runs; typed commands and waiting cards find their capability."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

import pytest
from pydantic import PydanticSchemaGenerationError, PydanticUndefinedAnnotation

from dialogs.fields import Number
from dialogs.reply import Reply, say
from dialogs.router import Refusals, Router
from dialogs.turn import Turn
from tests.dialogs.turns import ANNE, turn
from tests.fakes import FakeUnitOfWork, FakeUnitsOfWork

if TYPE_CHECKING:
    from datetime import date as Elsewhere


@dataclass(frozen=True)
class Vote:
    round: Annotated[int, Number(1, 9)]


class Opaque:
    """A type pydantic cannot parse card data into."""


@dataclass(frozen=True)
class Unparseable:
    thing: Opaque


@dataclass(frozen=True)
class Unresolved:
    thing: Elsewhere  # imported only for type checkers: unknown when the router is built


class Recorder:
    """Handlers that remember what reached them."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []

    async def handle(self, turn: Turn, command: Vote) -> Reply:
        self.calls.append((turn.actor, command))
        return say(f"runde {command.round}")

    def in_unit(self, unit: Any, turn: Turn, command: Vote) -> Reply:
        self.calls.append((unit, turn.actor, command))
        return say("i enheden")


@pytest.fixture
def unit() -> FakeUnitOfWork:
    return FakeUnitOfWork()


@pytest.fixture
def router(unit: FakeUnitOfWork) -> Router:
    return Router(FakeUnitsOfWork(unit))


async def test_a_click_reaches_its_handler_with_the_parsed_command(router: Router):
    recorder = Recorder()
    router.verb("vote", Vote, recorder.handle)

    reply = await router.click(turn(), "vote", {"round": "2"})

    assert reply == say("runde 2")
    assert recorder.calls == [(ANNE, Vote(2))]


async def test_an_unknown_verb_is_left_to_the_caller(router: Router):
    assert await router.click(turn(), "nobody_knows", {}) is None


async def test_malformed_data_is_refused_in_the_capabilitys_words_and_no_handler_runs(
    router: Router,
):
    recorder = Recorder()
    router.verb("vote", Vote, recorder.handle, refusals=Refusals("directory.change.invalid"))
    router.verb("plain", Vote, recorder.handle)

    worded = await router.click(turn(), "vote", {"round": "²"})
    plain = await router.click(turn(), "plain", {})

    assert worded is not None and worded.refused
    assert worded.text == turn().texts("directory.change.invalid")
    assert plain is not None and plain.refused
    assert plain.text == turn().texts("common.invalid_action")
    assert recorder.calls == []


async def test_a_click_without_a_known_person_is_refused_where_the_verb_needs_one(router: Router):
    recorder = Recorder()
    router.verb(
        "vote", Vote, recorder.handle, refusals=Refusals(unknown_person="reminders.unknown_user")
    )
    router.verb("open", Vote, recorder.handle, needs_actor=False)

    refused = await router.click(turn(None), "vote", {"round": 1})
    answered = await router.click(turn(None), "open", {"round": 1})

    assert refused is not None and refused.refused
    assert refused.text == turn().texts("reminders.unknown_user")
    assert answered == say("runde 1")
    assert recorder.calls == [(None, Vote(1))]


async def test_malformed_data_is_refused_before_the_person_is_asked_for(router: Router):
    router.verb("vote", Vote, Recorder().handle)

    reply = await router.click(turn(None), "vote", {"round": "x"})

    assert reply is not None and reply.text == turn().texts("common.invalid_action")


async def test_an_in_unit_handler_runs_inside_one_unit_of_work(
    router: Router, unit: FakeUnitOfWork
):
    recorder = Recorder()
    router.in_unit("vote", Vote, recorder.in_unit)

    reply = await router.click(turn(), "vote", {"round": 3})

    assert reply == say("i enheden")
    assert recorder.calls == [(unit, ANNE, Vote(3))]
    assert unit.commits == 1


async def test_an_in_unit_handler_never_runs_for_refused_data(router: Router, unit: FakeUnitOfWork):
    router.in_unit("vote", Vote, Recorder().in_unit)

    await router.click(turn(), "vote", {"round": 10})

    assert unit.commits == 0


def test_a_verb_or_a_typed_command_registered_twice_fails_at_start_up(router: Router):
    router.verb("vote", Vote, Recorder().handle)
    router.text("meetings", Recorder().handle)  # type: ignore[arg-type]

    with pytest.raises(ValueError, match="registered twice"):
        router.in_unit("vote", Vote, Recorder().in_unit)
    with pytest.raises(ValueError, match="registered twice"):
        router.text("meetings", Recorder().handle)  # type: ignore[arg-type]


def test_a_command_that_cannot_be_parsed_fails_at_start_up_not_at_a_click(router: Router):
    with pytest.raises(PydanticSchemaGenerationError):
        router.verb("odd", Unparseable, Recorder().handle)  # type: ignore[arg-type]
    assert "odd" not in router.commands()


def test_a_command_naming_a_type_it_cannot_resolve_fails_at_start_up_not_at_a_click(
    router: Router,
):
    with pytest.raises(PydanticUndefinedAnnotation):
        router.verb("odd", Unresolved, Recorder().handle)  # type: ignore[arg-type]
    assert "odd" not in router.commands()


def test_the_router_lists_every_verb_with_its_command(router: Router):
    router.verb("vote", Vote, Recorder().handle)
    router.in_unit("revote", Vote, Recorder().in_unit)

    assert dict(router.commands()) == {"vote": Vote, "revote": Vote}


async def test_a_typed_command_reaches_its_capability_with_the_argument(router: Router):
    heard: list[str] = []

    async def reminders(_turn: Turn, argument: str) -> Reply:
        heard.append(argument)
        return say("ok")

    router.text("reminders", reminders)

    assert router.knows_text("reminders") and not router.knows_text("meetings")
    assert await router.typed(turn(), "reminders", "i morgen") == say("ok")
    assert await router.typed(turn(), "meetings", "") is None
    assert heard == ["i morgen"]


async def test_other_text_is_answered_by_the_first_capability_waiting_for_it(router: Router):
    asked: list[str] = []

    def waiting(name: str, answer: Reply | None) -> Any:
        async def handle(_turn: Turn) -> Reply | None:
            asked.append(name)
            return answer

        return handle

    async def never(_turn: Turn) -> bool:
        return False

    router.waiting(waiting("screening", None), never)
    router.waiting(waiting("sparring", say("spørgsmål gemt")), never)
    router.waiting(waiting("course", say("for sent")), never)

    assert await router.other_text(turn()) == say("spørgsmål gemt")
    assert asked == ["screening", "sparring"]


async def test_other_text_nobody_waits_for_has_no_answer(router: Router):
    assert await router.other_text(turn()) is None


async def test_cancelling_stops_every_capability_waiting_and_says_whether_any_was(router: Router):
    cancelled: list[str] = []

    def cancel(name: str, was_waiting: bool) -> Any:
        async def stop(_turn: Turn) -> bool:
            cancelled.append(name)
            return was_waiting

        return stop

    async def nothing(_turn: Turn) -> None:
        return None

    assert await router.cancel(turn()) is False
    router.waiting(nothing, cancel("screening", True))
    router.waiting(nothing, cancel("sparring", False))

    assert await router.cancel(turn()) is True
    assert cancelled == ["screening", "sparring"]  # the second is stopped too
