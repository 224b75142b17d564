"""Every button on a sparring thread, on fakes: who may press it in which state, what is stored,
audited and sent, and what the presser is told."""

from __future__ import annotations

import pytest

from dialogs.sparring.commands import OnThread, ProposeLevel, WriteOnThread
from dialogs.sparring.fanout import queue_reminders
from dialogs.sparring.moves import ThreadMoves
from domain.messaging import TellOnFailure, ToPerson, UpdateCopies
from domain.sparring import Status, keys
from tests.dialogs.sparring_world import DINA, ERIK, FINN, SETTINGS, asked, unit_in_world
from tests.dialogs.turns import ANNE, BO, CLARA, turn
from tests.fakes import FakeUnitOfWork

MOVES = ThreadMoves(SETTINGS)


@pytest.fixture
def unit() -> FakeUnitOfWork:
    return unit_in_world()


def _kinds(unit: FakeUnitOfWork) -> list[keys.Kind]:
    return [keys.parse(k).kind for k in unit.outbox.pending_keys()]


def _to(unit: FakeUnitOfWork, kind: keys.Kind) -> list[object]:
    return [m.address for m in unit.outbox.pending() if keys.parse(m.dedupe_key).kind is kind]


def _claimed(unit: FakeUnitOfWork) -> int:
    thread = asked(unit)
    MOVES.claim(unit, turn(BO), OnThread(thread.id))
    unit.outbox.queued.clear()
    unit.audit.entries.clear()
    return thread.id


def test_a_pool_member_claims_sees_their_own_view_and_the_asker_is_told(unit: FakeUnitOfWork):
    thread = asked(unit)

    reply = MOVES.claim(unit, turn(BO, name="Bo"), OnThread(thread.id))

    claimed = unit.threads.at(thread.id)
    assert (claimed.status, claimed.claimer, claimed.claimer_name) == (
        Status.CLAIMED,
        BO,
        "Bo Bertelsen",
    )
    assert claimed.version == 2 and not reply.refused
    assert reply.card is not None and "Send svar" in str(reply.card)
    assert _to(unit, keys.Kind.CLAIMED) == [ToPerson(ANNE)]
    assert sorted(str(a) for a in _to(unit, keys.Kind.UPDATE)) == sorted(
        str(UpdateCopies(k)) for k in ("sparring:1", "sparring:1:en")
    )
    assert unit.outbox.cancelled == set()  # nothing was queued under the reminder's key here
    assert unit.audit.actions() == ["sparring.claimed"]


def test_a_second_claim_is_told_who_has_it_and_changes_nothing(unit: FakeUnitOfWork):
    thread_id = _claimed(unit)

    reply = MOVES.claim(unit, turn(ERIK), OnThread(thread_id))

    assert reply.refused and reply.text == "Bo Bertelsen har allerede taget forespørgsel #1."
    assert unit.threads.at(thread_id).claimer == BO
    assert not unit.outbox.queued and not unit.audit.entries


def test_outsiders_are_refused_and_each_attempt_is_audited(unit: FakeUnitOfWork):
    thread = asked(unit)

    by_finn = MOVES.claim(unit, turn(FINN), OnThread(thread.id))
    by_clara = MOVES.decline(unit, turn(CLARA), WriteOnThread(thread.id, "nej"))
    own = MOVES.claim(unit, turn(ANNE), OnThread(thread.id))
    proposal_by_asker = MOVES.propose(unit, turn(ANNE), ProposeLevel(thread.id, 2))

    assert all(r.refused and "ikke adgang" in (r.text or "") for r in (by_finn, by_clara, own))
    assert proposal_by_asker.refused
    assert unit.audit.refusals() == [
        ("sparring.claim", "refused:not_in_pool"),
        ("sparring.decline", "refused:not_in_pool"),
        ("sparring.claim", "refused:own_request"),
        ("sparring.answer", "refused:own_request"),
    ]
    assert unit.threads.at(thread.id).version == 1


def test_a_thread_that_does_not_exist_is_refused_clearly(unit: FakeUnitOfWork):
    reply = MOVES.claim(unit, turn(BO), OnThread(99))

    assert reply.refused and reply.text == "Den forespørgsel findes ikke (længere)."


def test_the_claimers_answer_is_relayed_keyed_by_its_message_and_marks_it_answered(
    unit: FakeUnitOfWork,
):
    thread_id = _claimed(unit)

    reply = MOVES.reply(unit, turn(BO), WriteOnThread(thread_id, "Ring mig op."))

    assert reply.text == "Sendt til Anne Andersen."
    answered = unit.threads.at(thread_id)
    assert answered.status is Status.ANSWERED and answered.first_answer_at is not None
    [relay] = [m for m in unit.outbox.pending() if keys.parse(m.dedupe_key).kind == "message"]
    assert keys.parse(relay.dedupe_key).message_id == 2  # the question is message 1
    assert relay.address == ToPerson(ANNE) and "Ring mig op." in str(relay.content.card)
    assert relay.tell_on_failure == TellOnFailure(BO, "answer")  # bo hears if it never arrives
    assert [m.kind for m in unit.threads.messages(thread_id)] == ["question", "answer"]
    assert unit.audit.actions() == ["sparring.answered"]


def test_an_answer_to_an_asker_the_bot_cannot_reach_is_saved_and_says_so_instead_of_sent(
    unit: FakeUnitOfWork,
):
    thread_id = _claimed(unit)
    unit.reach.unreachable.add(ANNE)

    answer = MOVES.reply(unit, turn(BO), WriteOnThread(thread_id, "Ring mig op."))
    proposal = MOVES.propose(unit, turn(BO), ProposeLevel(thread_id, 3, "Diagnosen er uklar."))

    assert answer.text is not None and proposal.text is not None
    assert answer.text.startswith("Dit svar er gemt i tråden. Anne Andersen kan ikke nås")
    assert proposal.text.startswith("Dit forslag er gemt i tråden. Anne Andersen kan ikke nås")
    assert "sendt" not in answer.text.lower() and "sendt" not in proposal.text.lower()
    assert unit.threads.messages(thread_id)[-2].kind == "answer"  # kept, and queued for later


def test_a_second_answer_is_relayed_without_updating_the_copies_again(unit: FakeUnitOfWork):
    thread_id = _claimed(unit)
    MOVES.reply(unit, turn(BO), WriteOnThread(thread_id, "Første svar"))
    unit.outbox.queued.clear()

    MOVES.reply(unit, turn(BO), WriteOnThread(thread_id, "Andet svar"))

    assert _kinds(unit) == [keys.Kind.MESSAGE]
    assert unit.threads.at(thread_id).version == 3


def test_the_askers_follow_up_goes_to_the_claimer_and_waits_for_a_claim_before(
    unit: FakeUnitOfWork,
):
    thread = asked(unit)

    early = MOVES.reply(unit, turn(ANNE), WriteOnThread(thread.id, "Hallo?"))
    MOVES.claim(unit, turn(BO), OnThread(thread.id))
    later = MOVES.reply(unit, turn(ANNE), WriteOnThread(thread.id, "Hvornår?"))

    assert early.refused and "Ingen koordinator har taget" in (early.text or "")
    assert later.text == "Sendt til Bo Bertelsen."
    assert _to(unit, keys.Kind.MESSAGE) == [ToPerson(BO)]
    assert unit.audit.actions() == ["sparring.claimed", "sparring.followed_up"]


@pytest.mark.parametrize(
    ("who", "text", "expected"),
    [
        (
            ERIK,
            "svar",
            "Forespørgsel #1 er taget af Bo Bertelsen. Kun den, der har taget den, kan svare.",
        ),
        (BO, "", "Skriv en tekst i feltet først."),
    ],
    ids=["another pool member", "an empty answer"],
)
def test_an_answer_the_thread_does_not_take_is_refused_with_the_reason(
    unit: FakeUnitOfWork, who, text, expected
):
    thread_id = _claimed(unit)

    reply = MOVES.reply(unit, turn(who), WriteOnThread(thread_id, text))

    assert reply.refused and reply.text == expected
    assert not unit.outbox.queued and unit.threads.at(thread_id).version == 2


def test_a_pool_member_must_claim_before_answering(unit: FakeUnitOfWork):
    thread = asked(unit)

    reply = MOVES.reply(unit, turn(BO), WriteOnThread(thread.id, "svar"))

    assert reply.refused and reply.text == "Tag forespørgsel #1, før du svarer."


def test_a_proposal_is_noted_on_every_copy_and_relayed_to_the_asker(unit: FakeUnitOfWork):
    thread_id = _claimed(unit)

    reply = MOVES.propose(unit, turn(BO), ProposeLevel(thread_id, 3, "Diagnosen er uklar."))

    assert reply.text == "Dit forslag er sendt til Anne Andersen."
    assert unit.threads.at(thread_id).proposal is not None
    assert set(_kinds(unit)) == {keys.Kind.UPDATE, keys.Kind.MESSAGE}
    [entry] = unit.audit.entries
    assert (entry.action, entry.detail) == ("sparring.proposed", {"level": 3})
    assert unit.threads.messages(thread_id)[-1].kind == "proposal_level3"


def test_forwarding_moves_the_request_to_the_partners_pool_and_tells_the_asker(
    unit: FakeUnitOfWork,
):
    thread_id = _claimed(unit)

    reply = MOVES.forward(unit, turn(BO), WriteOnThread(thread_id, "Kommunen kender borgeren."))

    moved = unit.threads.at(thread_id)
    assert (moved.organisation_id, moved.status, moved.claimer) == (
        "kk-misbrug",
        Status.FORWARDED,
        None,
    )
    assert reply.text == "Forespørgsel #1 er sendt videre til Københavns Misbrugscenter."
    assert ToPerson(CLARA) in _to(unit, keys.Kind.COPY)
    assert ToPerson(CLARA) in _to(unit, keys.Kind.UNCLAIMED)
    assert _to(unit, keys.Kind.FORWARDED) == [ToPerson(ANNE)]
    [entry] = unit.audit.entries
    assert (entry.action, entry.detail) == ("sparring.forwarded", {"to": "kk-misbrug"})
    assert unit.threads.messages(thread_id)[-1].kind == "forward_note"


def test_forwarding_withdraws_the_old_pools_reminders_and_reminds_the_new_pool(
    unit: FakeUnitOfWork,
):
    thread = asked(unit)
    queue_reminders(unit, SETTINGS, thread, unit.directory.directory)
    old = set(unit.outbox.pending_keys())

    MOVES.forward(unit, turn(BO), WriteOnThread(thread.id, ""))

    assert old and unit.outbox.cancelled == old
    reminders = [keys.parse(k) for k in unit.outbox.pending_keys() if "unclaimed" in k]
    assert {(k.pool, k.version) for k in reminders} == {("kk-misbrug", 2)}
    assert _to(unit, keys.Kind.FORWARDED) == [ToPerson(ANNE)]


def test_declining_needs_a_reason_and_tells_the_asker_in_their_language(unit: FakeUnitOfWork):
    thread = asked(unit, asker=DINA, pool="kk-misbrug")

    without = MOVES.decline(unit, turn(CLARA), WriteOnThread(thread.id, ""))
    declined = MOVES.decline(unit, turn(CLARA), WriteOnThread(thread.id, "Allerede i forløb."))

    assert without.refused and "begrundelse" in (without.text or "")
    assert declined.text == "Forespørgsel #1 er afvist. Den, der spurgte, har fået din begrundelse."
    assert unit.threads.at(thread.id).status is Status.DECLINED
    [told] = [m for m in unit.outbox.pending() if keys.parse(m.dedupe_key).kind == "declined"]
    assert told.language == "en" and "declined your question" in (told.content.text or "")


def test_closing_tells_the_other_side_only_once_someone_claimed_it(unit: FakeUnitOfWork):
    unclaimed = asked(unit)
    claimed_id = _claimed(unit)

    MOVES.close(unit, turn(ANNE), OnThread(unclaimed.id))
    assert _to(unit, keys.Kind.CLOSED) == []
    MOVES.close(unit, turn(ANNE), OnThread(claimed_id))

    assert _to(unit, keys.Kind.CLOSED) == [ToPerson(BO)]
    assert [e.detail for e in unit.audit.entries] == [{"by": "asker"}, {"by": "asker"}]


def test_nothing_moves_on_a_closed_thread(unit: FakeUnitOfWork):
    thread_id = _claimed(unit)
    MOVES.close(unit, turn(BO), OnThread(thread_id))

    replies = [
        MOVES.claim(unit, turn(ERIK), OnThread(thread_id)),
        MOVES.reply(unit, turn(BO), WriteOnThread(thread_id, "svar")),
        MOVES.close(unit, turn(ANNE), OnThread(thread_id)),
    ]

    assert [r.text for r in replies] == ["Forespørgsel #1 er afsluttet."] * 3


def test_one_view_per_viewer_and_a_background_refresh_by_an_outsider_is_not_audited(
    unit: FakeUnitOfWork,
):
    thread = asked(unit)

    pool = MOVES.view(unit, turn(ERIK), OnThread(thread.id))
    asker = MOVES.view(unit, turn(ANNE), OnThread(thread.id))
    refreshed = MOVES.view(unit, turn(FINN, automatic=True), OnThread(thread.id))
    pressed = MOVES.view(unit, turn(FINN), OnThread(thread.id))

    assert "Tag den" in str(pool.card) and "Tag den" not in str(asker.card)
    assert "Løst" in str(asker.card)
    assert refreshed.refused and pressed.refused
    assert unit.audit.refusals() == [("sparring.view", "refused:not_in_pool")]
