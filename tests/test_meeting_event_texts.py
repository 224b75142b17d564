"""The Outlook invitation's headings exist in both languages and build a complete body."""

from __future__ import annotations

import pytest

from cards.texts import Texts
from domain.meetings.event_text import EventHeadings, event_text


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_invitation_headings_build_a_body_in_each_language(language: str):
    texts = Texts(language)
    headings = EventHeadings(
        case=texts("meetings.event_case"),
        agenda=texts("meetings.event_agenda"),
        citizen_points=texts("meetings.event_citizen_points"),
        footer=texts("meetings.event_footer"),
    )

    text = event_text(headings, title="KI-møde", agenda="1. Status", citizen_points="Bolig")

    assert headings.agenda in text.body and headings.citizen_points in text.body
    assert text.body.endswith(headings.footer) and "{" not in text.body
    assert texts("meetings.calendars_unknown", names="Bo")
