"""A fake of ``storage.courses.CourseStore``: courses, their steps and plans in dicts; the Teams ids
of the people the bot has seen, and what the outbox holds, arranged by the test."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from domain.course import Course, CourseRules, Planned, Stage, Step, open_deadlines
from domain.course.deadlines import CountedFrom
from domain.course.due_windows import Span
from domain.course.stats import CourseFacts, Quarter, QuarterFigures, quarter_figures
from domain.identity import PersonRef
from domain.keys import MessageKey
from storage.courses import StoredCourse

from .basics import FakeOutbox


@dataclass
class FakeCourses:
    outbox: FakeOutbox = field(default_factory=FakeOutbox)
    courses: dict[str, StoredCourse] = field(default_factory=dict)
    plans: dict[int, dict[str, Planned]] = field(default_factory=dict)
    teams_ids_by_person: dict[PersonRef, str] = field(default_factory=dict)
    initials: dict[str, str] = field(default_factory=dict)  # of each case, by reference
    locked: list[str] = field(default_factory=list)  # references loaded for an update

    def get(self, reference: str, *, for_update: bool = False) -> StoredCourse | None:
        if for_update:
            self.locked.append(reference)
        return self.courses.get(reference)

    def of_tovholder(self, person: PersonRef) -> list[StoredCourse]:
        return sorted(
            (c for c in self.courses.values() if c.tovholder == person), key=lambda c: c.reference
        )

    def of_organisation(self, organisation_id: str) -> list[StoredCourse]:
        return sorted(
            (c for c in self.courses.values() if c.organisation_id == organisation_id),
            key=lambda c: c.reference,
        )

    def start(
        self,
        reference: str,
        *,
        tovholder: PersonRef,
        organisation_id: str | None,
        other_organisation_id: str | None,
        level: int,
        now: datetime,
    ) -> StoredCourse:
        existing = self.courses.get(reference)
        if existing is not None:
            return existing
        stored = StoredCourse(
            len(self.courses) + 1,
            Course(reference, Stage.IDEA, level if level in (1, 2, 3) else 1),
            tovholder,
            organisation_id,
            other_organisation_id,
            self.initials.get(reference),
            created_at=now,
        )
        self.courses[reference] = stored
        return stored

    def save(
        self,
        stored: StoredCourse,
        course: Course,
        now: datetime,
        *,
        tovholder: PersonRef | None = None,
        meeting_at: datetime | None = None,
    ) -> StoredCourse:
        current = self.courses[stored.reference]
        if meeting_at is None and course.dates.meeting_on is not None:
            meeting_at = current.meeting_at
        saved = replace(
            current, course=course, tovholder=tovholder or current.tovholder, meeting_at=meeting_at
        )
        self.courses[stored.reference] = saved
        return saved

    def planned(self, course_id: int) -> list[Planned]:
        return list(self.plans.get(course_id, {}).values())

    def plan(self, course_id: int, added: Iterable[Planned]) -> None:
        plans = self.plans.setdefault(course_id, {})
        for planned in added:
            if planned.text in plans:
                raise ValueError(f"planned twice: {planned.text}")  # the real key is unique
            plans[planned.text] = planned

    def unplan(self, course_id: int, withdrawn: Iterable[Planned]) -> None:
        plans = self.plans.get(course_id, {})
        for planned in withdrawn:
            plans.pop(planned.text, None)

    def teams_ids(self, people: Iterable[PersonRef]) -> list[str]:
        return sorted(t for p in set(people) if (t := self.teams_ids_by_person.get(p)))

    def facts(
        self, zone: ZoneInfo, organisation_id: str | None = None
    ) -> list[tuple[str | None, CourseFacts]]:
        found = []
        for stored in self.courses.values():
            if stored.created_at is None or (
                organisation_id is not None and stored.organisation_id != organisation_id
            ):
                continue
            created = stored.created_at
            follow_ups = tuple(
                sorted(
                    e.on
                    for e in stored.course.history
                    if e.step is Step.HOLD_FOLLOW_UP and not e.corrected
                )
            )
            dates = stored.course.dates
            facts = CourseFacts(
                created.astimezone(zone).date(),
                dates.meeting_held_on,
                dates.plan_written_on,
                follow_ups,
            )
            found.append((stored.organisation_id, facts))
        return found

    def open_in_spans(self, organisation_id: str, spans: Sequence[Span]) -> list[Course]:
        found: dict[str, Course] = {}
        for span in spans:
            inside = [
                stored.course
                for stored in self.of_organisation(organisation_id)
                if (day := getattr(stored.course.dates, span.source.counted_from)) is not None
                and (span.earliest is None or day >= span.earliest)
                and (span.latest is None or day <= span.latest)
                and any(d.kind is span.source.kind for d in open_deadlines(stored.course))
            ]
            found |= {course.case_id: course for course in inside[: span.limit]}
        return [found[reference] for reference in sorted(found)]

    def nth_counted_from(
        self, organisation_id: str, latest: Mapping[CountedFrom, date | None], n: int
    ) -> dict[CountedFrom, date | None]:
        found: dict[CountedFrom, date | None] = {}
        for source, until in latest.items():
            courses = self.open_in_spans(organisation_id, [Span(source, None, until)])
            days = sorted(getattr(course.dates, source.counted_from) for course in courses)
            found[source] = days[n - 1] if len(days) >= n else None
        return found

    def quarter_figures(
        self,
        quarters: Sequence[Quarter],
        zone: ZoneInfo,
        rules: CourseRules,
        organisation_id: str | None = None,
    ) -> dict[str | None, list[QuarterFigures]]:
        facts = self.facts(zone, organisation_id)
        organisations = {o for o, _ in facts}
        if organisation_id is not None:
            organisations.add(organisation_id)
        return {
            o: quarter_figures([f for fo, f in facts if fo == o], quarters, rules)
            for o in organisations
        }

    def queued(self, key: MessageKey) -> bool:
        return any(k == str(key) or k.startswith(key.prefix) for k in self.outbox.queued)
