"""The calendar links a poll's cards carry: none without both settings, a signed one otherwise."""

from __future__ import annotations

from datetime import timedelta

from dialogs.meetings.context import LINK_LIFETIME, CalendarLinks
from domain.meetings import verify
from tests.dialogs.meeting_world import MONDAY_10, POLL_ID, SECRET


def test_no_link_is_made_without_a_secret_and_a_public_url():
    assert CalendarLinks("", "https://ki-bot.example.dk").url(POLL_ID, 0, MONDAY_10) is None
    assert CalendarLinks(SECRET, "").url(POLL_ID, 0, MONDAY_10) is None


def test_a_link_names_the_poll_and_its_sequence_and_expires_after_the_meeting():
    url = CalendarLinks(SECRET, "https://ki-bot.example.dk/").url(POLL_ID, 2, MONDAY_10)

    assert url is not None and url.startswith("https://ki-bot.example.dk/calendar/")
    token = url.removeprefix("https://ki-bot.example.dk/calendar/").removesuffix(".ics")
    payload = verify(token, MONDAY_10 + timedelta(days=1), SECRET.encode())
    assert (payload.poll_id, payload.sequence) == (POLL_ID, 2)
    assert payload.expires == MONDAY_10 + LINK_LIFETIME


def test_an_operator_is_told_which_setting_is_missing_and_what_it_breaks():
    neither, no_url = CalendarLinks("", ""), CalendarLinks(SECRET, "")
    both = CalendarLinks(SECRET, "https://ki-bot.example.dk")

    assert (neither.missing, no_url.missing, both.missing) == (
        ("LINK_SECRET", "PUBLIC_URL"),
        ("PUBLIC_URL",),
        (),
    )
    assert not no_url.configured and both.configured and both.problem is None
    assert no_url.problem is not None and no_url.problem.startswith("PUBLIC_URL not set")
    assert "add to calendar" in no_url.problem
