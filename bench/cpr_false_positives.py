"""CPR matching, the current matcher against the previous one (a list of separators), in one run.

Prints, for each: how many written forms of a number it finds, how many ordinary Danish texts it
wrongly redacts (the test corpus and generated families), the redaction time per KB of ordinary,
digit-heavy and Unicode text, and the growth of the time when worst-case input doubles (about 2
means linear, about 4 quadratic).

    .venv/bin/python -m bench.cpr_false_positives
"""

from __future__ import annotations

import time
from collections.abc import Callable

from bench import cpr_previous_matcher as previous
from domain.privacy import redact_cpr
from tests.cpr_forms import cpr_forms, synthetic_cpr
from tests.ordinary_texts import NAMED, corpus, generated, rate

Matcher = Callable[[str], bool]
MATCHERS: dict[str, tuple[Matcher, Callable[[str], object]]] = {
    "previous": (lambda text: previous.count(text) > 0, previous.redact),
    "current": (lambda text: redact_cpr(text).found > 0, redact_cpr),
}


def _seconds(work: Callable[[str], object], text: str, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        work(text)
        best = min(best, time.perf_counter() - started)
    return best


def _forms() -> None:
    numbers = [synthetic_cpr(seed) for seed in range(20)]
    tables = [cpr_forms(number) for number in numbers]
    total = sum(len(table) for table in tables)
    print(f"written forms of a number found ({len(tables[0])} forms x {len(numbers)} numbers):")
    for name, (finds, _redact) in MATCHERS.items():
        found = sum(finds(form) for table in tables for form in table.values())
        print(f"  {name:9} {found} of {total}")


def _false_positives() -> None:
    sections, families = corpus(), generated()
    everything = [text for texts in sections.values() for text in texts]
    print("ordinary texts wrongly redacted (wrong / texts):")
    print(f"  {'':38} {'previous':>12} {'current':>12}")
    rows = [("corpus, all", everything)]
    rows += [(f"corpus, {name}", sections[name]) for name in NAMED]
    rows += [(f"generated, {name}", texts) for name, texts in families.items()]
    for label, texts in rows:
        cells = []
        for finds, _redact in MATCHERS.values():
            wrong, total = rate(texts, finds)
            cells.append(f"{wrong}/{total} {wrong / total:5.1%}")
        print(f"  {label[:38]:38} {cells[0]:>12} {cells[1]:>12}")


def _each_line(redact: Callable[[str], object]) -> Callable[[str], object]:
    """Redaction of each line on its own, as the bot redacts each field of a message."""
    return lambda text: [redact(line) for line in text.splitlines()]


def _timing() -> None:
    sections, families = corpus(), generated()
    ordinary = "\n".join(text for texts in sections.values() for text in texts)
    digits = "\n".join(text for texts in families.values() for text in texts)
    inputs = {
        "ordinary corpus, each text": (ordinary, True),
        "digit-heavy texts, each": (digits, True),
        "digit-heavy texts, as one": (digits, False),
        "corpus, no-break spaces, each": (ordinary.replace(" ", "\u00a0"), True),
        "prose without digits, as one": (
            "Borgeren ønsker et møde med koordinatoren. " * 500,
            False,
        ),
    }
    print("redaction time per KB (best of 5), and current / previous:")
    for label, (text, each) in inputs.items():
        kilobytes = len(text.encode()) / 1024
        times = [
            _seconds(_each_line(redact) if each else redact, text) / kilobytes
            for _finds, redact in MATCHERS.values()
        ]
        print(
            f"  {label:30} {kilobytes:5.0f} KB  previous {times[0] * 1e6:6.0f} µs/KB"
            f"  current {times[1] * 1e6:6.0f} µs/KB  ratio {times[1] / times[0]:4.1f}"
        )


def _growth() -> None:
    number = synthetic_cpr()
    worst = {
        "digits and spaces (all numbers)": lambda n: "1 " * n,
        "digits and zero-width spaces": lambda n: "1\u200b" * n,
        "pairs of digits": lambda n: "12 " * n,
        "spaced numbers, all found": lambda n: (" ".join(number) + ", ") * (n // 20),
        "keycap digits": lambda n: "1\ufe0f\u20e3" * n,
        "one long number": lambda n: "1" * n,
    }
    print("worst cases: current at 20,000 and 40,000 units, growth (2 = linear), and previous:")
    for label, make in worst.items():
        small, large = make(20_000), make(40_000)
        current_small, current_large = _seconds(redact_cpr, small), _seconds(redact_cpr, large)
        before = _seconds(previous.redact, small)
        print(
            f"  {label:32} {len(small.encode()) // 1024:4} KB {current_small * 1e3:7.1f} ms"
            f"  {len(large.encode()) // 1024:4} KB {current_large * 1e3:7.1f} ms"
            f"  growth {current_large / current_small:.1f}  previous {before * 1e3:6.1f} ms"
        )


def main() -> None:
    _forms()
    _false_positives()
    _timing()
    _growth()


if __name__ == "__main__":
    main()
