"""How long parse_time takes on the expressions of the time table (tests/domain/time_table.py).

Prints p50 / p99 per call over all rows and refusals, for the rows our grammar reads and for
those that go to dateparser, the first (cold) call, and the ratio to a bare ``dateparser.parse``
of the same texts in the same run. A fixed workload of similar size shows the host's own jitter
(a busy machine inflates every p99). Callers on the event loop should use ``asyncio.to_thread``
when p99 is above about 1 ms.

    .venv/bin/python -m bench.time_parsing [--rounds 50]
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import time
import warnings
from collections.abc import Callable, Sequence
from datetime import datetime

from tests.domain.time_table import REFUSALS, ROWS


def _cases() -> list[tuple[str, datetime, str]]:
    return [(r.text, r.now, r.language) for r in ROWS] + [
        (r.text, r.now, r.language) for r in REFUSALS
    ]


def _time_calls(
    call: Callable[[str, datetime, str], object],
    cases: Sequence[tuple[str, datetime, str]],
    rounds: int,
) -> list[float]:
    samples: list[float] = []
    for _ in range(rounds):
        for text, now, language in cases:
            started = time.perf_counter()
            with contextlib.suppress(ValueError):  # refusals are timed too
                call(text, now, language)
            samples.append(time.perf_counter() - started)
    return samples


def _percentiles(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[98] * 1000


def _line(label: str, samples: list[float]) -> tuple[float, float]:
    p50, p99 = _percentiles(samples)
    print(f"{label:<34} n={len(samples):>6}  p50 {p50:7.3f} ms  p99 {p99:7.3f} ms")
    return p50, p99


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")  # dateparser's own deprecation warnings

    import dateparser

    from domain.timeparse import parse as parse_module
    from domain.timeparse import parse_time

    cold_started = time.perf_counter()
    parse_time("3pm on December the 4th", ROWS[0].now, "en")  # loads dateparser's language data
    cold_ms = (time.perf_counter() - cold_started) * 1000

    fallback_texts: set[str] = set()
    real_fallback = parse_module.parse_with_dateparser

    def spy(text: str, now: datetime, language: str) -> object:
        fallback_texts.add(text)
        return real_fallback(text, now, language)

    parse_module.parse_with_dateparser = spy  # type: ignore[assignment]
    cases = _cases()
    _time_calls(parse_time, cases, 1)
    parse_module.parse_with_dateparser = real_fallback
    from domain.timeparse.normalise import normalise

    grammar = [c for c in cases if normalise(c[0]) not in fallback_texts]
    fallback = [c for c in cases if normalise(c[0]) in fallback_texts]

    print(f"time table: {len(ROWS)} rows + {len(REFUSALS)} refusals, {args.rounds} rounds")
    print(f"first call (loads dateparser data)  {cold_ms:8.1f} ms")
    _, p99_all = _line("parse_time, all expressions", _time_calls(parse_time, cases, args.rounds))
    _line(f"  read by our grammar ({len(grammar)})", _time_calls(parse_time, grammar, args.rounds))
    _line(
        f"  via dateparser fallback ({len(fallback)})",
        _time_calls(parse_time, fallback, args.rounds),
    )

    def bare(text: str, now: datetime, language: str) -> object:
        return dateparser.parse(
            text, languages=[language], settings={"RELATIVE_BASE": now.replace(tzinfo=None)}
        )

    def floor(text: str, now: datetime, language: str) -> object:
        return [text.lower().split() for _ in range(160)]  # fixed CPU work: the host's own jitter

    _line("noise floor (fixed ~50 us of work)", _time_calls(floor, cases, args.rounds))
    p50_bare, p99_bare = _line(
        "bare dateparser.parse (reference)", _time_calls(bare, cases, args.rounds)
    )
    p50_all, _ = _percentiles(_time_calls(parse_time, cases, args.rounds))
    print(
        f"ratio parse_time / bare dateparser: p50 {p50_all / p50_bare:.2f}x, p99 {p99_all / p99_bare:.2f}x"
    )
    verdict = "above" if p99_all > 1.0 else "below"
    print(
        f"p99 is {verdict} 1 ms: callers on the event loop should "
        f"{'use asyncio.to_thread' if p99_all > 1.0 else 'be fine calling it directly'}"
    )


if __name__ == "__main__":
    main()
