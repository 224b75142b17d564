"""The independent checker: from the simulation's record of what people did (``Truth``) and the
rules in ``rules.py``, what every person should have received and when; compared with what the
fake connector received. Each difference is a violation, with a line saying what and where."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from .cast import ORGANISATIONS, Cast
from .inbox import Line, Part
from .rules import (
    CONSENT_WEEKS,
    ESCALATION_AT,
    FORWARD_WORKING_DAYS,
    OFFSETS,
    OVERVIEW_AT,
    PLAN_DAYS,
    REMINDER_AT,
    ZONE,
    Calendar,
    add_months,
    at,
    danish_date,
    deleted_at,
    last_four_quarters,
    quarter_of,
    stand_ins,
)
from .truth import Course, Truth

DEADLINES = ("plan", "forward", "follow_up")
MAX_LINES = 40


@dataclass
class Episode:
    """One deadline from the moment it opened until it was met or fell away."""

    reference: str
    kind: str
    due: date
    opened: datetime
    closed: datetime | None = None

    def open_at(self, moment: datetime) -> bool:
        return self.opened <= moment and (self.closed is None or self.closed > moment)


def _day(moment: datetime) -> date:
    return moment.astimezone(ZONE).date()


def episodes(course: Course, calendar: Calendar) -> list[Episode]:
    found: list[Episode] = []
    current: dict[str, Episode] = {}
    follow_up_day: date | None = None

    def close(kind: str, moment: datetime) -> None:
        if (episode := current.pop(kind, None)) is not None:
            episode.closed = moment

    def open_(kind: str, due: date, moment: datetime) -> None:
        close(kind, moment)
        current[kind] = Episode(course.reference, kind, due, moment)
        found.append(current[kind])

    for done in course.steps:
        day, moment = _day(done.at), done.at
        match done.step:
            case "ask_consent":
                open_("consent", day, moment)
            case "give_consent" | "refuse_consent":
                close("consent", moment)
            case "hold_meeting":
                open_("plan", day + timedelta(days=PLAN_DAYS), moment)
            case "write_plan":
                close("plan", moment)
                open_("follow_up", add_months(day, 6), moment)
            case "send_plan":
                open_("forward", calendar.add_working_days(day, FORWARD_WORKING_DAYS), moment)
            case "forward_plan":
                close("forward", moment)
            case "hold_follow_up":
                close("follow_up", moment)
                follow_up_day = day
            case "continue_plan" | "change_plan":
                assert follow_up_day is not None
                open_("follow_up", add_months(follow_up_day, 6), moment)
            case "close":
                for kind in list(current):
                    close(kind, moment)
    return found


def open_deadlines_at(
    course: Course, moment: datetime, calendar: Calendar
) -> list[tuple[str, date]]:
    found = [e for e in episodes(course, calendar) if e.kind != "consent" and e.open_at(moment)]
    found.sort(key=lambda e: DEADLINES.index(e.kind))
    return [(e.kind, e.due) for e in found]


@dataclass(frozen=True)
class Expected:
    kind: str
    key: Hashable
    reader: str
    at: datetime
    what: str


@dataclass
class Report:
    counts: Counter[str] = field(default_factory=Counter)
    violations: list[str] = field(default_factory=list)
    by_rule: Counter[str] = field(default_factory=Counter)

    def violation(self, rule: str, text: str) -> None:
        self.by_rule[rule] += 1
        self.violations.append(f"[{rule}] {text}")


class Checker:
    def __init__(self, truth: Truth, cast: Cast, acted_at: set[datetime]) -> None:
        self.truth = truth
        self.cast = cast
        self.acted_at = acted_at
        self.calendar = Calendar()
        self.report = Report()
        self.names = {p.name: p.key for p in cast.people.values()}
        assert truth.started is not None and truth.ended is not None
        self.start, self.end = truth.started, truth.ended
        self.episodes = {
            ref: episodes(course, self.calendar) for ref, course in truth.courses.items()
        }

    def routed(self, person: str, day: date, known_at: datetime) -> list[tuple[str, str]]:
        """(intended, reader) pairs for a message meant for ``person`` on ``day``."""
        readers, _ = stand_ins(person, day, self.truth.absences, self.cast.pools, known_at)
        return [(person, reader) for reader in readers]

    def within(self, moment: datetime) -> bool:
        return self.start <= moment <= self.end

    # --- what should have arrived -------------------------------------------------------------
    def expected(self) -> list[Expected]:
        found: list[Expected] = []
        for course in self.truth.courses.values():
            found += self._nudges(course)
            found += self._escalations(course)
            found += self._case_cards(course)
        found += self._extras()
        found += self._overviews()
        return found

    def _nudges(self, course: Course) -> list[Expected]:
        found: list[Expected] = []
        for episode in self.episodes[course.reference]:
            moments: dict[datetime, str] = {}
            if episode.kind == "consent":
                for round_ in range(1, 100):
                    day = episode.due + timedelta(weeks=CONSENT_WEEKS * round_)
                    moment = at(self.calendar.on_or_after(day), REMINDER_AT)
                    if moment > self.end or (episode.closed and moment >= episode.closed):
                        break
                    if moment >= episode.opened and self.within(moment):
                        found += self._nudge(
                            course, episode, moment, f"every-{CONSENT_WEEKS}w", day
                        )
                continue
            for offset in OFFSETS[episode.kind]:
                day = self.calendar.on_or_before(episode.due - timedelta(days=offset))
                moments.setdefault(at(day, REMINDER_AT), f"{offset}d")
            for moment, offset in moments.items():
                if self.within(moment) and episode.open_at(moment):
                    found += self._nudge(course, episode, moment, offset, episode.due)
        return found

    def _nudge(
        self, course: Course, episode: Episode, moment: datetime, offset: str, due: date
    ) -> list[Expected]:
        if episode.kind == "forward":
            intended = list(self.cast.pools.coordinators[course.organisation])
        else:
            intended = [course.tovholder_at(moment)]
        what = f"{episode.kind} reminder {offset} of {course.reference} (due {due})"
        return [
            Expected("nudge", ("nudge", course.reference, episode.kind, due, offset, meant), reader,
                     moment, what)
            for person in intended
            for meant, reader in self.routed(person, moment.date(), moment)
        ]  # fmt: skip

    def _escalations(self, course: Course) -> list[Expected]:
        found: list[Expected] = []
        for episode in self.episodes[course.reference]:
            if episode.kind == "consent":
                continue
            morning = self.calendar.on_or_after(episode.due + timedelta(days=1))
            moment = at(morning, ESCALATION_AT)
            if not self.within(moment) or not episode.open_at(moment):
                continue
            what = f"escalation of {episode.kind} in {course.reference} (due {episode.due})"
            for coordinator in self.cast.pools.coordinators[course.organisation]:
                for meant, reader in self.routed(coordinator, morning, moment):
                    key = ("escalation", course.reference, episode.kind,
                           danish_date(episode.due), meant)  # fmt: skip
                    found.append(Expected("escalation", key, reader, moment, what))
        return found

    def _case_cards(self, course: Course) -> list[Expected]:
        first_holder = course.tovholders[0][1]
        found = [
            Expected("case_card", ("case_card", course.reference, first_holder), first_holder,
                     course.started_at, f"case card of {course.reference} opened")
        ]  # fmt: skip
        for done in course.steps:
            organisation = {"inform_own_coordinator": course.organisation,
                            "inform_other_coordinator": course.other}.get(done.step)  # fmt: skip
            if organisation is None:
                continue
            moment = self.calendar.held(done.at)
            if not self.within(moment):
                continue
            for coordinator in self.cast.pools.coordinators[organisation]:
                for meant, reader in self.routed(coordinator, moment.date(), moment):
                    key = ("case_card", course.reference, meant)
                    what = f"case card of {course.reference} ({done.step})"
                    found.append(Expected("case_card", key, reader, moment, what))
        for moment, reader in course.opened_by_typing:  # the answer to typing the reference
            key = ("case_card", course.reference, reader)
            what = f"case card of {course.reference} opened by its reference"
            found.append(Expected("case_card", key, reader, moment, what))
        return found

    def _extras(self) -> list[Expected]:
        found: list[Expected] = []
        for extra in self.truth.extras:
            moment = self.calendar.held(extra.at)
            course = self.truth.courses[extra.reference]
            if extra.offset_prefix != "nudge":
                still = any(
                    e.kind == extra.deadline and e.due == extra.due and e.open_at(moment)
                    for e in self.episodes[extra.reference]
                )
                if not still:
                    continue
                offset = f"{extra.offset_prefix}{moment:%Y-%m-%dT%H:%M}"
            else:
                offset = "nudge"
            if not self.within(moment):
                continue
            what = f"{offset} reminder of {extra.reference}"
            for meant, reader in self.routed(extra.intended, moment.date(), moment):
                key = ("nudge", course.reference, extra.deadline, extra.due, offset, meant)
                found.append(Expected("nudge", key, reader, moment, what))
        return found

    def _overviews(self) -> list[Expected]:
        found: list[Expected] = []
        monday = self.start.date() - timedelta(days=self.start.weekday())
        while at(monday, OVERVIEW_AT) <= self.end:
            moment = at(monday, OVERVIEW_AT)
            arrives = self.calendar.held(moment)
            week = monday.isocalendar()
            # A week without a working day (Christmas) has no overview: held, it would arrive
            # in the next week beside that week's own.
            same_week = arrives.astimezone(ZONE).isocalendar()[:2] == (week[0], week[1])
            if moment >= self.start and arrives <= self.end and same_week:
                for organisation in ORGANISATIONS:
                    for coordinator in self.cast.pools.coordinators[organisation]:
                        # The organisation's overview is the same for every reader, and the bot
                        # does not say for whom a stand-in's copy is: count copies per reader.
                        for _meant, reader in self.routed(coordinator, arrives.date(), arrives):
                            key = ("overview", organisation, (week[0], week[1]), reader)
                            what = f"overview {week[0]}-W{week[1]:02d} of {organisation}"
                            found.append(Expected("overview", key, reader, arrives, what))
            monday += timedelta(days=7)
        return found

    # --- what did arrive --------------------------------------------------------------------------
    def key_of(self, part: Part) -> Hashable | None:
        meant = self.names.get(part.on_behalf or "", part.reader) if part.on_behalf else part.reader
        if part.kind == "nudge":
            return ("nudge", part.reference, part.deadline, part.due, part.offset, meant)
        if part.kind == "escalation":
            return ("escalation", part.reference, part.deadline, part.due_text, meant)
        if part.kind == "case_card":
            return ("case_card", part.reference, meant)
        if part.kind == "overview" and part.overview is not None:
            organisation = next(
                (o for o, v in ORGANISATIONS.items() if v[1] == part.overview.organisation), "?"
            )
            monday = part.at.date() - timedelta(days=part.at.weekday())
            week = monday.isocalendar()
            return ("overview", organisation, (week[0], week[1]), part.reader)
        return None

    # --- comparing ----------------------------------------------------------------------------
    def check(self) -> Report:
        report = self.report
        expected: dict[Hashable, list[Expected]] = defaultdict(list)
        for item in self.expected():
            expected[item.key].append(item)
        received: dict[Hashable, list[Part]] = defaultdict(list)
        for part in self.truth.received:
            report.counts[f"received {part.kind}"] += 1
            self._never_at_night(part)
            if (key := self.key_of(part)) is not None:
                received[key].append(part)
        for key in expected.keys() | received.keys():
            self._compare(expected.get(key, []), received.get(key, []))
        for kind in ("nudge", "escalation", "overview", "case_card"):
            report.counts[f"expected {kind}"] = sum(
                1 for items in expected.values() for e in items if e.kind == kind
            )
        for refusal in self.truth.refusals:
            report.violation("refused", refusal)
        return report

    def _compare(self, wanted: list[Expected], got: list[Part]) -> None:
        report = self.report
        unmatched = list(got)
        for item in wanted:
            match = next((p for p in unmatched if p.reader == item.reader), None)
            if match is None:
                match = next(iter(unmatched), None)
                if match is None:
                    report.violation("lost", f"{item.what}: nothing reached {item.reader} "
                                             f"(due {item.at:%Y-%m-%d %H:%M})")  # fmt: skip
                    continue
                report.violation("wrong reader", f"{item.what}: reached {match.reader}, "
                                                 f"not {item.reader}")  # fmt: skip
            unmatched.remove(match)
            if match.at != item.at:
                report.violation("wrong time", f"{item.what} for {item.reader}: arrived "
                                 f"{match.at:%Y-%m-%d %H:%M}, expected {item.at:%Y-%m-%d %H:%M}")  # fmt: skip
            if item.kind == "nudge":
                self._before_deadline(match)
            if item.kind == "overview":
                self._overview_content(item, match)
            report.counts[f"matched {item.kind}"] += 1
        for part in unmatched:
            rule = "doubled" if wanted else "unexpected"
            report.violation(rule, f"{part.kind} {self.key_of(part)} to {part.reader} at "
                                   f"{part.at:%Y-%m-%d %H:%M}")  # fmt: skip

    def _before_deadline(self, part: Part) -> None:
        offset = part.offset or ""
        if part.due is None or ":" in offset or not offset.endswith("d"):
            return
        if part.at.astimezone(ZONE).date() > part.due:
            self.report.violation("after deadline", f"{part.reference} {part.deadline} {offset} "
                                  f"arrived {part.at:%Y-%m-%d}, due {part.due}")  # fmt: skip

    def _never_at_night(self, part: Part) -> None:
        automatic = part.kind in ("nudge", "escalation", "overview") or (
            part.at not in self.acted_at
        )
        if part.kind == "case_card" and part.reader != self._opener(part):
            automatic = True
        if not automatic or self.calendar.is_working_time(part.at):
            return
        day = part.at.astimezone(ZONE).date()
        why = "night" if self.calendar.is_working_day(day) else self.calendar.why_not_working(day)
        self.report.violation(
            "outside working hours",
            f"{part.kind} {part.reference or ''} to {part.reader} at {part.at:%Y-%m-%d %H:%M} ({why})",
        )

    def _opener(self, part: Part) -> str | None:
        course = self.truth.courses.get(part.reference or "")
        return course.tovholders[0][1] if course else None

    # --- the Monday overview --------------------------------------------------------------------
    def overview_truth(
        self, organisation: str, monday: date
    ) -> tuple[dict[str, list[Line]], dict[str, tuple[int, int, int, int]]]:
        moment = at(monday, OVERVIEW_AT)
        open_now: list[tuple[date, str, str]] = []
        for reference, course in self.truth.courses.items():
            if course.organisation != organisation:
                continue
            for episode in self.episodes[reference]:
                if episode.kind != "consent" and episode.open_at(moment):
                    open_now.append((episode.due, reference, episode.kind))
        open_now.sort()

        def lines(first: date | None, last: date | None, overdue: bool | None) -> list[Line]:
            picked = [
                Line(danish_date(due), reference, kind)
                for due, reference, kind in open_now
                if (first is None or due >= first)
                and (last is None or due <= last)
                and (overdue is None or (due < monday) == overdue)
            ]
            return picked[:MAX_LINES]

        lists = {
            "missed": lines(None, None, True),
            "this_week": lines(monday, monday + timedelta(days=6), None),
            "next_week": lines(monday + timedelta(days=7), monday + timedelta(days=13), None),
        }
        quarters = {q: [0, 0, 0, 0] for q in last_four_quarters(monday)}
        for course in self.truth.courses.values():
            if course.organisation != organisation or course.started_at > moment:
                continue
            if self._deleted_by(course, moment):
                continue
            if (q := quarter_of(_day(course.started_at))) in quarters:
                quarters[q][0] += 1
            steps = [s for s in course.steps if s.at <= moment]
            held = [_day(s.at) for s in steps if s.step == "hold_meeting"]
            written = [_day(s.at) for s in steps if s.step == "write_plan"]
            if written and (q := quarter_of(written[-1])) in quarters:
                quarters[q][1] += 1
                if held and written[-1] <= held[-1] + timedelta(days=PLAN_DAYS):
                    quarters[q][2] += 1
            for step in steps:
                if step.step == "hold_follow_up" and (q := quarter_of(_day(step.at))) in quarters:
                    quarters[q][3] += 1
        return lists, {q: (a, b, c, d) for q, (a, b, c, d) in quarters.items()}

    def _deleted_by(self, course: Course, moment: datetime) -> bool:
        """Whether retention had deleted the (closed) course by ``moment``."""
        closed = [s.at for s in course.steps if s.step == "close"]
        return bool(closed) and deleted_at(closed[-1], self.truth.starts) <= moment

    def _overview_content(self, item: Expected, part: Part) -> None:
        assert part.overview is not None
        organisation, (year, week) = item.key[1], item.key[2]  # type: ignore[index]
        monday = date.fromisocalendar(year, week, 1)
        lists, quarters = self.overview_truth(organisation, monday)
        seen = part.overview
        for name, want in lists.items():
            if seen.lists.get(name) != want:
                got = seen.lists.get(name)
                self.report.violation(
                    "overview", f"{item.what} to {part.reader}, {name}: "
                    f"got {_short(got)}, expected {_short(want)}",
                )  # fmt: skip
        if seen.quarters != quarters:
            self.report.violation(
                "overview", f"{item.what} to {part.reader}, quarters: got {seen.quarters}, "
                f"expected {quarters}",
            )  # fmt: skip


def _short(lines: list[Line] | None) -> str:
    if lines is None:
        return "nothing"
    return (
        "["
        + ", ".join(f"{line.reference} {line.kind} {line.due}" for line in lines[:6])
        + (", …" if len(lines) > 6 else "")
        + f"] ({len(lines)})"
    )


_ = time  # the module reads times through rules.at
