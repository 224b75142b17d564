"""The one authorisation check, as one table: actor × action × subject → allowed, and why."""

# ruff: noqa: E501  (one row per line reads as a table)

from __future__ import annotations

from datetime import date

import pytest

from domain.directory import (
    Absence,
    Action,
    CaseSubject,
    DirectorySubject,
    PersonSubject,
    PollSubject,
    ReminderSubject,
    SparringSubject,
    Subject,
    authorise,
)
from tests.factories import KOMMUNE_TENANT, directory_person, person_ref, two_organisations

TODAY = date(2026, 12, 2)
ref = person_ref
kref = lambda name: person_ref(name, KOMMUNE_TENANT)  # noqa: E731

DIRECTORY = two_organisations(
    directory_person("admin", None, "admin"),
    directory_person("anna", "pc-amager", "coordinator"),
    directory_person("bo", "pc-amager", "backup"),
    directory_person("carl", "crb-kbh", "coordinator", tenant=KOMMUNE_TENANT),
    directory_person("dina", "pc-amager"),
    directory_person("erik", "pc-amager"),
    directory_person("sub", "pc-amager"),
    directory_person("kim", "pc-amager"),
    absences=[
        Absence(ref("anna"), date(2026, 12, 1), date(2026, 12, 5), ref("sub")),
        Absence(ref("dina"), date(2026, 12, 2), date(2026, 12, 2), ref("kim")),
    ],
)
CASE = CaseSubject(
    "KI-2026-0001",
    tovholder=ref("dina"),
    participants=frozenset({kref("frida")}),
    organisation_ids=frozenset({"pc-amager"}),
    organisation_id="pc-amager",
)
SHARED_CASE = CaseSubject(
    "KI-2026-0002",
    tovholder=ref("dina"),
    organisation_ids=frozenset({"pc-amager", "crb-kbh"}),
    organisation_id="pc-amager",
)
THREAD = SparringSubject("t1", asker=ref("dina"), target_organisation_id="crb-kbh")
CLAIMED = SparringSubject(
    "t2", asker=ref("dina"), target_organisation_id="pc-amager", claimer=ref("anna")
)
REMINDER = ReminderSubject("7", owner=ref("erik"))
POLL = PollSubject("p1", tovholder=ref("dina"), participants=frozenset({ref("erik")}))

# fmt: off
TABLE: list[tuple[str, object, Action, Subject, bool, str]] = [
    ("an admin manages the directory", ref("admin"), Action.MANAGE_DIRECTORY, DirectorySubject(), True, "admin"),
    ("a coordinator does not", ref("anna"), Action.MANAGE_DIRECTORY, DirectorySubject(), False, "not_admin"),
    ("nobody unknown does anything", None, Action.MANAGE_DIRECTORY, DirectorySubject(), False, "unknown_actor"),
    ("anyone manages their own absences", ref("erik"), Action.MANAGE_OWN_PROFILE, PersonSubject(ref("erik")), True, "self"),
    ("but not someone else's", ref("erik"), Action.MANAGE_OWN_PROFILE, PersonSubject(ref("dina")), False, "not_self"),
    ("an admin manages anyone's", ref("admin"), Action.MANAGE_OWN_PROFILE, PersonSubject(ref("dina")), True, "admin"),
    ("the tovholder sees the case", ref("dina"), Action.VIEW_CASE, CASE, True, "tovholder"),
    ("a participant from the other tenant sees it", kref("frida"), Action.VIEW_CASE, CASE, True, "on_case"),
    ("a participant acts on it", kref("frida"), Action.ACT_ON_CASE, CASE, True, "on_case"),
    ("the case organisation's coordinator sees it", ref("anna"), Action.VIEW_CASE, CASE, True, "coordinator_of_case_organisation"),
    ("its backup coordinator too", ref("bo"), Action.ACT_ON_CASE, CASE, True, "coordinator_of_case_organisation"),
    ("another organisation's coordinator does not", kref("carl"), Action.VIEW_CASE, CASE, False, "not_on_case"),
    ("a colleague off the case does not", ref("erik"), Action.VIEW_CASE, CASE, False, "not_on_case"),
    ("an admin does not see cases", ref("admin"), Action.VIEW_CASE, CASE, False, "not_on_case"),
    ("the absent tovholder's substitute acts on the case", ref("kim"), Action.ACT_ON_CASE, CASE, True, "substitute"),
    ("an absent coordinator's substitute sees it", ref("sub"), Action.VIEW_CASE, CASE, True, "substitute"),
    ("the partner organisation's coordinator sees a shared case", kref("carl"), Action.VIEW_CASE, SHARED_CASE, True, "coordinator_of_case_organisation"),
    ("the own organisation's coordinator coordinates it", ref("anna"), Action.COORDINATE_CASE, CASE, True, "pool_member"),
    ("its backup too", ref("bo"), Action.COORDINATE_CASE, CASE, True, "pool_backup"),
    ("an absent coordinator's substitute too", ref("sub"), Action.COORDINATE_CASE, CASE, True, "substitute"),
    ("the partner's coordinator does not coordinate it", kref("carl"), Action.COORDINATE_CASE, SHARED_CASE, False, "not_coordinator"),
    ("the tovholder does not either", ref("dina"), Action.COORDINATE_CASE, CASE, False, "not_coordinator"),
    ("the target pool claims a request", kref("carl"), Action.CLAIM_SPARRING, THREAD, True, "pool_member"),
    ("and answers it", kref("carl"), Action.ANSWER_SPARRING, THREAD, True, "pool_member"),
    ("and forwards it", kref("carl"), Action.FORWARD_SPARRING, THREAD, True, "pool_member"),
    ("and declines it", kref("carl"), Action.DECLINE_SPARRING, THREAD, True, "pool_member"),
    ("a backup of the target pool claims", ref("bo"), Action.CLAIM_SPARRING, CLAIMED, True, "pool_backup"),
    ("an absent coordinator's substitute claims", ref("sub"), Action.CLAIM_SPARRING, CLAIMED, True, "substitute"),
    ("another pool does not claim", ref("anna"), Action.CLAIM_SPARRING, THREAD, False, "not_in_pool"),
    ("the asker does not claim their own request", ref("dina"), Action.CLAIM_SPARRING, CLAIMED, False, "own_request"),
    ("a stranger does not answer", ref("erik"), Action.ANSWER_SPARRING, THREAD, False, "not_in_pool"),
    ("the asker views the thread", ref("dina"), Action.VIEW_SPARRING, THREAD, True, "asker"),
    ("the claimer views it", ref("anna"), Action.VIEW_SPARRING, CLAIMED, True, "claimer"),
    ("the pool views it", kref("carl"), Action.VIEW_SPARRING, THREAD, True, "pool_member"),
    ("a stranger does not view it", ref("erik"), Action.VIEW_SPARRING, THREAD, False, "not_in_pool"),
    ("an admin does not view it", ref("admin"), Action.VIEW_SPARRING, THREAD, False, "not_in_pool"),
    ("the creator manages their reminder", ref("erik"), Action.MANAGE_REMINDER, REMINDER, True, "owner"),
    ("a colleague does not", ref("dina"), Action.MANAGE_REMINDER, REMINDER, False, "not_owner"),
    ("nor does an admin", ref("admin"), Action.MANAGE_REMINDER, REMINDER, False, "not_owner"),
    ("the asker follows up", ref("dina"), Action.FOLLOW_UP_SPARRING, CLAIMED, True, "asker"),
    ("the claimer does not follow up", ref("anna"), Action.FOLLOW_UP_SPARRING, CLAIMED, False, "not_asker"),
    ("the asker closes as resolved", ref("dina"), Action.CLOSE_SPARRING, CLAIMED, True, "asker"),
    ("the claimer closes", ref("anna"), Action.CLOSE_SPARRING, CLAIMED, True, "claimer"),
    ("the rest of the pool does not close", kref("carl"), Action.CLOSE_SPARRING, CLAIMED, False, "not_in_thread"),
    ("a participant votes", ref("erik"), Action.VOTE_IN_POLL, POLL, True, "participant"),
    ("a non-participant does not", ref("anna"), Action.VOTE_IN_POLL, POLL, False, "not_participant"),
    ("the tovholder finalises", ref("dina"), Action.FINALISE_POLL, POLL, True, "tovholder"),
    ("a participant does not finalise", ref("erik"), Action.FINALISE_POLL, POLL, False, "not_tovholder"),
    ("the tovholder answers for a proxy", ref("dina"), Action.ANSWER_FOR_PROXY, POLL, True, "tovholder"),
    ("a participant does not answer for one", ref("erik"), Action.ANSWER_FOR_PROXY, POLL, False, "not_tovholder"),
]
# fmt: on


@pytest.mark.parametrize(
    ("actor", "action", "subject", "allowed", "reason"),
    [row[1:] for row in TABLE],
    ids=[row[0] for row in TABLE],
)
def test_authorisation_table(actor, action, subject, allowed, reason):
    decision = authorise(actor, action, subject, DIRECTORY, on=TODAY)

    assert (decision.allowed, decision.reason_code) == (allowed, reason)


def test_a_substitute_may_act_only_while_the_absence_lasts():
    after = authorise(ref("sub"), Action.CLAIM_SPARRING, CLAIMED, DIRECTORY, on=date(2026, 12, 6))
    undated = authorise(ref("sub"), Action.CLAIM_SPARRING, CLAIMED, DIRECTORY)

    assert not after.allowed and not undated.allowed


def test_a_tovholders_substitute_acts_on_the_case_only_on_the_days_of_the_absence():
    after = authorise(ref("kim"), Action.ACT_ON_CASE, CASE, DIRECTORY, on=date(2026, 12, 3))
    undated = authorise(ref("kim"), Action.ACT_ON_CASE, CASE, DIRECTORY)

    assert not after.allowed and not undated.allowed


def test_a_case_whose_own_organisation_is_not_one_of_its_organisations_is_refused():
    with pytest.raises(ValueError, match="own organisation"):
        CaseSubject("KI-2026-0003", ref("dina"), organisation_ids=frozenset(), organisation_id="x")


def test_a_subject_of_the_wrong_kind_is_a_programming_error():
    with pytest.raises(TypeError, match="CaseSubject"):
        authorise(ref("anna"), Action.VIEW_CASE, POLL, DIRECTORY)
