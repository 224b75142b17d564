"""The steps every sparring button shares, on fakes: load and authorise, make the move, store it
only over the version it was made from (else look again), keep the messages, audit, send."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from dialogs.reply import Reply, say
from dialogs.sparring.steps import load, make, relation_of
from domain.directory import Action
from domain.sparring import Changed, Relation, Status, Thread
from tests.dialogs.sparring_world import ERIK, FINN, SETTINGS, asked, unit_in_world
from tests.dialogs.turns import ANNE, BO, turn
from tests.fakes import FakeUnitOfWork
from tests.fakes.sparring import FakeThreads


def _claimed_by_erik(stored: Thread) -> Thread:
    return replace(stored, status=Status.CLAIMED, claimer=ERIK, claimer_name="Erik")


class Overtaken(FakeThreads):
    """Someone else's change is stored between this unit's load and its save, ``times`` times."""

    def __init__(
        self,
        threads: FakeThreads,
        times: int,
        change: Callable[[Thread], Thread] = _claimed_by_erik,
    ) -> None:
        super().__init__(threads.clock, threads.threads, threads.messages_by_id)
        self.times = times
        self.change = change

    def save(self, thread: Thread) -> bool:
        if self.times > 0:
            self.times -= 1
            stored = self.threads[thread.id]
            self.threads[thread.id] = replace(self.change(stored), version=stored.version + 1)
        return super().save(thread)


@pytest.fixture
def unit() -> FakeUnitOfWork:
    return unit_in_world()


def _claim(unit: FakeUnitOfWork, who=BO) -> Reply:  # type: ignore[no-untyped-def]
    thread = unit.threads.threads[1] if unit.threads.threads else asked(unit)

    def answer(_loaded: object, changed: Changed) -> Reply:
        return say(f"v{changed.thread.version}")

    return make(
        unit,
        turn(who),
        SETTINGS,
        thread.id,
        Action.CLAIM_SPARRING,
        lambda it: it.thread.claim(it.actor, it.relation, "Bo", unit.now),
        answer,
    )


def test_a_move_is_stored_audited_and_answered(unit: FakeUnitOfWork):
    reply = _claim(unit)

    assert reply == say("v2")
    assert unit.threads.at(1).claimer == BO and unit.threads.saves == 1
    assert unit.audit.actions() == ["sparring.claimed"]


def test_a_change_stored_between_load_and_save_is_seen_on_a_second_look(unit: FakeUnitOfWork):
    asked(unit)
    unit.threads = Overtaken(unit.threads, times=1)

    reply = _claim(unit)

    assert reply.refused and reply.text == "Erik har allerede taget forespørgsel #1."
    assert unit.threads.at(1).claimer == ERIK
    assert unit.audit.actions() == [] and not unit.outbox.queued


def test_a_thread_changing_under_every_look_is_refused_without_a_change(unit: FakeUnitOfWork):
    asked(unit)
    unit.threads = Overtaken(unit.threads, times=99, change=lambda stored: stored)

    reply = _claim(unit)

    assert reply.refused and "ændret samtidig" in (reply.text or "")
    assert unit.audit.actions() == [] and not unit.outbox.queued


def test_a_refused_actor_is_audited_under_the_action_they_tried(unit: FakeUnitOfWork):
    thread = asked(unit)

    loaded = load(unit, turn(FINN), SETTINGS, thread.id, Action.FORWARD_SPARRING)

    assert isinstance(loaded, Reply) and loaded.refused
    [entry] = unit.audit.entries
    assert (entry.action, entry.outcome, entry.subject_id, entry.thread_id) == (
        "sparring.forward",
        "refused:not_in_pool",
        "1",
        "1",
    )


def test_the_action_asked_about_may_depend_on_who_presses(unit: FakeUnitOfWork):
    thread = asked(unit)
    seen = []

    def action(found: Thread, actor: object) -> Action:
        seen.append((found.id, actor))
        return Action.FOLLOW_UP_SPARRING

    loaded = load(unit, turn(ANNE), SETTINGS, thread.id, action)

    assert not isinstance(loaded, Reply) and loaded.relation is Relation.ASKER
    assert seen == [(1, ANNE)]


def test_how_each_person_stands_to_a_thread(unit: FakeUnitOfWork):
    thread = asked(unit)
    claimed = replace(thread, claimer=BO)
    directory, today = unit.directory.directory, SETTINGS.today(unit)

    assert relation_of(ANNE, thread, directory, today) is Relation.ASKER
    assert relation_of(ERIK, thread, directory, today) is Relation.POOL
    assert relation_of(BO, claimed, directory, today) is Relation.CLAIMER
    assert relation_of(FINN, thread, directory, today) is Relation.OTHER


def test_the_messages_a_move_writes_are_kept_with_the_thread(unit: FakeUnitOfWork):
    thread = asked(unit)
    _claim(unit)

    make(
        unit,
        turn(BO),
        SETTINGS,
        thread.id,
        Action.DECLINE_SPARRING,
        lambda it: it.thread.decline(it.actor, it.relation, "Ingen KI nødvendig.", unit.now),
        lambda _l, _c: say("ok"),
    )

    assert [(m.kind, m.text) for m in unit.threads.messages(thread.id)][1:] == [
        ("decline_reason", "Ingen KI nødvendig.")
    ]
