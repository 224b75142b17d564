"""``mine spørgsmål`` (the asker's threads, newest first) and ``indbakke`` (a coordinator's open
requests: their pools' unclaimed ones and those they claimed, oldest first, with their age).
Only in a personal chat: the lists name questions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from cards.sparring import ListRow, list_card
from cards.texts import Texts
from domain.sparring import Thread, age_label_parts
from storage.unit_of_work import UnitOfWork, Units

from ..reply import Reply, refuse, say, show
from ..turn import Turn
from .fanout import SparringSettings


def _rows(texts: Texts, threads: Sequence[Thread], now: datetime) -> list[ListRow]:
    rows = []
    for thread in threads:
        unit, n = age_label_parts(thread.asked_at, now)
        age = texts(f"sparring.age.{unit}", n=n)
        rows.append(ListRow(thread.id, thread.status, thread.question, age, thread.claimer_name))
    return rows


def _refused(turn: Turn) -> Reply | None:
    if turn.where.kind != "personal":
        return say(turn.texts("sparring.personal_only"))
    if turn.actor is None:
        return refuse(turn.texts("directory.unknown_user"))
    return None


class Lists:
    def __init__(self, units: Units, settings: SparringSettings) -> None:
        self._units = units
        self._settings = settings

    async def my_questions(self, turn: Turn, _argument: str = "") -> Reply:
        refused = _refused(turn)
        if refused is not None or turn.actor is None:
            return refused or refuse(turn.texts("directory.unknown_user"))
        return await self._units.run(lambda unit: self._mine(unit, turn))

    def _mine(self, unit: UnitOfWork, turn: Turn) -> Reply:
        texts = turn.texts
        threads = unit.threads.asked_by(turn.actor) if turn.actor is not None else []
        card = list_card(
            texts,
            title=texts("sparring.list.mine_title"),
            empty=texts("sparring.list.mine_empty"),
            rows=_rows(texts, threads, unit.now),
        )
        return show(card)

    async def inbox(self, turn: Turn, _argument: str = "") -> Reply:
        refused = _refused(turn)
        if refused is not None:
            return refused
        return await self._units.run(lambda unit: self._inbox(unit, turn))

    def _inbox(self, unit: UnitOfWork, turn: Turn) -> Reply:
        texts, actor = turn.texts, turn.actor
        today = self._settings.today(unit)
        directory = unit.directory.snapshot(today=today)
        pools = set()
        if actor is not None:
            stands_in_for = directory.covered_by(actor, today)
            pools = {directory.coordinates(p) for p in (actor, *stands_in_for)}
        found = sorted(p for p in pools if p)
        if not found or actor is None:
            return say(texts("sparring.not_a_coordinator"))
        card = list_card(
            texts,
            title=texts("sparring.list.inbox_title"),
            empty=texts("sparring.list.inbox_empty"),
            rows=_rows(texts, unit.threads.inbox(found, actor), unit.now),
        )
        return show(card)
