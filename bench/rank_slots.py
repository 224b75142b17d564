"""How long the meeting-poll rules take: ranking 20 participants × 30 slots, and proposing slots
over 15 working days (with and without absences). Prints p50 / p99 per call and the ratio of
ranking to proposing measured in the same run.

    .venv/bin/python -m bench.rank_slots [--repeats 2000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from domain.calendar import WorkingCalendar
from domain.meetings import Answer, Participant, PollSlot, propose_slots, rank_slots, whole_days

ZONE = ZoneInfo("Europe/Copenhagen")
NOW = datetime(2026, 12, 15, 10, 0, tzinfo=ZONE)


Votes = dict[str, dict[str, Answer]]


def _poll(participants: int, slots: int) -> tuple[list[PollSlot], list[Participant], Votes]:
    rnd = random.Random(13)
    poll_slots = [
        PollSlot(f"s{n}", NOW + timedelta(days=1 + n // 2, hours=n % 2 * 3)) for n in range(slots)
    ]
    people = [Participant(f"p{n}", n < 5) for n in range(participants)]
    weights = [6, 2, 1]  # mostly yes, as in real polls, so a recommendation exists
    votes = {
        p.id: {s.id: rnd.choices(list(Answer), weights)[0] for s in poll_slots} for p in people
    }
    return poll_slots, people, votes


def _timed(call: Callable[[], object], repeats: int) -> list[float]:
    call()  # warm-up
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return samples


def _row(name: str, samples: list[float]) -> float:
    p50 = statistics.median(samples)
    p99 = statistics.quantiles(samples, n=100)[98]
    print(f"{name:<44} p50 {p50 * 1e3:8.3f} ms   p99 {p99 * 1e3:8.3f} ms")
    return p50


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2000)
    repeats = parser.parse_args().repeats
    calendar = WorkingCalendar.from_settings()
    slots, people, votes = _poll(20, 30)
    busy = {
        f"p{n}": [whole_days(date(2026, 12, 16 + n), date(2026, 12, 16 + n))] for n in range(10)
    }

    print(f"{repeats} repeats each")
    rank = _row(
        "rank_slots, 20 participants × 30 slots",
        _timed(lambda: rank_slots(slots, people, votes), repeats),
    )
    free = _row(
        "propose_slots, 6 over 15 working days",
        _timed(lambda: propose_slots(NOW, calendar=calendar), repeats),
    )
    _row(
        "propose_slots, 6, with 10 people's absences",
        _timed(lambda: propose_slots(NOW, calendar=calendar, busy=busy), repeats),
    )
    print(f"ranking / proposing (p50): {rank / free:.2f}")


if __name__ == "__main__":
    main()
