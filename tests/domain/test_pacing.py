from __future__ import annotations

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
def test_reserved_sends_never_exceed_any_limit(count: int, tenant: str):
    pacer = Pacer()
    moments: list[float] = []
    now = 0.0
    for n in range(count):
        wait = pacer.reserve(f"conversation-{n % 3}", tenant, now)
        moments.append(now + wait)
        now += 0.01

    per_conversation = {key: [m for i, m in enumerate(moments) if i % 3 == key] for key in range(3)}
    assert all(_sends_within_every_limit(t, PER_CONVERSATION) for t in per_conversation.values())
    assert _sends_within_every_limit(moments, (Limit(50, 1.0),))


def test_the_pacer_keeps_a_margin_so_late_arrivals_still_fit_every_limit():
    pacer = Pacer()
    moments: list[float] = []
    for n in range(200):
        now = moments[-1] if moments else 0.0
        moments.append(now + pacer.reserve(f"c{n}", "tenant", now))
    # Each request may reach Teams up to 40 ms late; the worst case: the earlier the later.
    arrivals = [m + 0.04 * (1 - n / len(moments)) for n, m in enumerate(moments)]

    assert _sends_within_every_limit(arrivals, (Limit(50, 1.0),))
    assert 200 / moments[-1] >= 45  # and still close to the limit: 50 a second


def test_a_send_is_counted_when_it_leaves_not_when_it_was_meant_to():
    pacer = Pacer(per_tenant=(Limit(2, 1.0),), margin=0)
    assert pacer.take("c1", "t", 0.0) == 0 and pacer.take("c2", "t", 0.0) == 0
    assert pacer.take("c3", "t", 0.5) == pytest.approx(0.5)  # full: nothing counted
    assert pacer.take("c3", "t", 1.2) == 0  # a busy process comes back late: counted at 1.2

    assert pacer.take("c4", "t", 1.3) == 0
    assert pacer.take("c5", "t", 1.3) == pytest.approx(0.9)  # 1.2 leaves the window at 2.2


def test_the_test_clocks_pacer_lets_a_month_of_sends_to_one_chat_leave_at_once():
    pacer = unpaced()

    waits = [pacer.take("chat", "tenant", 0.0) for _ in range(5000)]

    assert set(waits) == {0.0}
