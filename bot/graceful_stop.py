"""Stopping a background loop: it finishes what it is doing, else it is cancelled."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

STOP_GRACE_SECONDS = 10.0


async def stop_gracefully(
    task: asyncio.Task[None] | None,
    wake: Callable[[], None],
    grace_seconds: float = STOP_GRACE_SECONDS,
) -> None:
    """Wake ``task`` (whose owner has told it to stop) and give it ``grace_seconds`` to end
    on its own; then cancel it."""
    if task is None:
        return
    wake()
    try:
        await asyncio.wait_for(asyncio.shield(task), grace_seconds)
    except TimeoutError:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
