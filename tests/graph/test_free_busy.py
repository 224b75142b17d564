"""Reading free/busy across two tenants from a fake Graph: tokens, batches, windows, errors."""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, datetime, timedelta

from bot.graph import GraphCalendar, RetryPolicy
from domain.meetings.calendar_port import (
    BusyTimes,
    CalendarPerson,
    CalendarUnknown,
    UnknownReason,
)
from tests.harness.fake_graph import FakeGraph, busy

from .conftest import MUNICIPALITY, OUTSIDER, REGION, MakeCalendar, Sleeps, Ticks

START = datetime(2026, 12, 7, 7, 0, tzinfo=UTC)
END = START + timedelta(days=14)


def at(hours: float) -> datetime:
    return START + timedelta(hours=hours)


def person(key: str, tenant: str, domain: str) -> CalendarPerson:
    return CalendarPerson(key, tenant, f"{key}@{domain}")


def region(key: str) -> CalendarPerson:
    return person(key, REGION, "region.dk")


def municipality(key: str) -> CalendarPerson:
    return person(key, MUNICIPALITY, "kommune.dk")


def mailbox(graph: FakeGraph, who: CalendarPerson, *items: object) -> None:
    assert who.upn is not None
    graph.add_mailbox(who.tenant_id, who.upn, busy=list(items))  # type: ignore[arg-type]


async def test_busy_and_out_of_office_block_while_tentative_is_only_reported(
    graph: FakeGraph, calendar: GraphCalendar
):
    anne = region("anne")
    mailbox(
        graph,
        anne,
        busy(at(1), at(2)),
        busy(at(2), at(3), "oof"),
        busy(at(5), at(6), "tentative"),
        busy(at(7), at(8), "workingElsewhere"),
        busy(at(9), at(10), "free"),
    )

    result = await calendar.free_busy([anne], START, END)

    assert result == {"anne": BusyTimes(busy=((at(1), at(3)),), tentative=((at(5), at(6)),))}


async def test_each_tenants_people_are_read_with_that_tenants_own_token(
    graph: FakeGraph, calendar: GraphCalendar
):
    anne, bo = region("anne"), municipality("bo")
    mailbox(graph, anne, busy(at(1), at(2)))
    mailbox(graph, bo, busy(at(3), at(4)))

    result = await calendar.free_busy([anne, bo], START, END)

    assert result["anne"] == BusyTimes(busy=((at(1), at(2)),))
    assert result["bo"] == BusyTimes(busy=((at(3), at(4)),))
    schedule_calls = graph.calls_to("/getSchedule")
    assert sorted((c.tenant, c.path) for c in schedule_calls) == [
        (REGION, "/v1.0/users/anne@region.dk/calendar/getSchedule"),
        (MUNICIPALITY, "/v1.0/users/bo@kommune.dk/calendar/getSchedule"),
    ]
    assert sorted(graph.tokens_issued) == sorted([REGION, MUNICIPALITY])


async def test_a_tenants_token_is_reused_until_shortly_before_it_expires(
    graph: FakeGraph, calendar: GraphCalendar, ticks: Ticks
):
    anne = region("anne")
    mailbox(graph, anne)

    await calendar.free_busy([anne], START, END)
    ticks.now += 3000  # the token lasts 3599 s
    await calendar.free_busy([anne], START, END)
    assert graph.tokens_issued == [REGION]

    ticks.now += 400  # within the renewal margin before expiry
    await calendar.free_busy([anne], START, END)
    assert graph.tokens_issued == [REGION, REGION]


async def test_a_tenant_not_in_graph_tenants_is_unknown_without_asking_anyone(
    graph: FakeGraph, calendar: GraphCalendar
):
    stranger = person("sia", OUTSIDER, "andet.dk")

    result = await calendar.free_busy([stranger], START, END)

    assert result == {"sia": CalendarUnknown(UnknownReason.NO_CONSENT, "not_listed")}
    assert graph.calls == []


async def test_a_listed_tenant_that_never_consented_gives_unknown_calendars_not_an_error(
    graph: FakeGraph, make_calendar: MakeCalendar
):
    graph.consented.discard(MUNICIPALITY)
    calendar = make_calendar()
    anne, bo = region("anne"), municipality("bo")
    mailbox(graph, anne, busy(at(1), at(2)))
    mailbox(graph, bo, busy(at(3), at(4)))

    result = await calendar.free_busy([anne, bo], START, END)

    assert result["anne"] == BusyTimes(busy=((at(1), at(2)),))
    assert result["bo"] == CalendarUnknown(UnknownReason.NO_CONSENT, "AADSTS700016")
    assert graph.calls_to("/getSchedule") and all(
        c.tenant == REGION for c in graph.calls_to("/getSchedule")
    )


async def test_people_without_an_address_or_a_mailbox_are_unknown_and_the_rest_are_read(
    graph: FakeGraph, calendar: GraphCalendar
):
    ghost, anne = region("ghost"), region("anne")  # ghost has no mailbox, and comes first
    mailbox(graph, anne, busy(at(1), at(2)))
    nobody = CalendarPerson("gp", REGION, None)

    result = await calendar.free_busy([ghost, nobody, anne], START, END)

    assert result == {
        "ghost": CalendarUnknown(UnknownReason.NO_MAILBOX, "ErrorInvalidUser"),
        "gp": CalendarUnknown(UnknownReason.NO_ADDRESS),
        "anne": BusyTimes(busy=((at(1), at(2)),)),
    }


async def test_an_address_graph_does_not_know_comes_back_unknown_by_its_own_error(
    graph: FakeGraph, calendar: GraphCalendar
):
    anne, stray = region("anne"), region("stray")
    mailbox(graph, anne)

    result = await calendar.free_busy([anne, stray], START, END)

    assert result["anne"] == BusyTimes()
    assert result["stray"] == CalendarUnknown(
        UnknownReason.NO_MAILBOX, "ErrorMailRecipientNotFound"
    )


async def test_forty_five_people_are_read_in_batches_of_at_most_twenty(
    graph: FakeGraph, calendar: GraphCalendar
):
    people = [region(f"p{n:02d}") for n in range(45)]
    for n, who in enumerate(people):
        mailbox(graph, who, busy(at(n), at(n + 1)))

    result = await calendar.free_busy(people, START, END)

    sizes = [len(body["schedules"]) for body in graph.schedule_requests]
    assert sorted(sizes) == [5, 20, 20]
    assert all(result[f"p{n:02d}"] == BusyTimes(busy=((at(n), at(n + 1)),)) for n in range(45))


async def test_a_long_period_is_read_in_windows_under_62_days_and_merged(
    graph: FakeGraph, calendar: GraphCalendar
):
    anne = region("anne")
    long_end = START + timedelta(days=150)
    across = START + timedelta(days=61)  # an absence over the first window's end
    mailbox(
        graph,
        anne,
        busy(at(1), at(2)),
        busy(across - timedelta(hours=2), across + timedelta(hours=2), "oof"),
        busy(long_end - timedelta(hours=1), long_end),
    )

    result = await calendar.free_busy([anne], START, long_end)

    windows = [
        (body["startTime"]["dateTime"], body["endTime"]["dateTime"])
        for body in graph.schedule_requests
    ]
    assert len(windows) == 3
    assert windows[0][0] == "2026-12-07T07:00:00" and windows[-1][1] == "2027-05-06T07:00:00"
    assert all(a[1] == b[0] for a, b in itertools.pairwise(windows))
    assert result["anne"] == BusyTimes(
        busy=(
            (at(1), at(2)),
            (across - timedelta(hours=2), across + timedelta(hours=2)),
            (long_end - timedelta(hours=1), long_end),
        )
    )


async def test_a_429_waits_for_retry_after_and_then_reads_the_calendar(
    graph: FakeGraph, calendar: GraphCalendar, sleeps: Sleeps
):
    anne = region("anne")
    mailbox(graph, anne, busy(at(1), at(2)))
    graph.faults.too_many_requests(times=2, retry_after=7, path="/getSchedule")

    result = await calendar.free_busy([anne], START, END)

    assert result["anne"] == BusyTimes(busy=((at(1), at(2)),))
    assert sleeps.waits == [7.0, 7.0]
    assert [c.status for c in graph.calls_to("/getSchedule")] == [429, 429, 200]


async def test_server_errors_back_off_and_after_the_last_attempt_the_calendar_is_unknown(
    graph: FakeGraph, make_calendar: MakeCalendar, sleeps: Sleeps
):
    calendar = make_calendar(policy=RetryPolicy(attempts=3, base_delay=1.0))
    anne = region("anne")
    mailbox(graph, anne)
    graph.faults.server_error(times=5, status=503, path="/getSchedule")

    result = await calendar.free_busy([anne], START, END)

    assert result["anne"] == CalendarUnknown(UnknownReason.UNAVAILABLE, "ServiceError")
    assert sleeps.waits == [1.0, 2.0]
    assert len(graph.calls_to("/getSchedule")) == 3


async def test_a_graph_that_never_answers_times_out_and_the_calendar_is_unknown(
    graph: FakeGraph, make_calendar: MakeCalendar
):
    calendar = make_calendar(timeout_seconds=0.2, policy=RetryPolicy(attempts=2))
    anne = region("anne")
    mailbox(graph, anne)
    graph.faults.hang_up(times=2, path="/getSchedule")

    result = await calendar.free_busy([anne], START, END)

    assert result["anne"] == CalendarUnknown(UnknownReason.UNAVAILABLE, "timeout")


async def test_a_token_graph_no_longer_accepts_is_replaced_once(
    graph: FakeGraph, calendar: GraphCalendar
):
    anne = region("anne")
    mailbox(graph, anne, busy(at(1), at(2)))
    await calendar.free_busy([anne], START, END)
    graph._tokens.clear()  # Graph forgets every token it issued (revoked, say)

    result = await calendar.free_busy([anne], START, END)

    assert result["anne"] == BusyTimes(busy=((at(1), at(2)),))
    assert graph.tokens_issued == [REGION, REGION]


async def test_a_slow_answer_within_the_timeout_is_waited_for_and_a_slower_one_retried(
    graph: FakeGraph, make_calendar: MakeCalendar
):
    calendar = make_calendar(timeout_seconds=0.3)
    anne = region("anne")
    mailbox(graph, anne, busy(at(1), at(2)))
    graph.slow_down(0.05, times=1, path="/getSchedule")
    graph.slow_down(1.0, times=1, path="/getSchedule")

    first = await calendar.free_busy([anne], START, END)
    second = await calendar.free_busy([anne], START, END)

    assert first["anne"] == second["anne"] == BusyTimes(busy=((at(1), at(2)),))
    assert len(graph.calls_to("/getSchedule")) == 3  # the too-slow answer was asked again


async def test_callers_at_the_same_time_share_one_token_fetch_per_tenant(
    graph: FakeGraph, calendar: GraphCalendar
):
    anne, bo = region("anne"), municipality("bo")
    mailbox(graph, anne)
    mailbox(graph, bo)

    await asyncio.gather(*(calendar.free_busy([anne, bo], START, END) for _ in range(5)))

    assert sorted(graph.tokens_issued) == sorted([REGION, MUNICIPALITY])
