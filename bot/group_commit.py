"""Many small writes, one transaction: what concurrent senders record (sent, retry later, failed)
is gathered while a transaction runs and written together in the next one. Each caller still
waits until its own write is committed, so nothing is acknowledged before it is durable; each
write runs in a savepoint of its own, so one failing write does not undo the others."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from sqlmodel import Session

Write = Callable[[Session], Any]
Runner = Callable[[Callable[[Session], Any]], Awaitable[Any]]


class GroupCommit:
    """``run`` runs work in one transaction (``Database.run`` or a wrapper around it)."""

    def __init__(self, run: Runner) -> None:
        self._run = run
        self._waiting: list[tuple[Write, asyncio.Future[None]]] = []
        self._flusher: asyncio.Task[None] | None = None

    async def write(self, work: Write) -> None:
        """Run ``work`` in the next shared transaction; returns once that committed."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append((work, done))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush(), name="ki-bot-group-commit")
        await done

    async def _flush(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting, []
            await self._commit(batch)

    async def _commit(self, batch: list[tuple[Write, asyncio.Future[None]]]) -> None:
        errors: list[Exception | None]
        try:
            errors = await self._run(lambda session: _apply(session, batch))
        except Exception:  # noqa: BLE001 - e.g. a deadlock with another process: once more
            try:
                errors = await self._run(lambda session: _apply(session, batch))
            except Exception as failure:  # noqa: BLE001 - the commit failed: so did every write
                errors = [failure] * len(batch)
        for (_work, done), error in zip(batch, errors, strict=True):
            if done.done():
                continue
            if error is None:
                done.set_result(None)
            else:
                done.set_exception(error)


def _apply(
    session: Session, batch: list[tuple[Write, asyncio.Future[None]]]
) -> list[Exception | None]:
    errors: list[Exception | None] = []
    for work, _done in batch:
        try:
            with session.begin_nested():
                work(session)
        except Exception as error:  # noqa: BLE001 - handed to the caller of that write
            errors.append(error)
        else:
            errors.append(None)
    return errors
