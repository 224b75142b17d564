"""Cost of the up-front checks on a request body, as ratios measured in one run.

Prints, for the CPR redaction and the JSON nesting check, the time on typical input against
``json.loads`` of the same size, and the growth when worst-case input doubles (about 2 means
linear, about 4 quadratic).

    .venv/bin/python -m bench.inbound_checks
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable

from bot.json_depth import nests_deeper_than
from domain.privacy import redact_cpr


def _seconds(work: Callable[[], object], repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def _growth(make: Callable[[int], object], check: Callable[[object], object], n: int) -> float:
    small, large = make(n), make(2 * n)
    return _seconds(lambda: check(large)) / _seconds(lambda: check(small))


def main() -> None:
    text = "Borger har tlf. 12 34 56 78, mødet er 2026-01-05 kl. 14.00. " * 400  # ~24 KB
    body = json.dumps({"type": "message", "text": text, "value": {"a": [1, 2, {"b": "c"}]}})
    raw = body.encode()
    loads = _seconds(lambda: json.loads(raw))
    print(f"body {len(raw) / 1024:.0f} KB, json.loads {loads * 1e3:.2f} ms")
    unicode_text = text.replace(" ", "\u00a0")
    for name, work in [
        ("nesting check", lambda: nests_deeper_than(raw)),
        ("CPR redaction of the text", lambda: redact_cpr(text)),
        ("CPR redaction, every space a no-break space", lambda: redact_cpr(unicode_text)),
    ]:
        seconds = _seconds(work)
        print(f"{name}: {seconds * 1e3:.2f} ms, {seconds / loads:.1f} x json.loads")
    quotes = _growth(lambda n: b'"' + b'\\"' * n, nests_deeper_than, 200_000)
    brackets = _growth(lambda n: b"[" * n, nests_deeper_than, 200_000)
    digits = _growth(lambda n: "1\u200b" * n, lambda t: redact_cpr(str(t)), 20_000)
    print(
        "growth when doubled (2 = linear): "
        f"escaped quotes {quotes:.1f}, brackets {brackets:.1f}, digits for CPR {digits:.1f}"
    )


if __name__ == "__main__":
    main()
