"""New random ids for the bot's own objects (polls, screenings, cards, threads)."""

from __future__ import annotations

import uuid

from .privacy import contains_cpr


def new_id(length: int = 32) -> str:
    """A random hex id that holds no CPR-like number, so no check or redaction mistakes it for one
    (about one random id in a few dozen would)."""
    while True:
        candidate = uuid.uuid4().hex[:length]
        if not contains_cpr(candidate):
            return candidate
