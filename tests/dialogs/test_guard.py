"""Around every change: ``authorise`` is asked and a refusal is written to the audit log; what
happened and who read health data are audited with codes and ids only."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from dialogs.guard import Audited, audit, permitted, viewed
from domain.directory import Absence, Action, CaseSubject, DirectorySubject
from storage.audit import AuditEntry
from tests.dialogs.directory_fixtures import MONDAY, directory_unit
from tests.dialogs.turns import ANNE, BO, CLARA

CASE = Audited("case", "KI-2026-0007", case_reference="KI-2026-0007")


def test_an_audit_entry_is_written_now_with_its_subject_and_every_detail():
    unit = directory_unit()

    audit(unit, ANNE, "case.step_done", CASE, detail={"step": "consent"}, level=2)

    assert unit.audit.entries == [
        AuditEntry(
            MONDAY,
            ANNE,
            "case.step_done",
            "case",
            "KI-2026-0007",
            "done",
            case_reference="KI-2026-0007",
            detail={"step": "consent", "level": 2},
        )
    ]


def test_an_audit_entry_may_say_how_it_ended_and_name_a_thread():
    unit = directory_unit()

    audit(unit, None, "sparring.expired", Audited("sparring_thread", "4", thread_id="4"),
          outcome="refused:closed")  # fmt: skip

    [entry] = unit.audit.entries
    assert (entry.actor, entry.outcome, entry.thread_id) == (None, "refused:closed", "4")


def test_free_text_never_reaches_the_audit_log():
    unit = directory_unit()

    with pytest.raises(ValueError, match="not free text"):
        audit(unit, ANNE, "case.step_done", CASE, note="borgeren var ked af det")
    assert unit.audit.entries == []


@pytest.mark.parametrize(
    ("what", "subject_id", "action", "kind", "case_reference", "thread_id"),
    [
        ("case", "KI-2026-0007", "case.viewed", "case", "KI-2026-0007", None),
        ("sparring", "12", "sparring.viewed", "sparring_thread", None, "12"),
        ("poll_answers", "ab" * 16, "poll.answers_viewed", "meeting_poll", None, None),
    ],
)
def test_a_read_of_health_data_records_who_saw_what(
    what: str,
    subject_id: str,
    action: str,
    kind: str,
    case_reference: str | None,
    thread_id: str | None,
):
    unit = directory_unit()

    viewed(unit, BO, what, subject_id)  # type: ignore[arg-type]

    [entry] = unit.audit.entries
    assert (entry.at, entry.actor, entry.action, entry.subject_kind, entry.subject_id) == (
        MONDAY, BO, action, kind, subject_id,
    )  # fmt: skip
    assert (entry.case_reference, entry.thread_id, entry.detail) == (case_reference, thread_id, {})


def test_a_read_names_its_case_and_says_when_teams_fetched_it_by_itself():
    unit = directory_unit()

    viewed(unit, BO, "poll_answers", "ab" * 16, case_reference="KI-2026-0007", automatic=True)

    [entry] = unit.audit.entries
    assert entry.case_reference == "KI-2026-0007" and entry.detail == {"automatic": True}


def test_an_allowed_action_is_answered_yes_and_leaves_the_log_to_the_change():
    unit = directory_unit()

    decision = permitted(unit, ANNE, Action.MANAGE_DIRECTORY, DirectorySubject(),
                         unit.directory.snapshot(), audit_as="directory.pools",
                         about=Audited("directory", "pools"))  # fmt: skip

    assert decision.allowed and decision.reason_code == "admin"
    assert unit.audit.entries == []


@pytest.mark.parametrize(("actor", "reason"), [(BO, "not_admin"), (None, "unknown_actor")])
def test_a_refusal_is_answered_no_and_written_to_the_log_as_the_action_asked_for(
    actor, reason: str
):
    unit = directory_unit()

    decision = permitted(unit, actor, Action.MANAGE_DIRECTORY, DirectorySubject(),
                         unit.directory.snapshot(), audit_as="directory.pools",
                         about=Audited("directory", "pools"))  # fmt: skip

    assert not decision.allowed
    assert unit.audit.refusals() == [("directory.pools", f"refused:{reason}")]
    [entry] = unit.audit.entries
    assert (entry.actor, entry.subject_kind, entry.subject_id) == (actor, "directory", "pools")


def test_a_substitute_is_let_in_only_on_the_days_they_stand_in():
    unit = directory_unit()
    unit.directory.add_absence(3, date(2026, 11, 23), date(2026, 11, 27), 2)  # Clara, Bo covers
    directory = unit.directory.snapshot()
    case = CaseSubject("KI-2026-0007", CLARA, organisation_ids=frozenset({"crb-kbh"}))

    def ask(on: date) -> bool:
        return permitted(unit, BO, Action.VIEW_CASE, case, directory, audit_as="case.viewed",
                         about=CASE, on=on).allowed  # fmt: skip

    assert ask(date(2026, 11, 23))
    assert not ask(date(2026, 11, 27) + timedelta(days=1))
    assert unit.audit.refusals() == [("case.viewed", "refused:not_on_case")]
    assert Absence(CLARA, date(2026, 11, 23), date(2026, 11, 27), BO) in directory.absences
