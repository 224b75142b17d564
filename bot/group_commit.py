"""Many small writes, one transaction: what concurrent senders record (sent, retry later, failed)
is gathered while a transaction runs and written together in the next one. Each caller still
waits until its own write is committed, so nothing is acknowledged before it is durable; each
write runs in a savepoint of its own, so one failing write does not undo the others."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

Write = Callable[[Session], Any]
Runner = Callable[[Callable[[Session], Any]], Awaitable[Any]]


@dataclass(frozen=True, eq=False)
class Bulk:
    """Writes of one kind that merge into one statement (e.g. marking many rows sent):
    ``apply(session, items)`` writes the items of every caller waiting for the transaction."""

    apply: Callable[[Session, list[Any]], None]


@dataclass(frozen=True)
class _Waiting:
    done: asyncio.Future[None]
    work: Write | None = None
    bulk: Bulk | None = None
    item: Any = None


class GroupCommit:
    """``run`` runs work in one transaction (``Database.run`` or a wrapper around it)."""

    def __init__(self, run: Runner) -> None:
        self._run = run
        self._waiting: list[_Waiting] = []
        self._flusher: asyncio.Task[None] | None = None

    async def write(self, work: Write) -> None:
        """Run ``work`` in the next shared transaction; returns once that committed."""
        await self._enqueue(work=work)

    async def write_item(self, bulk: Bulk, item: Any) -> None:
        """Add ``item`` to the next transaction's ``bulk`` write; returns once committed."""
        await self._enqueue(bulk=bulk, item=item)

    async def _enqueue(self, **what: Any) -> None:
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append(_Waiting(done, **what))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush(), name="ki-bot-group-commit")
        await done

    async def _flush(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting, []
            await self._commit(batch)

    async def _commit(self, batch: list[_Waiting]) -> None:
        errors: dict[int, Exception]
        try:
            errors = await self._run(lambda session: _apply(session, batch))
        except Exception:  # noqa: BLE001 - e.g. a deadlock with another process: once more
            try:
                errors = await self._run(lambda session: _apply(session, batch))
            except Exception as failure:  # noqa: BLE001 - the commit failed: so did every write
                errors = dict.fromkeys(range(len(batch)), failure)
        for index, waiting in enumerate(batch):
            if waiting.done.done():
                continue
            if index in errors:
                waiting.done.set_exception(errors[index])
            else:
                waiting.done.set_result(None)


def _apply(session: Session, batch: list[_Waiting]) -> dict[int, Exception]:
    """Every write in a savepoint of its own (a bulk write: one for all its items); returns the
    errors by position in ``batch``."""
    errors: dict[int, Exception] = {}
    bulks: dict[Bulk, list[int]] = {}
    for index, waiting in enumerate(batch):
        if waiting.bulk is not None:
            bulks.setdefault(waiting.bulk, []).append(index)
            continue
        assert waiting.work is not None  # noqa: S101 - one of the two is always given
        try:
            with session.begin_nested():
                waiting.work(session)
        except Exception as error:  # noqa: BLE001 - handed to the caller of that write
            errors[index] = error
    for bulk, indexes in bulks.items():
        try:
            with session.begin_nested():
                bulk.apply(session, [batch[i].item for i in indexes])
        except Exception as error:  # noqa: BLE001 - handed to the callers of that write
            errors.update(dict.fromkeys(indexes, error))
    return errors
