"""Pool changes on fakes: only an administrator sees the pools and changes them, on their own
card; every change and every refusal is audited; an answered confirmation card stays answered."""

from __future__ import annotations

import json
import re
from dataclasses import replace

from dialogs.directory.commands import CancelChange, ChangePool
from dialogs.directory.pool_admin import PoolAdmin
from dialogs.onboarding import Onboarding
from domain.directory import Role
from tests.dialogs.directory_fixtures import context, directory_unit
from tests.dialogs.turns import BO, turn

CARD = "c" * 32


async def test_an_admin_sees_the_pools_card():
    unit = directory_unit()

    reply = await PoolAdmin(context(unit)).pools(turn())

    assert reply.card is not None and "Psykiatrisk Center Amager" in str(reply.card)


async def test_anyone_else_is_refused_and_the_attempt_audited():
    unit = directory_unit()

    reply = await PoolAdmin(context(unit)).pools(turn(BO))

    assert reply.refused
    assert unit.audit.refusals() == [("directory.pools", "refused:not_admin")]


def test_a_confirmed_change_makes_bo_a_backup_and_is_audited():
    unit = directory_unit()
    admin = PoolAdmin(context(unit))
    change = ChangePool("29:aad-anne", 2, "backup", "pc-amager", CARD)

    proposed = admin.propose_change(unit, turn(), replace(change, card=None))
    confirmed = admin.confirm_change(unit, turn(), change)

    assert proposed.card is not None and "directory.change.confirm" in str(proposed.card)
    assert re.search('"card": "[0-9a-f]{32}"', json.dumps(proposed.card))
    assert confirmed.text and "Bo Berg" in confirmed.text
    assert confirmed.in_place_only and "Action." not in json.dumps(confirmed.card)
    assert Role.BACKUP in unit.directory.people_by_id[2].roles
    assert "directory.role_granted" in unit.audit.actions()


def test_a_second_click_on_a_confirmed_card_says_so_and_changes_nothing_more():
    unit = directory_unit()
    admin = PoolAdmin(context(unit))
    admin.confirm_change(unit, turn(), ChangePool("29:aad-anne", 2, "backup", "pc-amager", CARD))

    cancel = admin.cancel_change(
        unit, turn(), CancelChange("29:aad-anne", 2, "backup", "pc-amager", CARD)
    )
    again = admin.confirm_change(
        unit, turn(), ChangePool("29:aad-anne", 2, "backup", "pc-amager", CARD)
    )

    for reply in (cancel, again):
        assert reply.text and reply.text.startswith("Ændringen er allerede bekræftet: **Bo Berg**")
        assert reply.card is not None and "Action." not in json.dumps(reply.card)
    assert Role.BACKUP in unit.directory.people_by_id[2].roles
    assert unit.audit.actions().count("directory.role_granted") == 1


def test_a_cancelled_card_cannot_be_confirmed_afterwards():
    unit = directory_unit()
    admin = PoolAdmin(context(unit))
    change = CancelChange("29:aad-anne", 2, "admin", None, CARD)

    cancelled = admin.cancel_change(unit, turn(), change)
    late = admin.confirm_change(unit, turn(), ChangePool("29:aad-anne", 2, "admin", None, CARD))

    assert cancelled.text == "Okay, jeg har ikke ændret noget." and cancelled.in_place_only
    assert late.text and late.text.startswith("Du har allerede annulleret")
    assert Role.ADMIN not in unit.directory.people_by_id[2].roles


def test_a_change_without_an_organisation_for_a_pool_role_is_refused():
    unit = directory_unit()

    reply = PoolAdmin(context(unit)).confirm_change(
        unit, turn(), ChangePool("29:aad-anne", 2, "coordinator", None)
    )

    assert reply.refused and not unit.directory.people_by_id[2].roles


def test_a_card_sent_to_someone_else_is_refused_before_anything_is_read():
    unit = directory_unit()

    reply = PoolAdmin(context(unit)).cancel_change(
        unit, turn(BO), CancelChange("29:aad-anne", 2, "admin", None, CARD)
    )

    assert reply.refused and reply.text and "til en anden" in reply.text


async def test_the_help_card_learns_who_is_an_admin_without_an_audit_entry():
    unit = directory_unit()
    admin = PoolAdmin(context(unit))
    onboarding = Onboarding({}, is_admin=admin.is_admin)

    for_admin = await onboarding.help(turn())
    for_staff = await onboarding.help(turn(BO))

    assert "puljer" in str(for_admin.card) and "puljer" not in str(for_staff.card)
    assert unit.audit.actions() == []
