"""The directory's typed commands and card verbs, wired to the router: each verb parses into its
command, a malformed click or an unknown person is refused in the directory's own words, and the
help card and the organisation gate ask the directory without writing anything."""

from __future__ import annotations

from datetime import date

import pytest

from cards.directory import (
    CANCEL_CHANGE_VERB,
    CHOOSE_ORGANISATION_VERB,
    CONFIRM_CHANGE_VERB,
    PROPOSE_CHANGE_VERB,
    REGISTER_ABSENCE_VERB,
    REMOVE_ABSENCE_VERB,
)
from dialogs.directory import DirectoryActions
from dialogs.directory.commands import (
    CancelChange,
    ChangePool,
    ChooseOrganisation,
    RegisterAbsence,
    RemoveAbsence,
)
from dialogs.reply import Reply, say
from dialogs.router import Router
from dialogs.turn import Turn
from domain.directory import Role
from domain.identity import PersonRef
from tests.dialogs.directory_fixtures import directory_unit
from tests.dialogs.turns import ANNE, BO, turn
from tests.fakes import FakeUnitOfWork, FakeUnitsOfWork

DORTE = PersonRef("tenant-region", "aad-dorte")
CARD = "c" * 32


def _wired(
    unit: FakeUnitOfWork, periods: list[str] | None = None
) -> tuple[Router, DirectoryActions]:
    def parse_period(text: str, today: date) -> tuple[date, date]:
        if periods is not None:
            periods.append(text)
        return today, today

    router = Router(FakeUnitsOfWork(unit))
    actions = DirectoryActions(router.units, unit.clock, "Europe/Copenhagen",
                               parse_period=parse_period)  # fmt: skip
    actions.register(router)
    return router, actions


def test_every_directory_verb_is_registered_with_its_command():
    router, _ = _wired(directory_unit())

    assert dict(router.commands()) == {
        CHOOSE_ORGANISATION_VERB: ChooseOrganisation,
        PROPOSE_CHANGE_VERB: ChangePool,
        CONFIRM_CHANGE_VERB: ChangePool,
        CANCEL_CHANGE_VERB: CancelChange,
        REGISTER_ABSENCE_VERB: RegisterAbsence,
        REMOVE_ABSENCE_VERB: RemoveAbsence,
    }
    for typed in ("my_organisation", "pools", "absence", "remove_absence"):
        assert router.knows_text(typed), typed


async def test_a_confirmed_change_runs_in_one_unit_of_work_with_its_audit_entry():
    unit = directory_unit()
    router, _ = _wired(unit)

    reply = await router.click(turn(), CONFIRM_CHANGE_VERB, {"owner": "29:aad-anne", "person": 2,
                                                             "change": "backup",
                                                             "organisation": "pc-amager",
                                                             "card": CARD})  # fmt: skip

    assert reply is not None and not reply.refused
    assert Role.BACKUP in unit.directory.people_by_id[2].roles
    assert unit.audit.actions() == ["directory.role_granted"]
    assert unit.commits == 1


@pytest.mark.parametrize("verb", [PROPOSE_CHANGE_VERB, CONFIRM_CHANGE_VERB, CANCEL_CHANGE_VERB])
async def test_a_malformed_pool_change_is_told_what_a_change_needs(verb: str):
    unit = directory_unit()
    router, _ = _wired(unit)

    reply = await router.click(turn(), verb, {"owner": "29:aad-anne", "person": "Bo",
                                              "change": "admin"})  # fmt: skip

    assert reply is not None and reply.refused
    assert reply.text == turn().texts("directory.change.invalid")
    assert unit.commits == 0 and unit.audit.entries == []


async def test_malformed_absence_dates_are_told_how_to_write_them():
    router, _ = _wired(directory_unit())

    reply = await router.click(turn(BO), REGISTER_ABSENCE_VERB,
                               {"owner": "29:aad-bo", "first": "1/12", "last": "5/12"})  # fmt: skip

    assert reply is not None and reply.refused
    assert reply.text == turn().texts("directory.absence.bad_dates")


@pytest.mark.parametrize(
    ("verb", "data"),
    [
        (CHOOSE_ORGANISATION_VERB, {"organisation": "pc-amager"}),
        (CONFIRM_CHANGE_VERB, {"person": 2, "change": "admin"}),
        (REGISTER_ABSENCE_VERB, {"first": "2026-12-01", "last": "2026-12-01"}),
        (REMOVE_ABSENCE_VERB, {"absence": 1}),
    ],
)
async def test_a_click_without_an_entra_id_is_told_in_the_directorys_words(verb: str, data: dict):
    unit = directory_unit()
    router, _ = _wired(unit)

    reply = await router.click(turn(None), verb, {"owner": "29:nobody", **data})

    assert reply is not None and reply.refused
    assert reply.text == turn().texts("directory.unknown_user")
    assert unit.commits == 0


async def test_a_typed_absence_is_read_with_the_injected_period_parser():
    unit = directory_unit()
    periods: list[str] = []
    router, _ = _wired(unit, periods)

    reply = await router.typed(turn(BO), "absence", "hele næste uge")

    assert reply is not None and not reply.refused
    assert periods == ["hele næste uge"]
    [(who, first, last, _)] = unit.directory.absences_by_id.values()
    assert (who, first, last) == (2, date(2026, 11, 23), date(2026, 11, 23))  # the local today


async def test_the_help_card_learns_who_is_an_administrator_without_writing_anything():
    unit = directory_unit()
    _, actions = _wired(unit)

    assert await actions.is_admin(turn(ANNE))
    assert not await actions.is_admin(turn(BO))
    assert not await actions.is_admin(turn(None))
    assert unit.audit.entries == []


async def test_a_gated_capability_asks_for_the_organisation_first_and_then_starts():
    unit = directory_unit()
    router, actions = _wired(unit)

    async def sparring(_turn: Turn) -> Reply:
        return say("spørg en koordinator")

    gated = actions.gate("sparring", sparring)

    asked = await gated(turn(DORTE))
    chosen = await router.click(turn(DORTE), CHOOSE_ORGANISATION_VERB, {
        "owner": "29:aad-dorte", "organisation": "pc-amager", "then": "sparring"})  # fmt: skip
    known = await gated(turn(ANNE))

    assert asked.card is not None and asked.text is None
    assert chosen is not None and chosen.posts == ("spørg en koordinator",)
    assert known == say("spørg en koordinator")
