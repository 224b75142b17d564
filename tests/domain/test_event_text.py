"""The Outlook invitation's subject and body: title or case reference, agenda and the citizen's
points under headings, and never a CPR number."""

from __future__ import annotations

import pytest

from domain.meetings.event_text import EventHeadings, event_text
from tests.cpr_forms import synthetic_cpr

HEADINGS = EventHeadings(
    case="Forløb",
    agenda="Dagsorden",
    citizen_points="Borgerens egne punkter",
    footer="Invitationen er sendt af KI-bot.",
)


def test_the_subject_is_the_title_and_the_body_has_every_part_under_its_heading():
    text = event_text(
        HEADINGS,
        title="Indsatsplansmøde",
        case_reference="KI-2026-0007",
        agenda="1. Status\n2. Mål\n",
        citizen_points="Vil gerne have hjælp til bolig",
    )

    assert text.subject == "Indsatsplansmøde"
    assert text.body == (
        "Forløb: KI-2026-0007\n\n"
        "Dagsorden\n1. Status\n2. Mål\n\n"
        "Borgerens egne punkter\nVil gerne have hjælp til bolig\n\n"
        "Invitationen er sendt af KI-bot."
    )


def test_without_a_title_the_case_reference_is_the_subject_and_empty_parts_are_left_out():
    text = event_text(HEADINGS, title="  ", case_reference="KI-2026-0007")

    assert text.subject == "KI-2026-0007"
    assert text.body == "Forløb: KI-2026-0007\n\nInvitationen er sendt af KI-bot."


def test_a_cpr_number_anywhere_is_redacted():
    digits = synthetic_cpr()
    number = f"{digits[:6]}-{digits[6:]}"
    text = event_text(
        HEADINGS,
        title=f"Møde om {number}",
        agenda=f"Borger {number}",
        citizen_points=f"Mit nummer er {number}",
    )

    assert number not in text.subject and number not in text.body
    assert "[CPR]" in text.subject and text.body.count("[CPR]") == 2


def test_an_invitation_needs_a_title_or_a_case_reference():
    with pytest.raises(ValueError, match="title or a case reference"):
        event_text(HEADINGS, title="", case_reference=None)


def test_a_very_long_title_is_cut_to_what_exchange_takes():
    assert len(event_text(HEADINGS, title="x" * 1000).subject) == 255
