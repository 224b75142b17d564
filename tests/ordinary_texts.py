"""Ordinary Danish texts that hold no CPR number, to measure how often redaction takes something
else for one: the hand-written corpus in ``fixtures/ordinary_danish_texts.txt`` and families of
texts generated at run time (dates with times, lists of dates and phone numbers)."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

CORPUS = Path(__file__).parent / "fixtures" / "ordinary_danish_texts.txt"
# The four named cases (target: not one redacted), as the corpus names its sections.
NAMED = ("case reference", "phone number", "date range", "clock time")


def corpus() -> dict[str, list[str]]:
    """The corpus by section."""
    sections: dict[str, list[str]] = {}
    section = ""
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            sections[section] = []
        elif line and not line.startswith("#"):
            sections[section].append(line)
    return sections


def generated(seed: int = 5, each: int = 500) -> dict[str, list[str]]:
    """Families of ordinary texts with many digits, ``each`` texts a family."""
    rng = random.Random(seed)
    days = [date(2025, 1, 1) + timedelta(days=n) for n in range(730)]

    def day() -> date:
        return rng.choice(days)

    def hour() -> str:
        return f"{rng.randint(7, 18):02d}"

    def clock() -> str:
        return f"{hour()}:{rng.choice([0, 15, 30, 45]):02d}"

    def phone() -> str:
        pairs = [rng.randint(20, 99), *(rng.randint(0, 99) for _ in range(3))]
        return " ".join(f"{pair:02d}" for pair in pairs)

    families: dict[str, Callable[[], str]] = {
        "date and time, DD.MM.YY HH:MM": lambda: f"{day():%d.%m.%y} {clock()}",
        "date and time, DD.MM.YYYY HH:MM": lambda: f"{day():%d.%m.%Y} {clock()}",
        "date and hour, DD.MM.YYYY HH": lambda: f"{day():%d.%m.%Y} {hour()}",
        "date and period, DD.MM.YY HH.MM-HH.MM": lambda: (
            f"{day():%d.%m.%y} {hour()}.00-{hour()}.30"
        ),
        "ISO date and time": lambda: f"{day():%Y-%m-%d} {clock()}",
        "list of dates DD/MM": lambda: ", ".join(f"{day():%d/%m}" for _ in range(4)),
        "date range DD.MM-DD.MM.YYYY": lambda: f"{day():%d.%m}-{day():%d.%m.%Y}",
        "date range DD/MM – DD/MM YYYY": lambda: f"{day():%d/%m} – {day():%d/%m %Y}",
        "list of times": lambda: ", ".join(clock() for _ in range(4)),
        "+45 and a phone number": lambda: f"+45 {phone()}",
        "two phone numbers, comma": lambda: f"{phone()}, {phone()}",
        "two phone numbers, slash": lambda: f"{phone()} / {phone()}",
        # Known to be taken for numbers; measured, not hidden.
        "two phone numbers, one space": lambda: f"{phone()} {phone()}",
        "ten-digit order number": lambda: f"Ordre {rng.randint(0, 10**10 - 1):010d}",
    }
    return {name: [make() for _ in range(each)] for name, make in families.items()}


def rate(texts: list[str], is_redacted: Callable[[str], bool]) -> tuple[int, int]:
    """How many of ``texts`` are redacted, and of how many."""
    return sum(1 for text in texts if is_redacted(text)), len(texts)
