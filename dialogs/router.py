"""One path for every action: a click's verb or a typed command, to the handler that owns it.

Every card verb is declared with the typed command its data must parse into (``dialogs.fields``)
and a handler, in one of two shapes:

- ``in_unit``: ``(unit, turn, command) -> Reply``, run inside one unit of work: load, ask the
  domain, persist, audit and queue, then answer, all in one transaction. Most verbs are this.
- ``verb``: ``async (turn, command) -> Reply``, for the few that must do slow work before the
  transaction (parsing a typed time off the event loop) and then open their own.

The router parses strictly (anything that does not parse is refused with a clear message, never
crashes), refuses a click without a known person where the verb needs one, and returns the
handler's ``Reply``; ``bot/`` turns it into Teams' answer. Typed commands are registered by the
capability name from ``domain.capabilities``.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import TypeAdapter, ValidationError

from domain.loggable import loggable
from storage.unit_of_work import UnitOfWork, Units

from .reply import Reply, refuse
from .turn import Turn

log = logging.getLogger(__name__)

C = TypeVar("C")
Handler = Callable[[Turn, C], Awaitable[Reply]]
UnitHandler = Callable[[UnitOfWork, Turn, C], Reply]
TextHandler = Callable[[Turn, str], Awaitable[Reply]]
Waiting = Callable[[Turn], Awaitable[Reply | None]]
Cancelling = Callable[[Turn], Awaitable[bool]]


class MalformedCommand(ValueError):
    """A click's data does not parse into its verb's command."""

    def __init__(self, fields: list[str]) -> None:
        super().__init__(f"malformed: {', '.join(fields) or 'data'}")
        self.fields = fields


_PARSERS: dict[type[Any], TypeAdapter[Any]] = {}


def _parser(command: type[Any]) -> TypeAdapter[Any]:
    parser = _PARSERS.get(command)
    if parser is None:
        parser = TypeAdapter(command)
        # An annotation pydantic cannot resolve yet would otherwise fail the first click instead.
        parser.rebuild(raise_errors=True)
        _PARSERS[command] = parser
    return parser


def parse(command: type[C], data: Mapping[str, Any]) -> C:
    """``data`` as ``command``, strictly (``dialogs.fields``); else ``MalformedCommand``."""
    try:
        parsed: C = _parser(command).validate_python(dict(data))
    except ValidationError as error:
        fields = sorted({str(problem["loc"][0]) for problem in error.errors() if problem["loc"]})
        raise MalformedCommand(fields) from None
    return parsed


@dataclass(frozen=True)
class Refusals:
    """The text keys a capability answers a malformed click or an unknown person with."""

    malformed: str = "common.invalid_action"
    unknown_person: str = "common.unknown_user"


@dataclass(frozen=True)
class Verb(Generic[C]):
    name: str
    command: type[C]
    handle: Handler[C]
    needs_actor: bool
    refusals: Refusals


@dataclass
class Router:
    units: Units
    _verbs: dict[str, Verb[Any]] = field(default_factory=dict)
    _texts: dict[str, TextHandler] = field(default_factory=dict)
    _waiting: list[Waiting] = field(default_factory=list)
    _cancelling: list[Cancelling] = field(default_factory=list)

    # --- declaring ---------------------------------------------------------------------------
    def verb(
        self,
        name: str,
        command: type[C],
        handle: Handler[C],
        *,
        needs_actor: bool = True,
        refusals: Refusals = Refusals(),
    ) -> None:
        if name in self._verbs:
            raise ValueError(f"card action {name!r} is registered twice")
        _parser(command)  # a command that cannot be parsed fails at start-up, not at a click
        self._verbs[name] = Verb(name, command, handle, needs_actor, refusals)

    def in_unit(
        self,
        name: str,
        command: type[C],
        work: UnitHandler[C],
        *,
        needs_actor: bool = True,
        refusals: Refusals = Refusals(),
    ) -> None:
        async def handle(turn: Turn, parsed: C) -> Reply:
            return await self.units.run(lambda unit: work(unit, turn, parsed))

        self.verb(name, command, handle, needs_actor=needs_actor, refusals=refusals)

    def text(self, capability: str, handle: TextHandler) -> None:
        if capability in self._texts:
            raise ValueError(f"typed command {capability!r} is registered twice")
        self._texts[capability] = handle

    def waiting(self, handle: Waiting, cancel: Cancelling) -> None:
        """A capability that may be waiting for a card's answer: ``handle`` answers typed text
        it does not recognise (None when nothing waits), ``cancel`` stops the waiting."""
        self._waiting.append(handle)
        self._cancelling.append(cancel)

    # --- reading -----------------------------------------------------------------------------
    def commands(self) -> Mapping[str, type[Any]]:
        """Every verb and the command type its data parses into."""
        return {name: verb.command for name, verb in self._verbs.items()}

    def knows_text(self, capability: str) -> bool:
        return capability in self._texts

    # --- running -----------------------------------------------------------------------------
    async def click(self, turn: Turn, verb_name: str, data: Mapping[str, Any]) -> Reply | None:
        """The reply to a click, or None if no capability knows the verb."""
        verb = self._verbs.get(verb_name)
        if verb is None:
            log.info("unknown card action %s", loggable(verb_name))
            return None
        try:
            command = parse(verb.command, data)
        except MalformedCommand as error:
            log.info("refused %s: malformed %s", verb_name, loggable(",".join(error.fields)))
            return refuse(turn.texts(verb.refusals.malformed))
        if verb.needs_actor and turn.actor is None:
            return refuse(turn.texts(verb.refusals.unknown_person))
        return await verb.handle(turn, command)

    async def typed(self, turn: Turn, capability: str, argument: str) -> Reply | None:
        handle = self._texts.get(capability)
        return None if handle is None else await handle(turn, argument)

    async def other_text(self, turn: Turn) -> Reply | None:
        """Typed text no command recognises: the answer of a capability waiting for a card."""
        for handle in self._waiting:
            reply = await handle(turn)
            if reply is not None:
                return reply
        return None

    async def cancel(self, turn: Turn) -> bool:
        """``annuller``: stop whatever waits for this person here; False if nothing did."""
        cancelled = [await cancel(turn) for cancel in self._cancelling]
        return any(cancelled)
