"""Malformed card data never fails a turn (issue 16, item 5): for EVERY verb the router knows,
hypothesis builds payloads from the verb's command fields (wrong types, missing fields, huge and
Unicode values, digits that only look like digits) and sends them as Teams would, over HTTP to the
real app. Each is answered 200 with a short message or a card; none fails the turn.

The app runs on its own event loop in a thread so that hypothesis (synchronous) can drive it.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import threading
import types
import typing
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar, get_args, get_origin

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.config import Settings
from dialogs.fields import MARKERS
from domain.clock import FixedClock
from tests import activities
from tests.harness import BotUnderTest, FakeConnector
from tests.harness.cast import standard_directory

T = TypeVar("T")
EXAMPLES_PER_VERB = 12

# Values a client may send in any field: wrong types, edge numbers, digits that are not ASCII.
LOOKALIKE_DIGITS = ["²", "①", "⁵", "٣", "\uff11\uff12", "1_0", "7.0", " 7", "-1", "0", "1e3", ""]
WRONG = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**60), max_value=2**60),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(LOOKALIKE_DIGITS),
    st.text(max_size=40),
    st.text(min_size=200, max_size=400),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)


class BackgroundBot:
    """The real app and the fake connector on an event loop of their own."""

    def __init__(self, database: Path) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.connector = FakeConnector(standard_directory())
        self.call(self.connector.start())
        self.bot = BotUnderTest(
            Settings(database_url=f"sqlite:///{database}"), FixedClock(), self.connector
        )
        self.call(self.bot.start())

    def call(self, work: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(work, self.loop).result(timeout=60)

    def close(self) -> None:
        self.call(self.bot.stop())
        self.call(self.connector.close())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        self.loop.close()


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BackgroundBot]:
    running = BackgroundBot(tmp_path_factory.mktemp("every-verb") / "ki-bot.sqlite3")
    yield running
    running.close()


def _fields(command: type[Any]) -> dict[str, Any]:
    """The card data key of each field of ``command`` and its type (with its markers)."""
    hints = typing.get_type_hints(command, include_extras=True)
    found = {}
    for field in dataclasses.fields(command):
        kind = hints[field.name]
        alias = next(
            (
                getattr(m, "alias", None)
                for m in getattr(kind, "__metadata__", ())
                if hasattr(m, "alias")
            ),
            None,
        )
        found[alias or field.name] = kind
    return found


def _plausible(kind: Any) -> st.SearchStrategy[Any]:
    """A value of roughly the right shape, so a payload sometimes gets past parsing."""
    origin = get_origin(kind)
    if origin is typing.Annotated:
        base = get_args(kind)[0]
        return _plausible(base)
    if origin is typing.Literal:
        return st.sampled_from(get_args(kind))
    if dataclasses.is_dataclass(kind):
        return payloads(kind)  # type: ignore[arg-type]
    if origin in (typing.Union, types.UnionType):
        return st.one_of(*(_plausible(a) for a in get_args(kind)))
    if kind is type(None):
        return st.none()
    if isinstance(kind, type) and issubclass(kind, int) and not issubclass(kind, bool):
        return st.integers(min_value=0, max_value=2**20)
    if kind is bool:
        return st.booleans()
    if isinstance(kind, type) and hasattr(kind, "__members__"):  # an enum
        return st.sampled_from([member.value for member in kind])  # type: ignore[attr-defined]
    return st.text(alphabet="0123456789abcdef:-", max_size=40)


def payloads(command: type[Any]) -> st.SearchStrategy[dict[str, Any]]:
    fields = _fields(command)
    values = {name: st.one_of(_plausible(kind), WRONG) for name, kind in fields.items()}
    present = (
        st.sets(st.sampled_from(sorted(fields)), max_size=len(fields)) if fields else st.just(set())
    )
    extra = st.dictionaries(st.sampled_from(["x", "verb", "ki_action_extra"]), WRONG, max_size=2)

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        chosen = draw(present)
        payload = {name: draw(values[name]) for name in sorted(chosen)}
        payload.update(draw(extra))
        return payload

    return build()


def _verbs(running: BackgroundBot) -> dict[str, type[Any]]:
    return dict(running.bot.services.bot._router.commands())


def _strict(kind: Any) -> bool:
    """A field type the router parses strictly: a marker from dialogs.fields, a literal, an
    enum, a nested command, or an optional or tuple of those."""
    origin = get_origin(kind)
    if origin is typing.Annotated:
        return any(isinstance(m, MARKERS) for m in get_args(kind)[1:]) or _strict(get_args(kind)[0])
    if origin is typing.Literal:
        return True
    if origin in (typing.Union, types.UnionType, tuple):
        return all(_strict(a) for a in get_args(kind) if a not in (type(None), Ellipsis))
    if dataclasses.is_dataclass(kind):
        return all(_strict(k) for k in _fields(kind).values())  # type: ignore[arg-type]
    return isinstance(kind, type) and hasattr(kind, "__members__")


def test_every_verb_has_a_command_whose_fields_carry_a_strict_marker(running: BackgroundBot):
    """A new verb needs a command of typed fields; a bare ``str``/``int`` field fails here."""
    for verb, command in _verbs(running).items():
        assert dataclasses.is_dataclass(command), verb
        for name, kind in _fields(command).items():
            assert _strict(kind), f"{verb}.{name} is {kind!r}: give it a marker from dialogs.fields"


def test_the_property_covers_every_verb_the_capabilities_declare(running: BackgroundBot):
    from domain.capabilities import CAPABILITIES

    declared = {verb for capability in CAPABILITIES for verb in capability.card_verbs}
    assert set(_verbs(running)) == declared


@pytest.mark.parametrize(
    "verb",
    sorted(
        {
            verb
            for capability in __import__("domain.capabilities").capabilities.CAPABILITIES
            for verb in capability.card_verbs
        }
    ),
)
def test_malformed_data_for_any_verb_is_answered_without_failing_the_turn(
    running: BackgroundBot, verb: str, caplog: pytest.LogCaptureFixture
):
    command = _verbs(running)[verb]

    @settings(
        max_examples=EXAMPLES_PER_VERB,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(payloads(command))
    def check(data: dict[str, Any]) -> None:
        with caplog.at_level(logging.ERROR):
            status, body = running.call(
                running.bot.send(
                    activities.card_invoke(verb, data, service_url=running.connector.service_url)
                )
            )
        assert status == 200, (data, status, body)
        assert body["statusCode"] in (200, 400), (data, body)
        assert body["type"] in (
            "application/vnd.microsoft.activity.message",
            "application/vnd.microsoft.card.adaptive",
        ), (data, body)
        if body["type"].endswith("message"):
            assert isinstance(body["value"], str) and 0 < len(body["value"]) < 500, body
        failed = [r for r in caplog.records if "turn failed" in r.getMessage()]
        assert not failed, (data, failed[0].getMessage())

    check()
