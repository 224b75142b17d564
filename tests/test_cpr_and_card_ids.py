"""The bot's own ids in card data pass the CPR redaction exactly as sent (a random hex id holds
ten digits that read as a date and four more about once in a few dozen), while a number typed
anywhere else, or alone where an id belongs, is still removed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.middleware import _redact_value
from domain.ids import new_id
from domain.privacy import contains_cpr, redact_cpr
from storage.audit import AuditEntry, DetailValue, check_entry
from tests.cpr_forms import synthetic_cpr

DIGITS = synthetic_cpr().replace("-", "")  # ten digits: a date and four more
HEX_WITH_A_DATE = f"ab{DIGITS}cdef5a6b7c8d9e0f1a2b"  # 32 hex digits with a CPR-like run


def test_a_hex_id_can_hold_what_reads_as_a_cpr_number():
    assert redact_cpr(HEX_WITH_A_DATE).found == 1  # why the ids need the exception


def test_the_bots_ids_in_card_data_pass_exactly_and_typed_text_beside_them_does_not():
    data = {
        "action": {
            "verb": "screening.start_case",
            "data": {"screening_id": HEX_WITH_A_DATE, "owner": f"29:1a{DIGITS}", "initials": "JH"},
        },
        "question": f"Borgeren {synthetic_cpr()} har brug for hjælp",
    }

    cleaned, found = _redact_value(data)

    assert cleaned["action"]["data"]["screening_id"] == HEX_WITH_A_DATE
    assert cleaned["action"]["data"]["owner"] == f"29:1a{DIGITS}"
    assert DIGITS[:6] not in cleaned["question"] and found == 1


def test_a_number_alone_where_an_id_belongs_is_still_removed():
    cleaned, found = _redact_value({"poll": synthetic_cpr(), "card_id": DIGITS})

    assert found == 2 and DIGITS[-4:] not in str(cleaned)


def test_an_audit_entry_about_an_object_whose_hex_id_reads_as_a_cpr_number_is_accepted():
    entry = AuditEntry(
        at=datetime(2026, 12, 7, 9, tzinfo=UTC),
        actor=None,
        action="meetings.vote",
        subject_kind="poll",
        subject_id=HEX_WITH_A_DATE,
        detail={"participant": f"29:1a{DIGITS}"},
    )

    assert check_entry(entry) == {"participant": f"29:1a{DIGITS}"}


def test_an_audit_entry_refuses_a_cpr_number_where_an_id_or_a_code_belongs():
    def entry(subject_id: str, detail: dict[str, DetailValue]) -> AuditEntry:
        at = datetime(2026, 12, 7, 9, tzinfo=UTC)
        return AuditEntry(at, None, "course.view", "case", subject_id, detail=detail)

    with pytest.raises(ValueError, match="subject id"):
        check_entry(entry(synthetic_cpr(), {}))
    with pytest.raises(ValueError, match="detail 'note'"):
        check_entry(entry("KI-2026-0001", {"note": DIGITS}))


def test_the_bots_new_ids_never_hold_what_reads_as_a_cpr_number():
    ids = [new_id() for _ in range(3000)] + [new_id(16) for _ in range(3000)]

    assert not any(contains_cpr(value) for value in ids)
    assert len(set(ids)) == len(ids) and {len(value) for value in ids} == {16, 32}
