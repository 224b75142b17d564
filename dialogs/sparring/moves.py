"""Every button on a request or a relayed message: one's own view, claim (one of two
simultaneous claims wins), answer or follow up, propose level 2 or 3, forward to the partner's
pool, decline with a reason, close. Each is the same steps (``steps.make``) around one move of
the thread and what the actor is told."""

from __future__ import annotations

from domain.directory import Action
from domain.identity import PersonRef
from domain.sparring import Changed, Outcome, Thread, partner_of
from storage.unit_of_work import UnitOfWork

from ..guard import viewed
from ..reachability import not_reached, unreachable_names
from ..reply import Reply, say
from ..turn import Turn
from .commands import OnThread, ProposeLevel, WriteOnThread
from .fanout import SparringSettings
from .steps import ActionFor, Answer, Loaded, Move, load, make, own_view
from .views import asker_name, organisation_name, person_name


def _writing(thread: Thread, actor: PersonRef) -> Action:
    """The asker follows up in their own thread; anyone else answers."""
    return Action.FOLLOW_UP_SPARRING if actor == thread.asker else Action.ANSWER_SPARRING


class ThreadMoves:
    def __init__(self, settings: SparringSettings) -> None:
        self._settings = settings

    def _make(
        self,
        unit: UnitOfWork,
        turn: Turn,
        thread: int,
        action: ActionFor,
        move: Move,
        answer: Answer,
    ) -> Reply:
        return make(unit, turn, self._settings, thread, action, move, answer)

    def view(self, unit: UnitOfWork, turn: Turn, command: OnThread) -> Reply:
        """What Teams fetches for each viewer by itself, and "show my options"."""
        loaded = load(unit, turn, self._settings, command.thread, Action.VIEW_SPARRING, lock=False)
        if isinstance(loaded, Reply):
            return loaded
        thread = loaded.thread
        viewed(
            unit,
            loaded.actor,
            "sparring",
            str(thread.id),
            case_reference=thread.case_reference,
            automatic=turn.automatic,
        )
        return own_view(unit, turn.texts, loaded)

    def claim(self, unit: UnitOfWork, turn: Turn, command: OnThread) -> Reply:
        def claim(it: Loaded) -> Outcome:
            name = person_name(it.directory, it.actor, turn.name)
            return it.thread.claim(it.actor, it.relation, name, unit.now)

        return self._make(
            unit,
            turn,
            command.thread,
            Action.CLAIM_SPARRING,
            claim,
            lambda it, changed: own_view(unit, turn.texts, it, changed.thread),
        )

    def reply(self, unit: UnitOfWork, turn: Turn, command: WriteOnThread) -> Reply:
        def sent(it: Loaded, changed: Changed) -> Reply:
            thread = changed.thread
            recipient = thread.other_side(it.actor)
            fallback = thread.claimer_name if recipient == thread.claimer else thread.asker_name
            name = person_name(it.directory, recipient, fallback)
            if recipient is not None and unreachable_names(unit, [(recipient, name)]):
                return say(
                    f"{turn.texts('sparring.reply_saved')} {not_reached(turn.texts, [name])}"
                )
            return say(turn.texts("sparring.reply_sent", name=name))

        return self._make(
            unit,
            turn,
            command.thread,
            _writing,
            lambda it: it.thread.write(it.actor, it.relation, command.text, unit.now),
            sent,
        )

    def propose(self, unit: UnitOfWork, turn: Turn, command: ProposeLevel) -> Reply:
        return self._make(
            unit,
            turn,
            command.thread,
            Action.ANSWER_SPARRING,
            lambda it: it.thread.propose(it.actor, it.relation, command.level, command.text),
            lambda it, changed: self._proposed(unit, turn, it, changed),
        )

    @staticmethod
    def _proposed(unit: UnitOfWork, turn: Turn, it: Loaded, changed: Changed) -> Reply:
        name = asker_name(it.directory, changed.thread)
        if unreachable_names(unit, [(changed.thread.asker, name)]):
            return say(f"{turn.texts('sparring.proposed_saved')} {not_reached(turn.texts, [name])}")
        return say(turn.texts("sparring.proposed_done", name=name))

    def forward(self, unit: UnitOfWork, turn: Turn, command: WriteOnThread) -> Reply:
        def forward(it: Loaded) -> Outcome:
            partner = partner_of(it.directory, it.thread.organisation_id)
            return it.thread.forward(it.actor, it.relation, partner, command.text)

        def sent(it: Loaded, changed: Changed) -> Reply:
            partner = organisation_name(it.directory, changed.thread.organisation_id)
            return say(turn.texts("sparring.forwarded_done", id=it.thread.id, organisation=partner))

        return self._make(unit, turn, command.thread, Action.FORWARD_SPARRING, forward, sent)

    def decline(self, unit: UnitOfWork, turn: Turn, command: WriteOnThread) -> Reply:
        return self._make(
            unit,
            turn,
            command.thread,
            Action.DECLINE_SPARRING,
            lambda it: it.thread.decline(it.actor, it.relation, command.text, unit.now),
            lambda it, _: say(turn.texts("sparring.declined_done", id=it.thread.id)),
        )

    def close(self, unit: UnitOfWork, turn: Turn, command: OnThread) -> Reply:
        return self._make(
            unit,
            turn,
            command.thread,
            Action.CLOSE_SPARRING,
            lambda it: it.thread.close(it.actor, it.relation, unit.now),
            lambda it, _: say(turn.texts("sparring.closed_done", id=it.thread.id)),
        )
