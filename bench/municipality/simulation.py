"""The simulated municipality, day by day: the clock moved to each morning (overviews at 08:00,
nudges and escalations at 09:00 arrive on the way), people reading what came and acting at 10:00
and some in the evening, absences registered ahead, and the bot restarted on each month's first
night.

Behaviour: most tovholders act in time, some late (after the deadline), some never (the
coordinators, told of the missed deadline, hand the course over or take it over). Consent is
sometimes asked first and given weeks later; coordinators inform their partners and forward
plans, now and then late; at a follow-up the plan continues, changes or closes."""

from __future__ import annotations

import random
import time as time_module
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from tests.harness.cards import actions
from tests.harness.transcript import Posted, cards_of

from .cast import Cast, Person
from .inbox import Part, read
from .rules import Away, Calendar, add_months, at
from .teams import Answer, ButtonMissing, Teams, find_button
from .truth import Course, Done, Extra, Truth

MORNING, EVENING = time(10), time(19, 30)
ELIGIBLE = {
    "age": "44",
    "psychiatric_disorder": "diagnosed",
    "substance_problem": "in_treatment",
    "regional_psychiatry_contact": "true",
    "municipal_treatment_contact": "true",
    "benefits_from_both": "yes",
    "obstacle_indicators": "readmissions,unstable_attendance",
    "consent": "given",
}
NO_OBSTACLES = {"coordination_already_adequate": "false", "unclear_medical_responsibility": "false"}
COORDINATOR_STEPS = {"inform_other_coordinator", "forward_plan"}


@dataclass(frozen=True)
class Plan:
    start: datetime
    end: datetime
    courses: int


class Municipality:
    def __init__(self, teams: Teams, cast: Cast, plan: Plan, rng: random.Random) -> None:
        self.teams = teams
        self.cast = cast
        self.plan = plan
        self.rng = rng
        self.calendar = Calendar()
        self.truth = Truth(started=plan.start)
        self.read_upto = 0
        self.starts: dict[date, list[str]] = {}  # day -> tovholders starting a course
        self.absences_to_register: dict[date, list[tuple[Away, str]]] = {}
        self.coordinator_tasks: dict[date, list[tuple[str, str]]] = {}  # (reference, what)
        self.with_reference: dict[tuple[str, str], list[Posted]] = {}  # (person, case) -> cards
        self.year_walls: list[tuple[str, float]] = []  # (simulated span, wall seconds)
        self.month_walls: list[float] = []  # wall seconds per whole simulated month
        self.wall_limit: float | None = None  # stop the days after this many wall seconds

    # --- planning ----------------------------------------------------------------------------
    def working_days(self, first: date, last: date) -> list[date]:
        days, day = [], first
        while day <= last:
            if self.calendar.is_working_day(day):
                days.append(day)
            day += timedelta(days=1)
        return days

    def prepare(self) -> None:
        first = self.plan.start.date()
        last = max(first, (self.plan.end - timedelta(days=21)).date())
        days = self.working_days(first, last)
        tovholders: list[str] = []
        for _ in range(self.plan.courses):
            organisation = self.rng.choice(sorted(self.cast.staff))
            person = self.rng.choice(self.cast.staff[organisation])
            self.starts.setdefault(self.rng.choice(days), []).append(person)
            tovholders.append(person)
        self._plan_absences(sorted(set(tovholders)), first)

    def _plan_absences(self, tovholders: list[str], first: date) -> None:
        end = self.plan.end.date()
        span = max((end - first).days, 1)
        coordinators = [p for ps in self.cast.pools.coordinators.values() for p in ps]
        for person in coordinators + tovholders:
            is_coordinator = person in coordinators
            per_year = 2 if is_coordinator else 1
            count = max(1, round(per_year * span / 365 * self.rng.uniform(0.6, 1.4)))
            if not is_coordinator and self.rng.random() < 0.4:
                count = 0
            for _ in range(count):
                start = first + timedelta(days=self.rng.randrange(3, span))
                length = self.rng.choice((3, 5, 7, 10, 14, 18))
                away_last = start + timedelta(days=length)
                if away_last > end or self.truth.absences.busy(person, start, away_last):
                    continue
                substitute = self._substitute_for(person, is_coordinator, start, away_last)
                registered = max(first, start - timedelta(days=self.rng.randrange(0, 30)))
                registered = self.calendar.on_or_before(registered)
                if registered < first:
                    continue
                method = "card" if substitute is not None or self.rng.random() < 0.4 else "typed"
                away = Away(person, start, away_last, substitute)
                self.absences_to_register.setdefault(registered, []).append((away, method))
                # planned now so that no two absences of one person overlap
                self.truth.absences.add(datetime.max.replace(tzinfo=self.plan.start.tzinfo), away)

    def _substitute_for(
        self, person: str, is_coordinator: bool, first: date, last: date
    ) -> str | None:
        organisation = self.cast.people[person].organisation
        if is_coordinator:
            if self.rng.random() < 0.5:
                return None
            candidates = list(self.cast.pools.backups[organisation])
        else:
            if self.rng.random() < 0.5:
                return None
            candidates = self.rng.sample(self.cast.staff[organisation], 5)
        free = [
            c for c in candidates if c != person and not self.truth.absences.busy(c, first, last)
        ]
        return self.rng.choice(free) if free else None

    # --- the days -------------------------------------------------------------------------------
    async def run(self) -> None:
        self.truth.absences.entries.clear()  # registered again as the days come
        day = self.plan.start.date()
        end = self.plan.end
        month = day.month
        year_began, wall = day, time_module.perf_counter()
        began, month_wall = wall, wall
        while at(day, time(0)) < end:
            if self.wall_limit is not None and time_module.perf_counter() - began > self.wall_limit:
                end = at(day, time(0))  # out of wall time: check the days simulated so far
                break
            if (day - year_began).days >= 365:
                self.year_walls.append((f"{year_began} – {day - timedelta(days=1)}",
                                        time_module.perf_counter() - wall))  # fmt: skip
                year_began, wall = day, time_module.perf_counter()
            if day.month != month:
                month = day.month
                self.month_walls.append(time_module.perf_counter() - month_wall)
                print(f"simulated up to {day}: {self.month_walls[-1]:.0f} s wall for the month, "
                      f"{len(self.truth.courses)} courses so far", flush=True)  # fmt: skip
                month_wall = time_module.perf_counter()
                await self.teams.advance_to(max(self.teams.now or end, at(day, time(0, 30))))
                await self.teams.restart()
                self.truth.restarts += 1
                assert self.teams.now is not None
                self.truth.starts.append(self.teams.now)
            await self.teams.advance_to(min(at(day, MORNING), end))
            self.read_inbox()
            if at(day, MORNING) >= end:
                break
            if self.calendar.is_working_day(day):
                await self.morning(day)
                await self.teams.settle()
                self.read_inbox()
            if at(day, EVENING) < end:
                await self.teams.advance_to(at(day, EVENING))
                self.read_inbox()
                await self.evening(day)
                await self.teams.settle()
                self.read_inbox()
            day += timedelta(days=1)
        await self.teams.advance_to(end)
        self.read_inbox()
        self.truth.ended = end
        self.year_walls.append((f"{year_began} – {end.date()}", time_module.perf_counter() - wall))

    def read_inbox(self) -> None:
        sent = self.teams.connector.sent
        while self.read_upto < len(sent):
            item = sent[self.read_upto]
            self.read_upto += 1
            if item.method == "PUT" or item.type != "message":
                continue
            user = self.teams.connector.directory.user_by_chat(item.conversation_id.split(";")[0])
            if user is None:
                continue
            posted = self.teams.connector.transcript(item.conversation_id).find(item.activity_id)
            moment = self.teams.connector.stamps.get(item.activity_id)
            if posted is None or moment is None:
                continue
            self._index(user.key, posted)
            for part in read(posted, user.key, moment, cards_of(posted.versions[0])):
                self.truth.received.append(part)
                self.react(part)

    def _index(self, key: str, posted: Posted) -> None:
        references = {
            str(a["data"]["reference"])
            for card in posted.cards
            for a in actions(card)
            if isinstance(a.get("data"), dict) and "reference" in a["data"]
        }
        for reference in references:
            self.with_reference.setdefault((key, reference), []).append(posted)

    def react(self, part: Part) -> None:
        """A coordinator told of a missed deadline in a course whose tovholder never acts
        hands it over or takes it over a few working days later."""
        if part.kind != "escalation" or part.reference is None:
            return
        course = self.truth.courses.get(part.reference)
        if course is None or not course.waiting_for_coordinator or course.next is not None:
            return
        reader = self.cast.people[part.reader]
        if reader.role == "staff" or reader.organisation != course.organisation:
            return
        course.waiting_for_coordinator = False
        when = self.calendar.add_working_days(part.at.date(), self.rng.randint(1, 3))
        what = self.rng.choice(("hand_over", "hand_over", "take_over", "nudge_then_hand_over"))
        self.coordinator_tasks.setdefault(when, []).append(
            (part.reference, f"{what}:{part.reader}")
        )

    async def morning(self, day: date) -> None:
        for away, method in self.absences_to_register.pop(day, []):
            await self.register_absence(away, method)
        for person in self.starts.pop(day, []):
            if self.truth.absences.is_away(person, day):
                later = self.calendar.add_working_days(day, 1)
                self.starts.setdefault(later, []).append(person)
                continue
            await self.start_course(person, day)
        for reference, what in self.coordinator_tasks.pop(day, []):
            await self.coordinator_task(reference, what, day)
        await self.course_steps(day, "am")

    async def evening(self, day: date) -> None:
        await self.course_steps(day, "pm")

    # --- people acting -----------------------------------------------------------------------
    def user(self, key: str) -> Any:
        return self.cast.people[key].user

    def refused(self, what: str, answer: Answer | None = None) -> None:
        detail = f" ({answer.status} {answer.message or answer.body})" if answer else ""
        self.truth.refusals.append(f"{self.teams.now:%Y-%m-%d %H:%M}: {what}{detail}")

    async def register_absence(self, away: Away, method: str) -> None:
        user = self.user(away.person)
        if method == "typed":
            text = f"fravær {away.first.day}/{away.first.month}–{away.last.day}/{away.last.month}"
            before = len(self.teams.connector.transcript(user.personal_chat).messages)
            await self.teams.say(user, text)
            replies = self.teams.connector.transcript(user.personal_chat).messages[before:]
            if not any("Registreret: fravær" in p.text for p in replies):
                self.refused(f"{away.person} typed {text!r}: {[p.text for p in replies]}")
                return
        else:
            await self.teams.say(user, "fravær")
            card = self.latest_with(away.person, "directory.absence.register")
            if card is None:
                self.refused(f"{away.person}: no absence card")
                return
            substitute = "none"
            if away.substitute is not None:
                label = self.cast.people[away.substitute].name + " – "
                choice = next(
                    (c for e in _inputs(self.teams.seen_by(user, card)) if e.get("id") == "substitute"
                     for c in e.get("choices", []) if str(c.get("title", "")).startswith(label)),
                    None,
                )  # fmt: skip
                if choice is None:
                    self.refused(f"{away.person}: {away.substitute} not on the absence card")
                    return
                substitute = str(choice["value"])
            inputs = {"first": away.first.isoformat(), "last": away.last.isoformat(),
                      "substitute": substitute}  # fmt: skip
            answer = await self.teams.click(user, card, "directory.absence.register", inputs=inputs)
            if answer.status != 200 or "Registreret" not in json_text(answer.body):
                self.refused(f"{away.person}: absence card", answer)
                return
        assert self.teams.now is not None
        self.truth.absences.add(self.teams.now, away)

    def opened_by_typing(self, user: Any, reference: str) -> Posted | None:
        """The case card the bot answered a typed reference with, in ``user``'s personal chat."""
        for posted in reversed(self.teams.connector.transcript(user.personal_chat).messages):
            seen = self.teams.seen_by(user, posted) if posted.cards else None
            if seen is not None and find_button(seen, "course.take_over", reference=reference):
                return posted
        return None

    def latest_with(self, key: str, verb: str, **data: str) -> Posted | None:
        user = self.user(key)
        if "reference" in data:
            candidates = self.with_reference.get((key, data["reference"]), [])
        else:
            candidates = self.teams.connector.transcript(user.personal_chat).messages
        for posted in reversed(candidates):
            if not posted.cards:
                continue
            if find_button(self.teams.seen_by(user, posted), verb, **data) is not None:
                return posted
        return None

    async def start_course(self, person: str, day: date) -> None:
        user = self.user(person)
        roll = self.rng.random()
        profile = "prompt" if roll < 0.6 else "late" if roll < 0.85 else "never"
        asks_consent = self.rng.random() < 0.25  # else consent is given during the screening
        consent = {"consent": "pending" if asks_consent else "given"}
        await self.teams.say(user, "tjek")
        for answers in ({**ELIGIBLE, **consent}, NO_OBSTACLES):
            card = self.latest_with(person, "screening.answers")
            if card is None:
                self.refused(f"{person}: no screening card")
                return
            await self.teams.click(user, card, "screening.answers", inputs=answers)
        result = self.latest_with(person, "screening.start_case")
        if result is None:
            self.refused(f"{person}: no start button")
            return
        initials = "".join(w[0] for w in self.cast.people[person].name.split())
        answer = await self.teams.click(
            user, result, "screening.start_case", inputs={"initials": initials}
        )
        reference = _reference(answer.card)
        if reference is None:
            self.refused(f"{person}: the case did not start", answer)
            return
        assert self.teams.now is not None
        organisation = self.cast.people[person].organisation
        other = next(o for o in self.cast.pools.partners[organisation])
        course = Course(reference, organisation, other, self.teams.now, profile,
                        asks_consent=asks_consent)  # fmt: skip
        course.tovholders.append((self.teams.now, person))
        self.truth.courses[reference] = course
        # The screening's consent answer is the course's first step (asked, or given).
        first = "ask_consent" if asks_consent else "give_consent"
        course.steps.append(Done(first, self.teams.now, person))
        course.stage = _STAGE[first]
        if asks_consent:
            when = self.calendar.on_or_after(day + timedelta(days=self.rng.randint(30, 75)))
            course.next = (when, "am", "give_consent")
        else:
            when = self.calendar.add_working_days(day, self.rng.randint(1, 2))
            course.next = (when, "am", "inform_own_coordinator")

    async def course_steps(self, day: date, slot: str) -> None:
        for course in list(self.truth.courses.values()):
            if course.next is None:
                continue
            when, when_slot, step = course.next
            if when > day or (when == day and when_slot != slot):
                continue
            # A morning step left over from a weekend or holiday waits for the next working
            # morning: nobody records a meeting as held on a Sunday evening.
            if when_slot == "am" and not self.calendar.is_working_day(day):
                continue
            actor = self.actor_for(course, step, day)
            if actor is None:  # away: try again on the next working day
                course.next = (self.calendar.add_working_days(day, 1), "am", step)
                continue
            await self.take_step(course, actor, step, day)

    def actor_for(self, course: Course, step: str, day: date) -> str | None:
        if step in COORDINATOR_STEPS:
            pool = [*self.cast.pools.coordinators[course.organisation],
                    *self.cast.pools.backups[course.organisation]]  # fmt: skip
            present = [
                p for p in pool
                if not self.truth.absences.is_away(p, day)
                and self.latest_with(p, "course.view", reference=course.reference) is not None
            ]  # fmt: skip
            return self.rng.choice(present) if present else None
        tovholder = course.tovholder
        away = self.truth.absences.on(tovholder, day)
        if away is None:
            return tovholder
        substitute = away.substitute
        if substitute and not self.truth.absences.is_away(substitute, day):
            has_nudge = self.latest_with(substitute, "course.view", reference=course.reference)
            if has_nudge is not None and self.rng.random() < 0.6:
                return substitute
        return None

    async def take_step(self, course: Course, actor: str, step: str, day: date) -> None:
        inputs: dict[str, str] = {}
        if step == "schedule_meeting":
            meeting = self.calendar.add_working_days(day, self.rng.randint(5, 14))
            course.meeting_day = meeting
            inputs = {"meeting_day": meeting.isoformat(), "meeting_time": "10:00", "when": ""}
        answer = await self.click_step(actor, course.reference, step, inputs)
        if answer is None or answer.card is None or _asks_to_confirm(answer.card):
            self.refused(f"{actor} {step} in {course.reference}", answer)
            course.next = None
            return
        assert self.teams.now is not None
        course.steps.append(Done(step, self.teams.now, actor))
        course.stage = _STAGE[step]
        if actor != course.tovholder and step not in COORDINATOR_STEPS:
            pass  # a substitute stood in; the tovholder stays
        self.after_step(course, step, day)

    async def click_step(
        self, actor: str, reference: str, step: str, inputs: dict[str, str]
    ) -> Answer | None:
        user = self.user(actor)
        nudge = self.latest_with(actor, "course.step", reference=reference, step=step)
        if nudge is not None and self.rng.random() < 0.7:
            return await self.teams.click(
                user, nudge, "course.step", {"reference": reference, "step": step}, inputs
            )
        card = self.latest_with(actor, "course.view", reference=reference)
        if card is None:
            return None
        if (
            find_button(
                self.teams.seen_by(user, card), "course.step", reference=reference, step=step
            )
            is None
        ):
            await self.teams.click(user, card, "course.view", {"reference": reference})
        try:
            return await self.teams.click(
                user, card, "course.step", {"reference": reference, "step": step}, inputs
            )
        except ButtonMissing:
            return None

    def after_step(self, course: Course, step: str, day: date) -> None:
        rng, cal = self.rng, self.calendar
        late = course.profile == "late"

        def later(days: int, slot: str | None = None) -> tuple[date, str]:
            when = day + timedelta(days=days)
            chosen = slot or ("pm" if rng.random() < 0.1 else "am")
            if chosen == "am":
                when = cal.on_or_after(when)
            return when, chosen

        match step:
            case "ask_consent":
                course.next = (*later(rng.randint(30, 75)), "give_consent")
            case "give_consent":
                course.next = (*later(rng.randint(0, 2)), "inform_own_coordinator")
            case "inform_own_coordinator":
                course.next = (
                    cal.add_working_days(day, rng.randint(1, 3)),
                    "am",
                    "inform_other_coordinator",
                )
            case "inform_other_coordinator":
                course.next = (*later(rng.randint(1, 4)), "schedule_meeting")
            case "schedule_meeting":
                assert course.meeting_day is not None
                course.next = (
                    course.meeting_day + timedelta(days=rng.randint(0, 2) if late else 0),
                    "am",
                    "hold_meeting",
                )
            case "hold_meeting":
                if course.profile == "never" and course.tovholder == course.tovholders[0][1]:
                    course.next, course.waiting_for_coordinator = None, True
                else:
                    course.next = (
                        *later(rng.randint(15, 22) if late else rng.randint(1, 12)),
                        "write_plan",
                    )
            case "write_plan":
                course.next = (*later(rng.randint(0, 1)), "send_plan")
            case "send_plan":
                slow = rng.random() < 0.15
                course.next = (
                    cal.add_working_days(day, rng.randint(3, 5) if slow else rng.randint(0, 2)),
                    "am",
                    "forward_plan",
                )
            case "forward_plan" | "continue_plan" | "change_plan":
                start = self._period_start(course)
                due = add_months(start, 6)
                if late and rng.random() < 0.5:
                    when = due + timedelta(days=rng.randint(2, 20))
                else:
                    when = max(day + timedelta(days=1), due - timedelta(days=rng.randint(1, 40)))
                course.next = (cal.on_or_after(when), "am", "hold_follow_up")
            case "hold_follow_up":
                roll = rng.random()
                nxt = "continue_plan" if roll < 0.5 else "change_plan" if roll < 0.7 else "close"
                course.next = (day, "am" if rng.random() < 0.5 else "pm", nxt)
            case _:
                course.next = None
        if course.next is not None and course.next[1] == "pm" and step == "hold_follow_up":
            return

    def _period_start(self, course: Course) -> date:
        start: date | None = None
        follow_up: date | None = None
        for done in course.steps:
            day = done.at.astimezone(self.plan.start.tzinfo).date()
            if done.step == "write_plan":
                start = day
            elif done.step == "hold_follow_up":
                follow_up = day
            elif done.step in ("continue_plan", "change_plan"):
                start = follow_up
        assert start is not None
        return start

    async def coordinator_task(self, reference: str, what: str, day: date) -> None:
        course = self.truth.courses[reference]
        task, coordinator = what.split(":")
        if self.truth.absences.is_away(coordinator, day):
            pool = [p for p in self.cast.pools.coordinators[course.organisation]
                    if not self.truth.absences.is_away(p, day)]  # fmt: skip
            if not pool:
                self.coordinator_tasks.setdefault(
                    self.calendar.add_working_days(day, 1), []
                ).append((reference, what))
                return
            coordinator = self.rng.choice(pool)
        user = self.user(coordinator)
        card = self.latest_with(coordinator, "course.take_over", reference=reference)
        if card is None:
            card = self.latest_with(coordinator, "course.view", reference=reference)
            if card is not None:
                await self.teams.click(user, card, "course.view", {"reference": reference})
        if card is None:  # a stand-in the escalation never reached opens the case by its reference
            await self.teams.say(user, reference)
            assert self.teams.now is not None
            course.opened_by_typing.append((self.teams.now, coordinator))
            card = self.opened_by_typing(user, reference)
            if card is None:
                self.refused(f"{coordinator}: no card of {reference} to act on")
                return
        assert self.teams.now is not None
        if task == "nudge_then_hand_over":
            answer = await self.teams.click(user, card, "course.nudge", {"reference": reference})
            if answer.status != 200:
                self.refused(f"{coordinator} nudge {reference}", answer)
            else:
                self.extra_nudge(course, self.teams.now)
            self.coordinator_tasks.setdefault(self.calendar.add_working_days(day, 5), []).append(
                (reference, f"hand_over:{coordinator}")
            )
            return
        if task == "take_over":
            new = coordinator
            answer = await self.teams.click(
                user, card, "course.take_over", {"reference": reference}
            )
        else:
            month = day + timedelta(days=30)
            present = [
                s
                for s in self.cast.staff[course.organisation]
                if s != course.tovholder and not self.truth.absences.busy(s, day, month)
            ]
            new = self.rng.choice(present)
            value = f"{self.user(new).tenant.id}/{self.user(new).aad_object_id}"
            answer = await self.teams.click(
                user, card, "course.hand_over", {"reference": reference}, {"tovholder": value}
            )
        if (
            answer.status != 200
            or answer.message.startswith("Kun")
            or answer.message.startswith("Vælg")
        ):
            self.refused(f"{coordinator} {task} {reference}", answer)
            return
        course.tovholders.append((self.teams.now, new))
        course.profile = "prompt"
        course.next = (
            self.calendar.add_working_days(day, self.rng.randint(1, 3)),
            "am",
            _RESUME[course.stage],
        )

    def extra_nudge(self, course: Course, moment: datetime) -> None:
        """A coordinator's "remind the tovholder": the first open deadline, to the tovholder."""
        from .checker import open_deadlines_at  # the checker's own reading of the rules

        open_now = open_deadlines_at(course, moment, self.calendar)
        if open_now:
            kind, due = open_now[0]
            self.truth.extras.append(
                Extra(course.reference, kind, due, "nudge", course.tovholder, moment, moment)
            )


_STAGE = {
    "ask_consent": "consent_pending", "give_consent": "consent_given",
    "inform_own_coordinator": "own_coordinator_informed",
    "inform_other_coordinator": "other_coordinator_informed",
    "schedule_meeting": "meeting_scheduled", "hold_meeting": "meeting_held",
    "write_plan": "plan_written", "send_plan": "plan_sent", "forward_plan": "plan_forwarded",
    "hold_follow_up": "follow_up_held", "continue_plan": "continued", "change_plan": "changed",
    "close": "closed",
}  # fmt: skip
_RESUME = {"meeting_held": "write_plan", "plan_forwarded": "hold_follow_up",
           "continued": "hold_follow_up", "changed": "hold_follow_up"}  # fmt: skip


def _inputs(card: dict[str, Any]) -> list[dict[str, Any]]:
    from tests.harness.cards import input_ids

    return list(input_ids(card).values())


def _asks_to_confirm(card: dict[str, Any]) -> bool:
    """The bot's question whether a meeting really was held on a weekend or holiday: the step
    is not recorded until confirmed."""
    return any((a.get("data") or {}).get("confirmed") is True for a in actions(card))


def _reference(card: dict[str, Any] | None) -> str | None:
    if card is None:
        return None
    for element in card.get("body") or []:
        if element.get("type") == "FactSet":
            for fact in element.get("facts") or []:
                if str(fact.get("value", "")).startswith("KI-"):
                    return str(fact["value"])
    return None


def json_text(body: Any) -> str:
    import json

    return json.dumps(body, ensure_ascii=False)


__all__ = ["Municipality", "Person", "Plan"]
