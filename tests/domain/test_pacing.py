from __future__ import annotations

import heapq

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.pacing import PER_CONVERSATION, Limit, Pacer, SlidingWindows, unpaced


def _sends_within_every_limit(times: list[float], limits: tuple[Limit, ...]) -> bool:
    times = sorted(times)
    for limit in limits:
        for index, start in enumerate(times):
            in_window = [t for t in times[index:] if t < start + limit.seconds]
            if len(in_window) > limit.count:
                return False
    return True


def test_the_eighth_message_in_one_second_waits_for_the_first_to_leave_the_window():
    windows = SlidingWindows(PER_CONVERSATION)
    for n in range(7):
        assert windows.wait("c", 0.1 * n) == 0
        windows.record("c", 0.1 * n)

    # The first send (at 0.0) leaves the 1 s window at 1.0.
    assert windows.wait("c", 0.7) == pytest.approx(0.3)


def test_different_conversations_do_not_slow_each_other():
    windows = SlidingWindows(PER_CONVERSATION)
    for _ in range(7):
        windows.record("busy", 0.0)

    assert windows.wait("busy", 0.0) > 0
    assert windows.wait("quiet", 0.0) == 0


def test_sixty_messages_in_half_a_minute_is_the_limit_even_when_spread_out():
    windows = SlidingWindows(PER_CONVERSATION)
    now = 0.0
    for _ in range(60):
        now += windows.wait("c", now)
        windows.record("c", now)

    assert now < 30
    assert windows.wait("c", now) > 0
    assert now + windows.wait("c", now) >= 30


@given(st.integers(min_value=1, max_value=150), st.sampled_from(["one", "two"]))
def test_paced_sends_never_exceed_any_limit(count: int, tenant: str):
    pacer = Pacer()
    moments: list[float] = []
    now = 0.0
    for n in range(count):
        while (wait := pacer.take(f"conversation-{n % 3}", tenant, now)) > 0:
            now += wait
        pacer.answered(f"conversation-{n % 3}", tenant, now)
        moments.append(now)
        now += 0.01

    per_conversation = {key: [m for i, m in enumerate(moments) if i % 3 == key] for key in range(3)}
    assert all(_sends_within_every_limit(t, PER_CONVERSATION) for t in per_conversation.values())
    assert _sends_within_every_limit(moments, (Limit(50, 1.0),))


def test_a_send_counts_from_when_it_leaves_until_a_window_after_its_answer():
    pacer = Pacer(per_tenant=(Limit(2, 1.0),), margin=0, tenant_burst=None)
    assert pacer.take("c1", "t", 0.0) == 0 and pacer.take("c2", "t", 0.0) == 0
    pacer.answered("c1", "t", 0.1)
    assert pacer.take("c3", "t", 0.5) == pytest.approx(0.6)  # full: nothing counted
    pacer.answered("c2", "t", 0.9)  # a slow answer: it counts until 1.9
    assert pacer.take("c3", "t", 1.2) == 0  # a busy process comes back late: c1 left at 1.1

    pacer.answered("c3", "t", 1.3)
    assert pacer.take("c4", "t", 1.3) == pytest.approx(0.6)


def test_a_tenant_with_every_send_unanswered_waits_for_an_answer():
    pacer = Pacer(per_tenant=(Limit(2, 1.0),), margin=0, tenant_burst=None)
    assert pacer.take("c1", "t", 0.0) == 0 and pacer.take("c2", "t", 0.0) == 0

    assert pacer.take("c3", "t", 5.0) > 0  # still in flight, however long ago they left
    pacer.answered("c1", "t", 5.0)
    assert pacer.take("c3", "t", 6.0) == 0


def _sends_of_a_process_that_wakes_late(pacer: Pacer, count: int, late: float) -> list[float]:
    """Moments ``count`` sends to different people of one tenant leave, when every sleep for
    the pacer ends ``late`` seconds after it was asked to (a busy event loop)."""
    moments: list[float] = []
    now = 0.0
    for n in range(count):
        while (wait := pacer.take(f"c{n}", "tenant", now)) > 0:
            now += wait + late
        pacer.answered(f"c{n}", "tenant", now)
        moments.append(now)
    return moments


def test_waking_late_costs_a_tenant_little_of_its_fifty_a_second():
    moments = _sends_of_a_process_that_wakes_late(Pacer(), 500, late=0.006)

    assert 500 / moments[-1] >= 47  # 50 in every 1.05 s would be 47.6 at best


def test_a_tenant_s_sends_leave_in_small_bursts_not_fifty_at_once():
    moments = _sends_of_a_process_that_wakes_late(Pacer(), 200, late=0.0)

    assert _sends_within_every_limit(moments, (Limit(5, 0.01), Limit(50, 1.01)))


def _paced_sends(pacer: Pacer, latencies: list[float], senders: int) -> list[tuple[float, float]]:
    """(left, answered) of each send when ``senders`` send to different people of one tenant
    at once, the n-th request taking ``latencies[n]`` from leaving until its answer."""
    events: list[tuple[float, int, int, int]] = [(0.0, 1, sender, -1) for sender in range(senders)]
    left: dict[int, float] = {}
    sends: list[tuple[float, float]] = []
    following = 0
    while events:
        now, kind, sender, n = heapq.heappop(events)
        if kind == 0:  # an answer: counted before anything tried at the same moment
            pacer.answered(f"c{n}", "tenant", now)
            sends.append((left[n], now))
            n = -1
        if n < 0:
            if following == len(latencies):
                continue
            n, following = following, following + 1
        if (wait := pacer.take(f"c{n}", "tenant", now)) > 0:
            heapq.heappush(events, (now + wait, 1, sender, n))
        else:
            left[n] = now
            heapq.heappush(events, (now + latencies[n], 0, sender, n))
    return sends


@given(
    st.lists(st.sampled_from([0.001, 0.01, 0.03, 0.2, 0.7]), min_size=60, max_size=160),
    st.lists(st.floats(min_value=0, max_value=1), min_size=160, max_size=160),
)
def test_a_send_reaching_teams_any_time_before_its_answer_still_fits_the_limit(
    latencies: list[float], fractions: list[float]
):
    # A request reaches Teams after it left and before it is answered, however long the
    # process or the network stalls in between.
    sends = _paced_sends(Pacer(), latencies, senders=16)
    arrivals = [a + f * (b - a) for (a, b), f in zip(sends, fractions, strict=False)]

    assert len(sends) == len(latencies)
    assert _sends_within_every_limit(arrivals, (Limit(50, 1.0),))


def test_quick_answers_leave_a_tenant_close_to_fifty_a_second():
    sends = _paced_sends(Pacer(), [0.02] * 500, senders=16)

    assert 500 / max(b for _a, b in sends) >= 47


def test_the_test_clocks_pacer_lets_a_month_of_sends_to_one_chat_leave_at_once():
    pacer = unpaced()

    waits = [pacer.take("chat", "tenant", 0.0) for _ in range(5000)]

    assert set(waits) == {0.0}
