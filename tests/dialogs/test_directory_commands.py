"""The directory's buttons as typed commands: what each card sends is read, anything else is
refused; a pool role needs an organisation, "none" is no substitute."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from dialogs.directory.commands import (
    CancelChange,
    ChangePool,
    ChooseOrganisation,
    RegisterAbsence,
    RemoveAbsence,
)
from dialogs.router import MalformedCommand, parse

OWNER = {"owner": "29:aad-anne"}


def test_choosing_an_organisation_reads_its_id_and_the_capability_to_go_on_with():
    assert parse(
        ChooseOrganisation, {**OWNER, "organisation": "pc-amager", "then": "sparring"}
    ) == (ChooseOrganisation("29:aad-anne", "pc-amager", "sparring"))
    assert parse(ChooseOrganisation, {**OWNER, "organisation": "crb.kbh_1"}).then == ""


@pytest.mark.parametrize(
    "data",
    [
        {"organisation": "pc-amager"},  # no owner
        {**OWNER, "organisation": ""},
        {**OWNER, "organisation": "pc amager"},
        {**OWNER, "organisation": "x" * 65},
        {**OWNER, "organisation": 7},
        {**OWNER, "organisation": "pc-amager", "then": "x" * 41},
    ],
)
def test_an_organisation_choice_no_card_sends_is_refused(data: dict[str, Any]):
    with pytest.raises(MalformedCommand):
        parse(ChooseOrganisation, data)


def test_a_pool_change_reads_the_person_the_change_and_the_organisation():
    command = parse(
        ChangePool, {**OWNER, "person": "12", "change": "backup", "organisation": "pc-amager",
                     "card": "ab" * 16}
    )  # fmt: skip

    assert command == ChangePool("29:aad-anne", 12, "backup", "pc-amager", "ab" * 16)


def test_an_empty_organisation_input_is_no_organisation_and_leaves_a_pool_role_incomplete():
    for change in ("coordinator", "backup"):
        command = parse(ChangePool, {**OWNER, "person": 2, "change": change, "organisation": ""})
        assert command.organisation is None and not command.complete
        assert ChangePool("29:aad-anne", 2, change, "pc-amager").complete  # type: ignore[arg-type]


def test_removing_someone_or_making_an_administrator_needs_no_organisation():
    for change in ("remove", "admin"):
        assert parse(ChangePool, {**OWNER, "person": 2, "change": change}).complete


@pytest.mark.parametrize(
    "data",
    [
        {**OWNER, "person": 2, "change": "owner"},
        {**OWNER, "person": 2, "change": "Admin"},
        {**OWNER, "person": 0, "change": "admin"},
        {**OWNER, "person": "2.0", "change": "admin"},
        {**OWNER, "person": True, "change": "admin"},
        {**OWNER, "person": 10**12 + 1, "change": "admin"},
        {**OWNER, "person": 2, "change": "admin", "card": "not-a-card-id"},
        {**OWNER, "change": "admin"},
    ],
)
def test_a_pool_change_no_card_sends_is_refused(data: dict[str, Any]):
    with pytest.raises(MalformedCommand):
        parse(ChangePool, data)
    with pytest.raises(MalformedCommand):
        parse(CancelChange, data)


def test_cancelling_reads_the_same_change_it_does_not_make():
    assert parse(CancelChange, {**OWNER, "person": 2, "change": "admin"}) == CancelChange(
        "29:aad-anne", 2, "admin"
    )


def test_an_absence_reads_its_dates_and_a_substitute_by_id_or_none():
    with_bo = parse(RegisterAbsence, {**OWNER, "first": "2026-12-01", "last": "2026-12-05",
                                      "substitute": "2"})  # fmt: skip
    alone = parse(RegisterAbsence, {**OWNER, "first": "2026-12-01", "last": "2026-12-01"})

    assert (with_bo.first, with_bo.last, with_bo.substitute_id) == (
        date(2026, 12, 1), date(2026, 12, 5), 2,
    )  # fmt: skip
    assert alone.substitute == "none" and alone.substitute_id is None


@pytest.mark.parametrize(
    "data",
    [
        {**OWNER, "first": "1/12", "last": "2026-12-05"},
        {**OWNER, "first": "2026-12-01"},
        {**OWNER, "first": "2026-12-01", "last": "2026-12-05", "substitute": "Bo"},
        {**OWNER, "first": "2026-12-01", "last": "2026-12-05", "substitute": "-2"},
        {**OWNER, "first": "2026-12-01", "last": "2026-12-05", "substitute": 2},
    ],
)
def test_an_absence_no_card_sends_is_refused(data: dict[str, Any]):
    with pytest.raises(MalformedCommand):
        parse(RegisterAbsence, data)


def test_removing_an_absence_reads_its_id_and_nothing_else():
    assert parse(RemoveAbsence, {**OWNER, "absence": "3"}) == RemoveAbsence("29:aad-anne", 3)
    for wrong in ("", "x", 0, -3, None):
        with pytest.raises(MalformedCommand):
            parse(RemoveAbsence, {**OWNER, "absence": wrong})
