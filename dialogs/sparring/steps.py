"""The steps every button on a thread takes, written once: load the thread (with its row lock when
it is to change), ask ``authorise`` (``dialogs.guard``: a refusal is audited), let the thread make
the move (``domain.sparring.thread``), store it over the version it was made from, keep its
messages, audit what happened and send what it calls for (``fanout``), all in the caller's unit
of work.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Final

from cards.sparring import viewer_card
from cards.texts import Texts
from domain.directory import Action, Directory, SparringSubject, authorise
from domain.identity import PersonRef
from domain.sparring import Changed, Outcome, Refused, Relation, Thread, viewer_actions
from storage.unit_of_work import UnitOfWork

from ..guard import Audited, audit, permitted
from ..reply import Reply, refuse, show
from ..router import Refusals
from ..turn import Turn
from .fanout import SparringSettings, publish
from .views import thread_view, viewer_ids

REFUSALS: Final = Refusals(
    malformed="common.invalid_action", unknown_person="directory.unknown_user"
)
ATTEMPTS: Final = 2  # a second try only if a change was stored between the lock and the save

# The action ``authorise`` is asked about: fixed for most buttons, by who presses it for "reply".
ActionFor = Action | Callable[[Thread, PersonRef], Action]


@dataclass(frozen=True)
class Loaded:
    """A thread as the actor may act on it: how they stand to it, the directory of the day."""

    actor: PersonRef
    thread: Thread
    directory: Directory
    relation: Relation
    today: date


Move = Callable[[Loaded], Outcome]
Answer = Callable[[Loaded, Changed], Reply]  # what the actor is told once the move is stored


def about(thread: Thread) -> Audited:
    return Audited("sparring_thread", str(thread.id), thread_id=str(thread.id))


def _subject(thread: Thread) -> SparringSubject:
    return SparringSubject(str(thread.id), thread.asker, thread.organisation_id, thread.claimer)


def relation_of(actor: PersonRef, thread: Thread, directory: Directory, today: date) -> Relation:
    in_pool = authorise(actor, Action.CLAIM_SPARRING, _subject(thread), directory, on=today)
    return thread.relation_of(actor, in_pool=in_pool.allowed)


def _actor(turn: Turn) -> PersonRef:
    if turn.actor is None:  # the router refuses clicks without one before they get here
        raise ValueError("a sparring action needs a person")
    return turn.actor


def load(
    unit: UnitOfWork,
    turn: Turn,
    settings: SparringSettings,
    thread_id: int,
    action: ActionFor,
    *,
    lock: bool = True,
) -> Loaded | Reply:
    """The thread, if ``turn.actor`` may do ``action`` on it; else the refusal to show."""
    actor, texts = _actor(turn), turn.texts
    thread = unit.threads.get(thread_id, for_update=lock)
    if thread is None:
        return refuse(texts("sparring.unknown_thread"))
    today = settings.today(unit)
    directory = unit.directory.snapshot(today=today)
    relation = relation_of(actor, thread, directory, today)
    if turn.automatic and relation is Relation.OTHER:
        return refuse(texts("sparring.not_allowed"))  # Teams refreshed by itself: nothing to audit
    wanted = action if isinstance(action, Action) else action(thread, actor)
    decision = permitted(
        unit,
        actor,
        wanted,
        _subject(thread),
        directory,
        audit_as=wanted.value,
        about=about(thread),
        on=today,
    )
    if not decision.allowed:
        return refuse(texts("sparring.not_allowed"))
    return Loaded(actor, thread, directory, relation, today)


def refusal(texts: Texts, refused: Refused, thread: Thread) -> Reply:
    name = thread.claimer_name or "?"
    return refuse(texts(f"sparring.{refused.reason.value}", id=thread.id, name=name))


def make(
    unit: UnitOfWork,
    turn: Turn,
    settings: SparringSettings,
    thread_id: int,
    action: ActionFor,
    move: Move,
    answer: Answer,
) -> Reply:
    """Load, authorise and make ``move``; store the thread, its messages and the audit entries,
    send what the move calls for, and ``answer`` (given the thread as it was and the change);
    or the refusal."""
    for _ in range(ATTEMPTS):
        loaded = load(unit, turn, settings, thread_id, action)
        if isinstance(loaded, Reply):
            return loaded
        outcome = move(loaded)
        if isinstance(outcome, Refused):
            return refusal(turn.texts, outcome, loaded.thread)
        if outcome.moved and not unit.threads.save(outcome.thread):
            continue  # changed since it was loaded: load it again and see
        _record(unit, settings, loaded, outcome, turn.name)
        return answer(loaded, outcome)
    return refuse(turn.texts("sparring.changed_meanwhile", id=thread_id))


def _record(
    unit: UnitOfWork, settings: SparringSettings, loaded: Loaded, changed: Changed, by_name: str
) -> None:
    thread = changed.thread
    message_ids: list[int | None] = []
    for event in changed.events:
        written = event.written
        message_ids.append(
            unit.threads.add_message(thread.id, event.by, written.kind, written.text)
            if written is not None
            else None
        )
        action = f"sparring.{event.past}"
        audit(unit, loaded.actor, action, about(thread), detail=event.detail)
    publish(unit, settings, loaded.directory, changed, message_ids, by_name=by_name)


def own_view(unit: UnitOfWork, texts: Texts, loaded: Loaded, thread: Thread | None = None) -> Reply:
    """The actor's own view of the thread (as ``thread`` if it just changed): only the buttons
    they may press."""
    shown = thread or loaded.thread
    relation = relation_of(loaded.actor, shown, loaded.directory, loaded.today)
    card = viewer_card(
        texts,
        thread_view(shown, loaded.directory),
        viewer_actions(shown.status, relation),
        viewers=viewer_ids(unit, shown, loaded.directory),
    )
    return show(card)
