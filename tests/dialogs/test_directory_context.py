"""What the directory's flows share: the local date, a card's owner, the administrators' check
(refusals audited), and the audit entry about a person."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from dialogs.directory.commands import OwnCard
from dialogs.directory.context import (
    DirectoryContext,
    audit_person,
    may_manage,
    not_owner,
)
from domain.clock import FixedClock
from tests.dialogs.directory_fixtures import directory_unit
from tests.dialogs.turns import ANNE, BO, turn
from tests.fakes import FakeUnitsOfWork


def test_today_is_the_local_date_not_the_utc_one():
    late = FixedClock(datetime(2026, 11, 30, 23, 30, tzinfo=UTC))  # 00.30 on 1 December here

    copenhagen = DirectoryContext(FakeUnitsOfWork(), late, ZoneInfo("Europe/Copenhagen"))
    utc = DirectoryContext(FakeUnitsOfWork(), late, ZoneInfo("UTC"))

    assert copenhagen.today() == date(2026, 12, 1)
    assert utc.today() == date(2026, 11, 30)


def test_a_confirmation_card_gets_a_new_id_each_time():
    context = DirectoryContext(FakeUnitsOfWork(), FixedClock(), ZoneInfo("UTC"))

    first, second = context.new_card_id(), context.new_card_id()

    assert re.fullmatch("[0-9a-f]{32}", first) and first != second


def test_ones_own_card_passes_and_a_card_sent_to_someone_else_is_refused():
    assert not_owner(turn(ANNE), OwnCard("29:aad-anne")) is None

    refused = not_owner(turn(BO), OwnCard("29:aad-anne"))

    assert refused is not None and refused.refused
    assert refused.text == "Det kort er til en anden."


def test_an_administrator_may_manage_the_directory_and_nothing_is_audited():
    unit = directory_unit()

    assert may_manage(unit, turn(ANNE), ANNE, "directory.pools") is None
    assert unit.audit.entries == []


def test_anyone_else_is_told_only_an_administrator_may_and_the_attempt_is_audited():
    unit = directory_unit()

    refused = may_manage(unit, turn(BO), BO, "directory.role_granted")

    assert refused is not None and refused.refused
    assert refused.text and refused.text.startswith("Det er kun en administrator")
    assert unit.audit.refusals() == [("directory.role_granted", "refused:not_admin")]
    [entry] = unit.audit.entries
    assert (entry.actor, entry.subject_kind, entry.subject_id) == (BO, "directory", "pools")


def test_a_change_to_a_person_is_audited_under_their_id_with_its_detail():
    unit = directory_unit()

    audit_person(unit, ANNE, "directory.organisation_chosen", 2, organisation="pc-amager")

    [entry] = unit.audit.entries
    assert (entry.at, entry.actor, entry.action, entry.subject_kind, entry.subject_id) == (
        unit.now, ANNE, "directory.organisation_chosen", "person", "2",
    )  # fmt: skip
    assert entry.detail == {"organisation": "pc-amager"} and entry.outcome == "done"
