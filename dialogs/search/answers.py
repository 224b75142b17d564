"""What a search answers: results (``title`` shown, ``value`` sent back with the form), or a
refusal the client shows in the picker. ``bot/`` turns either into Teams' search response."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    title: str
    value: str


@dataclass(frozen=True)
class Results:
    results: tuple[Result, ...]


@dataclass(frozen=True)
class SearchRefused:
    """``code`` for logs and the response (``BadRequest``, ``Forbidden``, ``NotFound``);
    ``message`` in the reader's language."""

    code: str
    message: str


SearchAnswer = Results | SearchRefused
