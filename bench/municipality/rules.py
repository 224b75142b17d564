"""The checker's own reading of the model's rules (shared/DOMAIN.md, the README's "KI courses and
deadlines" and "Reaching people"), written here from those texts and the ``holidays`` package.
Nothing in this module asks the bot's domain code what is right.

- working days: Monday to Friday, not a Danish public holiday (``holidays``; Store Bededag up to
  2023), not a closing day (CLOSED_DAYS); working hours 08:00-16:00 Copenhagen time;
- plan written at the latest 14 days after the meeting; reminders 7 and 2 days before and on the
  day; forwarded within 2 working days of sending (reminder on the day); follow-up at the latest
  six calendar months after the plan (or the follow-up that continued or changed it), reminders
  6 and 2 weeks before and on the day; consent every 4 weeks while pending;
- a reminder at 09:00 on the working day on or before its day (never after the deadline); a
  consent reminder on the working day on or after its day;
- a missed deadline reaches the coordinators of the case's organisation at 09:00 on the first
  working day after it;
- an absent person's messages go to their present substitute, else the substitute's present
  substitute, else (coordinators) the pool's other present coordinators, its backups, or the
  partner organisation's pool; else to the person themselves;
- retention (docs/privacy.md): a closed course is deleted RETENTION_DAYS after its closing, by
  the daily retention job at 00:00 UTC or when a process starts (every job runs once then);
  from then on the Monday overview no longer counts it.
"""

from __future__ import annotations

import calendar as month_calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

ZONE = ZoneInfo("Europe/Copenhagen")
OPENS, CLOSES = time(8), time(16)
REMINDER_AT = time(9)
ESCALATION_AT = time(9)
OVERVIEW_AT = time(8)
PLAN_DAYS = 14
FOLLOW_UP_MONTHS = 6
FORWARD_WORKING_DAYS = 2
CONSENT_WEEKS = 4
OFFSETS = {"plan": (7, 2, 0), "follow_up": (42, 14, 0), "forward": (0,)}
# Christmas closing between the holidays, besides the default Grundlovsdag, 24 and 31 December.
CLOSED_DAYS = "06-05,12-24,12-27,12-28,12-29,12-30,12-31"
# Given to the bot explicitly (its default is the same), so both sides use one number.
RETENTION_DAYS = 90


@lru_cache(maxsize=64)
def _danish_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("DK", years=year))


@dataclass(frozen=True)
class Calendar:
    month_days: frozenset[tuple[int, int]] = field(
        default_factory=lambda: frozenset(
            (int(part[:2]), int(part[3:])) for part in CLOSED_DAYS.split(",")
        )
    )

    def is_holiday(self, day: date) -> bool:
        return day in _danish_holidays(day.year)

    def is_closed(self, day: date) -> bool:
        return (day.month, day.day) in self.month_days

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and not self.is_holiday(day) and not self.is_closed(day)

    def why_not_working(self, day: date) -> str:
        if day.weekday() >= 5:
            return "weekend"
        if self.is_holiday(day):
            return f"public holiday ({holidays.country_holidays('DK', years=day.year)[day]})"
        return "closing day"

    def on_or_before(self, day: date) -> date:
        while not self.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def on_or_after(self, day: date) -> date:
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, day: date, count: int) -> date:
        while count:
            day += timedelta(days=1)
            count -= self.is_working_day(day)
        return day

    def is_working_time(self, moment: datetime) -> bool:
        local = moment.astimezone(ZONE)
        return self.is_working_day(local.date()) and OPENS <= local.time() < CLOSES

    def held(self, moment: datetime) -> datetime:
        """Where an automatic message due at ``moment`` is sent: then, or the next opening."""
        if self.is_working_time(moment):
            return moment.astimezone(ZONE)
        local = moment.astimezone(ZONE)
        day = local.date()
        if not (self.is_working_day(day) and local.time() < OPENS):
            day = self.on_or_after(day + timedelta(days=1))
        return at(day, OPENS)


def at(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=ZONE)


def add_months(day: date, months: int) -> date:
    """Calendar months; a day the target month lacks becomes its last (31 Aug + 6 = 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, month_calendar.monthrange(year, month)[1]))


# --- Danish dates as the cards show them ------------------------------------------------------
WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
MONTHS = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)  # fmt: skip


def danish_date(day: date) -> str:
    """'tirsdag d. 24. november'."""
    return f"{WEEKDAYS[day.weekday()]} d. {day.day}. {MONTHS[day.month - 1]}"


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def last_four_quarters(day: date) -> list[str]:
    year, number = day.year, (day.month - 1) // 3 + 1
    found = []
    for _ in range(4):
        found.append(f"{year}-Q{number}")
        year, number = (year - 1, 4) if number == 1 else (year, number - 1)
    return found[::-1]


# --- who stands in ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Away:
    person: str
    first: date
    last: date
    substitute: str | None


@dataclass
class Absences:
    """Registered absences as the bot knows them at a moment (registration time counts)."""

    entries: list[tuple[datetime, Away]] = field(default_factory=list)

    def add(self, registered: datetime, away: Away) -> None:
        self.entries.append((registered, away))

    def on(self, person: str, day: date, known_at: datetime | None = None) -> Away | None:
        for registered, away in self.entries:
            if known_at is not None and registered > known_at:
                continue
            if away.person == person and away.first <= day <= away.last:
                return away
        return None

    def is_away(self, person: str, day: date, known_at: datetime | None = None) -> bool:
        return self.on(person, day, known_at) is not None

    def busy(self, person: str, first: date, last: date) -> bool:
        return any(
            away.person == person and away.first <= last and first <= away.last
            for _, away in self.entries
        )


@dataclass(frozen=True)
class Pools:
    """Each organisation's coordinators and backups, and its partners."""

    coordinators: dict[str, tuple[str, ...]]
    backups: dict[str, tuple[str, ...]]
    partners: dict[str, tuple[str, ...]]

    def organisation_coordinated_by(self, person: str) -> str | None:
        return next((o for o, people in self.coordinators.items() if person in people), None)


def stand_ins(
    person: str, day: date, absences: Absences, pools: Pools, known_at: datetime | None = None
) -> tuple[list[str], bool]:
    """Who gets what is meant for ``person`` on ``day``, and whether that is a stand-in."""

    def present(people: Iterable[str]) -> list[str]:
        return [p for p in people if not absences.is_away(p, day, known_at)]

    away = absences.on(person, day, known_at)
    if away is None:
        return [person], False
    if away.substitute is not None:
        first = away.substitute
        if present([first]):
            return [first], True
        theirs = absences.on(first, day, known_at)
        further = theirs.substitute if theirs is not None else None
        if further is not None and further != person and present([further]):
            return [further], True
    organisation = pools.organisation_coordinated_by(person)
    if organisation is not None:
        colleagues = present(c for c in pools.coordinators[organisation] if c != person)
        if colleagues:
            return colleagues, True
        backups = present(b for b in pools.backups[organisation] if b != person)
        if backups:
            return backups, True
        partners: set[str] = set()
        for partner in pools.partners[organisation]:
            partners |= set(present(pools.coordinators[partner]) or present(pools.backups[partner]))
        if partners:
            return sorted(partners), True
    return [person], False


def calendar_facts(start: datetime, end: datetime) -> list[str]:
    """What the simulated span holds: daylight-saving changes, Easter, Store Bededag (a holiday
    up to 2023 only), and the public holidays and closing days that fall on weekdays."""
    calendar = Calendar()
    facts: list[str] = []
    day, last = start.astimezone(ZONE).date(), end.astimezone(ZONE).date()
    holidays_seen = closed_seen = 0
    while day <= last:
        noon, next_noon = at(day, time(12)), at(day + timedelta(days=1), time(12))
        if noon.utcoffset() != next_noon.utcoffset():
            facts.append(f"daylight saving {day + timedelta(days=1)}")
        names = holidays.country_holidays("DK", years=day.year, language="da")
        if names.get(day) == "Påskedag":
            facts.append(f"Easter {day}")
        if day.weekday() < 5:
            holidays_seen += calendar.is_holiday(day)
            closed_seen += not calendar.is_holiday(day) and calendar.is_closed(day)
        day += timedelta(days=1)
    for year in range(start.year, end.year + 1):
        bededag = next(
            (
                d
                for d, n in holidays.country_holidays("DK", years=year, language="da").items()
                if n == "Store bededag"
            ),
            None,
        )
        facts.append(f"Store Bededag {year}: {bededag or 'none (a working day)'}")
    facts.append(f"{holidays_seen} weekday public holidays, {closed_seen} weekday closing days")
    return facts


def deleted_at(closed: datetime, starts: Iterable[datetime]) -> datetime:
    """When retention deletes a course closed at ``closed``: at the first run of the job with
    ``closed`` at least RETENTION_DAYS back, a UTC midnight or a process's start."""
    due = closed + timedelta(days=RETENTION_DAYS)
    utc = due.astimezone(UTC)
    midnight = datetime.combine(utc.date(), time(0), tzinfo=UTC)
    if midnight < utc:
        midnight += timedelta(days=1)
    return min([midnight, *(start for start in starts if start >= due)])
