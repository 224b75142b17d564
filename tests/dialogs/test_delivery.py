"""Notifying someone outside their own turn, on fakes: each reader in their own language, absences
followed on the day the message arrives (never for what answers one's own action), automatic
messages held for working hours and grouped, and nothing queued twice; an absence registered
later moves what was already queued for those days."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from cards.texts import Texts
from dialogs.delivery import Notice, Queued, queue_notice, reroute_for_absence
from domain.calendar import WorkingCalendar
from domain.clock import FixedClock
from domain.directory import Absence, Directory, Organisation, OrgKind, Person, Role
from domain.directory.routing import Routing, RoutingReason
from domain.identity import PersonRef
from domain.messaging import Content, TellOnFailure, ToPerson
from tests.fakes import FakeUnitOfWork

ZONE = ZoneInfo("Europe/Copenhagen")
CALENDAR = WorkingCalendar.from_settings()
REGION = "tenant-region"
ANNA = PersonRef(REGION, "aad-anna")
BO = PersonRef(REGION, "aad-bo")
CARL = PersonRef(REGION, "aad-carl")
MONDAY_9 = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # 09.00 in Copenhagen
MONDAY_NIGHT = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)
ANNA_AWAY = Absence(ANNA, date(2026, 11, 30), date(2026, 12, 4), substitute=BO)


def _directory(*absences: Absence) -> Directory:
    amager = Organisation("pc-amager", OrgKind.REGION, "PC Amager", REGION)
    people = [
        Person(ANNA, None, "Anna Holm", "pc-amager", frozenset({Role.COORDINATOR})),
        Person(BO, None, "Bo Berg", "pc-amager", frozenset({Role.COORDINATOR})),
        Person(CARL, None, "Carl Clausen", "pc-amager", frozenset({Role.COORDINATOR})),
    ]
    return Directory.of([amager], people, absences)


def _build(texts: Texts, note: str | None) -> Content:
    """The content names its language and, if any, the note."""
    return Content(text=" | ".join(filter(None, [texts.language, note])))


def _queue(unit: FakeUnitOfWork, notice: Notice, directory: Directory | None = None) -> Queued:
    return queue_notice(unit, notice, directory=directory or _directory(), calendar=CALENDAR,
                        zone=ZONE)  # fmt: skip


def test_a_present_person_gets_the_notice_in_their_own_language_under_its_key():
    unit = FakeUnitOfWork(FixedClock(MONDAY_9))
    unit.preferences.languages[ANNA] = "en"
    tell = TellOnFailure(BO, "sparring_answer")

    queued = _queue(unit, Notice("case:1:plan:2d", ANNA, _build, MONDAY_9, card_key="case:1",
                                 tell_on_failure=tell))  # fmt: skip

    [message] = unit.outbox.pending()
    assert (message.dedupe_key, message.address, message.content.text) == (
        "case:1:plan:2d", ToPerson(ANNA), "en",
    )  # fmt: skip
    assert (message.language, message.card_key, message.tell_on_failure) == ("en", "case:1", tell)
    assert queued == Queued((ANNA,), Routing([ANNA], None, RoutingReason.PRESENT))


def test_an_automatic_notice_at_night_waits_for_the_working_morning_in_the_readers_digest():
    unit = FakeUnitOfWork(FixedClock(MONDAY_NIGHT))

    _queue(unit, Notice("nudge", ANNA, _build, MONDAY_NIGHT))

    [message] = unit.outbox.pending()
    assert message.due_at == datetime(2026, 11, 30, 7, 0, tzinfo=UTC)  # 08.00 in Copenhagen
    assert message.digest_group == "person:tenant-region:aad-anna"


def test_a_persons_own_reminder_goes_at_the_time_they_asked_for_outside_any_digest():
    unit = FakeUnitOfWork(FixedClock(MONDAY_NIGHT))

    _queue(unit, Notice("reminder:7", ANNA, _build, MONDAY_NIGHT, automatic=False))

    [message] = unit.outbox.pending()
    assert (message.due_at, message.digest_group) == (MONDAY_NIGHT, None)


def test_an_absent_persons_notice_goes_to_their_substitute_in_theirs_saying_for_whom():
    unit = FakeUnitOfWork(FixedClock(MONDAY_9))
    unit.preferences.languages[BO] = "en"

    queued = _queue(unit, Notice("case:1:plan:2d", ANNA, _build, MONDAY_9),
                    _directory(ANNA_AWAY))  # fmt: skip

    [message] = unit.outbox.pending()
    assert (message.dedupe_key, message.address) == ("case:1:plan:2d:via:aad-bo", ToPerson(BO))
    assert message.content.text == "en | For Anna Holm, who is absent until 4/12"
    assert message.language == "en"
    assert queued.readers == (BO,) and queued.routing.on_behalf_of == ANNA


def test_an_absent_coordinator_without_a_substitute_is_covered_by_the_rest_of_the_pool():
    unit = FakeUnitOfWork(FixedClock(MONDAY_9))
    away = Absence(ANNA, date(2026, 11, 30), date(2026, 12, 4))

    queued = _queue(unit, Notice("pool:question:4", ANNA, _build, MONDAY_9), _directory(away))

    assert queued.readers == (BO, CARL)
    assert sorted(unit.outbox.pending_keys()) == [
        "pool:question:4:via:aad-bo", "pool:question:4:via:aad-carl",
    ]  # fmt: skip


def test_what_answers_the_recipients_own_action_goes_to_her_even_on_a_day_she_is_away():
    unit = FakeUnitOfWork(FixedClock(MONDAY_9))

    queued = _queue(unit, Notice("case:1:card", ANNA, _build, MONDAY_9, routed=False),
                    _directory(ANNA_AWAY))  # fmt: skip

    [message] = unit.outbox.pending()
    assert (message.address, message.content.text) == (ToPerson(ANNA), "da")
    assert queued.readers == (ANNA,)


def test_the_stand_in_is_whoever_stands_in_on_the_morning_the_notice_arrives():
    friday_evening = datetime(2026, 12, 4, 18, 30, tzinfo=UTC)
    away_next_week = Absence(ANNA, date(2026, 12, 7), date(2026, 12, 11), substitute=BO)
    unit = FakeUnitOfWork(FixedClock(friday_evening))

    _queue(
        unit, Notice("case:1:informed", ANNA, _build, friday_evening), _directory(away_next_week)
    )

    [message] = unit.outbox.pending()
    assert message.due_at == datetime(2026, 12, 7, 7, 0, tzinfo=UTC)  # Monday 08.00
    assert message.address == ToPerson(BO)


def test_a_notice_due_in_the_past_is_routed_by_today():
    unit = FakeUnitOfWork(FixedClock(MONDAY_9))
    last_week = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)

    _queue(unit, Notice("late", ANNA, _build, last_week), _directory(ANNA_AWAY))

    [message] = unit.outbox.pending()
    assert message.address == ToPerson(BO)


def test_a_card_key_per_language_keeps_each_languages_copies_together():
    unit = FakeUnitOfWork(FixedClock(MONDAY_9))
    unit.preferences.languages[BO] = "en"
    away = Absence(ANNA, date(2026, 11, 30), date(2026, 12, 4))

    _queue(unit, Notice("k", ANNA, _build, MONDAY_9, card_key=lambda lang: f"case:1:{lang}"),
           _directory(away))  # fmt: skip

    assert {m.address: m.card_key for m in unit.outbox.pending()} == {
        ToPerson(BO): "case:1:en", ToPerson(CARL): "case:1:da",
    }  # fmt: skip


def test_a_moved_card_gets_the_note_under_its_heading():
    unit = FakeUnitOfWork(FixedClock(MONDAY_9))
    heading = {"type": "TextBlock", "text": "Overskrift"}
    rest = {"type": "TextBlock", "text": "Resten"}

    def card(_texts: Texts, _note: str | None) -> Content:
        return Content(card={"type": "AdaptiveCard", "body": [heading, rest]})

    _queue(unit, Notice("k", ANNA, card, MONDAY_9))
    reroute_for_absence(unit, ANNA, ANNA_AWAY.starts_on, ANNA_AWAY.ends_on,
                        directory=_directory(ANNA_AWAY), zone=ZONE)  # fmt: skip

    [message] = unit.outbox.pending()
    assert message.content.card is not None
    body = message.content.card["body"]
    assert body[0] == heading and body[2] == rest
    assert body[1]["text"] == "For Anna Holm, som er fraværende til 4/12"


def test_the_same_notice_is_queued_once():
    unit = FakeUnitOfWork(FixedClock(MONDAY_9))

    for _ in range(2):
        _queue(unit, Notice("case:1:plan:2d", ANNA, _build, MONDAY_9))

    assert unit.outbox.pending_keys() == ["case:1:plan:2d"]


def test_an_absence_registered_later_moves_the_nudges_of_those_days_to_the_substitute():
    unit = FakeUnitOfWork(FixedClock(MONDAY_9))
    wednesday_9 = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
    next_monday_9 = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
    unit.preferences.languages[BO] = "en"
    for key, due, automatic in (("nudge:wed", wednesday_9, True), ("reminder:7", wednesday_9,
                                False), ("nudge:next", next_monday_9, True)):  # fmt: skip
        _queue(unit, Notice(key, ANNA, _build, due, automatic=automatic))

    moved = reroute_for_absence(unit, ANNA, ANNA_AWAY.starts_on, ANNA_AWAY.ends_on,
                                directory=_directory(ANNA_AWAY), zone=ZONE)  # fmt: skip

    assert moved == 1
    pending = {m.dedupe_key: m for m in unit.outbox.pending()}
    assert set(pending) == {"nudge:wed:via:aad-bo", "reminder:7", "nudge:next"}
    nudge = pending["nudge:wed:via:aad-bo"]
    assert (nudge.address, nudge.due_at) == (ToPerson(BO), wednesday_9)
    assert nudge.digest_group == "person:tenant-region:aad-bo"
    assert nudge.content.text == "da\n\nFor Anna Holm, who is absent until 4/12"
    assert pending["reminder:7"].address == ToPerson(ANNA)  # her own reminder stays hers
    assert pending["nudge:next"].address == ToPerson(ANNA)  # after she is back


def test_an_absence_nobody_covers_moves_nothing():
    unit = FakeUnitOfWork(FixedClock(MONDAY_9))
    _queue(unit, Notice("nudge", BO, _build, MONDAY_9))
    alone = Directory.of(
        [Organisation("o", OrgKind.REGION, "O", REGION)], [Person(BO, None, "Bo Berg", "o")],
        [Absence(BO, date(2026, 11, 30), date(2026, 11, 30))],
    )  # fmt: skip

    moved = reroute_for_absence(unit, BO, date(2026, 11, 30), date(2026, 11, 30),
                                directory=alone, zone=ZONE)  # fmt: skip

    assert moved == 0
    assert unit.outbox.pending_keys() == ["nudge"]
