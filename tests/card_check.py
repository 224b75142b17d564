"""Checks a card as Teams would: Microsoft's own Adaptive Cards parser (npm `adaptivecards`,
targeting schema 1.5, run with node) plus the 1.5 version and Teams' 80 KB message limit. Chart
elements, which Teams renders but that parser does not know, are checked against our own schema
(tests/chart_schema.py) and handed to the parser as their fallback; so is the typeahead search of
a choice set (``choices.data``, tests/data_query_schema.py), which the parser knows only from
schema 1.6 while Teams renders it in 1.5 cards."""

from __future__ import annotations

import atexit
import json
import select
import shutil
import subprocess
from pathlib import Path
from typing import Any

from tests.chart_schema import without_charts
from tests.data_query_schema import without_data_queries

NODE_DIR = Path(__file__).parent / "node"
TEAMS_MESSAGE_LIMIT = 80 * 1024


class CardRejected(AssertionError):
    pass


class _Parser:
    """One Node process running Microsoft's parser for the whole test process (started on first
    use, a line of cards in, a line of problems out), and the answers it gave, by card: the parser
    is deterministic, and the same card is checked in many tests."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[str] | None = None
        self._known: dict[str, list[str]] = {}

    def problems(self, cards: list[dict[str, Any]]) -> list[list[str]]:
        keys = [json.dumps(card, sort_keys=True) for card in cards]
        unknown = list(dict.fromkeys(key for key in keys if key not in self._known))
        if unknown:
            answers = self._ask("[" + ",".join(unknown) + "]")
            self._known.update(zip(unknown, answers, strict=True))
        return [self._known[key] for key in keys]

    def _ask(self, line: str) -> list[list[str]]:
        process = self._running()
        assert process.stdin is not None and process.stdout is not None
        try:
            process.stdin.write(line + "\n")
            process.stdin.flush()
            ready, _, _ = select.select([process.stdout], [], [], ANSWER_SECONDS)
            answer = process.stdout.readline() if ready else ""
        except BrokenPipeError:
            answer = ""
        if not answer:
            self.close()
            raise CardRejected(f"the card validator gave no answer within {ANSWER_SECONDS} s")
        problems: list[list[str]] = json.loads(answer)
        return problems

    def _running(self) -> subprocess.Popen[str]:
        if self._process is not None and self._process.poll() is None:
            return self._process
        node = shutil.which("node")
        if node is None or not (NODE_DIR / "node_modules" / "adaptivecards").is_dir():
            raise CardRejected(
                "card validator missing: install Node.js and run `npm ci --prefix tests/node`"
            )
        self._process = subprocess.Popen(
            [node, str(NODE_DIR / "validate_cards.js")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        return self._process

    def close(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            self._process = None


ANSWER_SECONDS = 60
_PARSER = _Parser()
atexit.register(_PARSER.close)


def _parser_problems(cards: list[dict[str, Any]]) -> list[list[str]]:
    return _PARSER.problems(cards)


def check_cards(cards: list[dict[str, Any]]) -> None:
    """Raise CardRejected naming every problem of every card."""
    if not cards:
        return
    problems: list[str] = []
    plain: list[dict[str, Any]] = []
    for index, card in enumerate(cards):
        if card.get("type") != "AdaptiveCard" or card.get("version") != "1.5":
            problems.append(f"card {index}: not an AdaptiveCard of version 1.5")
        own_problems: list[str] = []
        plain.append(without_data_queries(without_charts(card, own_problems), own_problems))
        problems += [f"card {index}: {p}" for p in own_problems]
    for index, card_problems in enumerate(_parser_problems(plain)):
        problems += [f"card {index}: {p}" for p in card_problems]
    if problems:
        raise CardRejected("\n".join(problems))


def check_message_size(activity: dict[str, Any]) -> None:
    size = len(json.dumps(activity, ensure_ascii=False).encode("utf-8"))
    if size > TEAMS_MESSAGE_LIMIT:
        raise CardRejected(
            f"message of {size} bytes is over Teams' limit of 80 KB ({TEAMS_MESSAGE_LIMIT} bytes)"
        )
