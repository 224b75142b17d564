"""Checks a card as Teams would: Microsoft's own Adaptive Cards parser (npm `adaptivecards`,
targeting schema 1.5, run with node) plus the 1.5 version and Teams' 80 KB message limit. Chart
elements, which Teams renders but that parser does not know, are checked against our own schema
(tests/chart_schema.py) and handed to the parser as their fallback; so is the typeahead search of
a choice set (``choices.data``, tests/data_query_schema.py), which the parser knows only from
schema 1.6 while Teams renders it in 1.5 cards."""

from __future__ import annotations

import json
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


def _parser_problems(cards: list[dict[str, Any]]) -> list[list[str]]:
    node = shutil.which("node")
    if node is None or not (NODE_DIR / "node_modules" / "adaptivecards").is_dir():
        raise CardRejected(
            "card validator missing: install Node.js and run `npm ci --prefix tests/node`"
        )
    result = subprocess.run(
        [node, str(NODE_DIR / "validate_cards.js")],
        input=json.dumps(cards),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout)


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
