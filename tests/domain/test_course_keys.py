"""A course's outbox keys as values: built in one place, read back by one parser, written as
every key was written before they were values (the outbox and the planned reminders hold them)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.course import DeadlineKind, EscalationKey, ReminderKey
from domain.course import keys as course_keys
from domain.course.keys import CaseMessage, OverviewKey, Topic
from domain.keys import MessageKey

REF = "KI-2026-0001"
DUE = date(2026, 1, 22)
AT = datetime(2026, 1, 8, 11, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("built", "written"),
    [
        (ReminderKey(REF, DeadlineKind.PLAN, "7d", DUE), f"course:{REF}:plan:7d:2026-01-22"),
        (
            ReminderKey(REF, DeadlineKind.CONSENT, "every-4w", DUE),
            f"course:{REF}:consent:every-4w:2026-01-22",
        ),
        (EscalationKey(REF, DeadlineKind.FORWARD, DUE), f"course:{REF}:forward:overdue:2026-01-22"),
        (course_keys.card(REF, "da"), f"course:{REF}"),
        (course_keys.update(REF, "da", 3, AT), f"course:{REF}:v3:20260108T110000000000"),
        (course_keys.opened(REF), f"course:{REF}:opened"),
        (course_keys.handover(REF, AT), f"course:{REF}:handover:20260108T110000000000"),
        (course_keys.nudge(REF, AT), f"course:{REF}:nudge:20260108T110000000000"),
        (
            course_keys.informed(REF, "inform_own_coordinator", "aad-bo"),
            f"course:{REF}:informed:inform_own_coordinator:aad-bo",
        ),
        (OverviewKey(2026, 5, "pc-amager", "aad-bo"), "course:overview:2026-W05:pc-amager:aad-bo"),
    ],
)
def test_keys_are_written_as_before_they_were_values(built: object, written: str):
    assert str(built) == written


@pytest.mark.parametrize(
    ("text", "read"),
    [
        (f"course:{REF}:plan:7d:2026-01-22", ReminderKey(REF, DeadlineKind.PLAN, "7d", DUE)),
        (f"course:{REF}:plan:7d:2026-01-22:1", ReminderKey(REF, DeadlineKind.PLAN, "7d", DUE)),
        (
            f"course:{REF}:plan:7d:2026-01-22:0:via:aad-erik",
            ReminderKey(REF, DeadlineKind.PLAN, "7d", DUE),
        ),
        (f"course:{REF}:plan:overdue:2026-01-22:0", EscalationKey(REF, DeadlineKind.PLAN, DUE)),
        (f"course:{REF}", CaseMessage(REF, Topic.CARD)),
        (f"course:{REF}:en", CaseMessage(REF, Topic.CARD, "en")),
        (f"course:{REF}:en:v4:m", CaseMessage(REF, Topic.UPDATE, "en", 4, "m")),
        (f"course:{REF}:opened", CaseMessage(REF, Topic.OPENED)),
        (f"course:{REF}:opened:via:aad-erik", CaseMessage(REF, Topic.OPENED)),
        (f"course:{REF}:nudge:m", CaseMessage(REF, Topic.NUDGE, moment="m")),
        (f"course:{REF}:informed:x:aad", CaseMessage(REF, Topic.INFORMED, step="x", reader="aad")),
        ("course:overview:2026-W05:pc:aad-bo", OverviewKey(2026, 5, "pc", "aad-bo")),
    ],
)
def test_a_key_or_a_recipients_copy_of_it_reads_back_as_the_key(text: str, read: object):
    assert course_keys.parse(text) == read


def test_a_snooze_planned_before_keys_were_values_reads_as_the_same_snooze():
    snoozed = ReminderKey(REF, DeadlineKind.PLAN, "7d", DUE, "2026-01-23T09:00")

    old = course_keys.parse(f"course:{REF}:plan:7d:snooze:2026-01-23T09:00:2026-01-22")
    old_message = course_keys.parse(f"course:{REF}:plan:7d:snooze:2026-01-23T09:00:2026-01-22:m")

    assert old == old_message == snoozed == course_keys.parse(str(snoozed))


@given(
    kind=st.sampled_from(list(DeadlineKind)),
    offset=st.sampled_from(["0d", "7d", "42d", "every-4w", "nudge"]),
    due=st.dates(date(2000, 1, 1), date(2099, 12, 31)),
    snoozed=st.none()
    | st.builds(
        lambda day, clock: datetime.combine(day, clock, tzinfo=UTC),
        st.dates(date(2000, 1, 1), date(2099, 12, 31)),
        st.times(),
    ),
    reference=st.from_regex(r"KI-[0-9]{4}-[0-9]{4,6}", fullmatch=True),
)
def test_every_reminder_key_reads_back_as_itself(kind, offset, due, snoozed, reference):
    minute = course_keys.local_minute(snoozed) if snoozed is not None else None
    key = ReminderKey(reference, kind, offset, due, minute)

    assert course_keys.parse(str(key)) == key
    assert course_keys.parse(str(key.to(3))) == key


def test_the_keys_of_one_case_are_never_under_another_cases():
    one = MessageKey.of("course", "KI-2026-1000")
    other = ReminderKey("KI-2026-10000", DeadlineKind.PLAN, "7d", DUE)

    assert not str(other).startswith(one.prefix)
    assert str(ReminderKey("KI-2026-1000", DeadlineKind.PLAN, "7d", DUE)).startswith(one.prefix)


@pytest.mark.parametrize(
    "text",
    [
        "poll:1:shared",
        "course",
        f"course:{REF}:plan:soon:2026-01-22",
        f"course:{REF}:plan:7d",
        f"course:{REF}:plan:7d:snooze:tomorrow:2026-01-22",
        f"course:{REF}:en:opened",
        f"course:{REF}:whatever",
        "course:overview:soon:pc:aad",
    ],
)
def test_anything_else_is_not_a_course_key(text: str):
    with pytest.raises(ValueError):
        course_keys.parse(text)


def test_a_reminder_key_refuses_an_offset_or_minute_it_could_not_read_back():
    with pytest.raises(ValueError):
        ReminderKey(REF, DeadlineKind.PLAN, "7d:snooze:x", DUE)
    with pytest.raises(ValueError):
        ReminderKey(REF, DeadlineKind.PLAN, "7d", DUE, "tomorrow")
