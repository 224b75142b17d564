"""The course's card verbs and the start of a course when a screening opens a case."""

from __future__ import annotations

from collections.abc import Callable

from botbuilder.core import TurnContext

from cards.course import (
    CORRECT_VERB,
    HAND_OVER_VERB,
    NUDGE_VERB,
    SNOOZE_VERB,
    STEP_VERB,
    TAKE_OVER_VERB,
    VIEW_VERB,
    course_card,
    handover_card,
)
from cards.texts import Texts
from domain.course import RESPONSIBLE, Reminder, Role, open_deadlines, snooze
from domain.directory import Action, Directory
from domain.identity import PersonRef
from domain.messaging import Content
from domain.timeparse import format_date, format_moment
from storage.courses import CourseStore, PlannedReminder, StoredCourse
from storage.directory import DirectoryStore
from storage.screenings import StoredCase
from storage.unit_of_work import UnitOfWork

from ..actions import ActionRouter, CardAction
from ..delivery import Notice, queue_notice
from ..directory.identity import actor_of
from ..outcomes import Outcome, ShowCard, ShowMessage
from .commands import (
    InvalidCommand,
    correct_date,
    hand_over,
    open_case,
    snooze_reminder,
    take_step,
)
from .context import CourseContext, course_view, may_act, roles_of
from .planning import card_key, now_key, nudge_notice, replan
from .steps import Answer, after_change, audit, load, personal_card
from .steps import take_step as run_step

Change = Callable[[UnitOfWork, CourseStore, StoredCourse, Directory, PersonRef, Texts], Answer]


def _outcome(answer: Answer) -> Outcome | None:
    if answer.card is not None:
        return ShowCard(dict(answer.card))
    return ShowMessage(answer.message) if answer.message else None


class CourseActions:
    def __init__(self, context: CourseContext) -> None:
        self._ctx = context

    def register(self, router: ActionRouter) -> None:
        router.register(STEP_VERB, self.on_step)
        router.register(VIEW_VERB, self.on_view)
        router.register(CORRECT_VERB, self.on_correct)
        router.register(SNOOZE_VERB, self.on_snooze)
        router.register(NUDGE_VERB, self.on_nudge)
        router.register(TAKE_OVER_VERB, self.on_take_over)
        router.register(HAND_OVER_VERB, self.on_hand_over)

    # --- start --------------------------------------------------------------------------
    def start_in(self, unit: UnitOfWork, actor: PersonRef, case: StoredCase) -> None:
        """The course of a case just opened from a screening, in the same unit of work; the case
        card goes to the tovholder's chat under the case's card key."""
        ctx = self._ctx
        store = CourseStore(unit.session)
        directory = DirectoryStore(unit.session, unit.now).snapshot(today=ctx.today())
        person = directory.person(actor)
        organisation = directory.organisation(person.organisation_id if person else None)
        other = organisation.partner_ids[0] if organisation and organisation.partner_ids else None
        stored = store.start(
            case.reference,
            tovholder=actor,
            organisation_id=organisation.id if organisation else None,
            other_organisation_id=other,
            level=case.level or 1,
            now=unit.now,
        )
        audit(unit, actor, "course.started", stored.reference)
        replan(ctx, unit, stored, directory)

        def build(texts: Texts, note: str | None) -> Content:
            view = course_view(ctx, stored, directory, texts, viewer=actor)
            return Content(text=texts("course.started"), card=course_card(texts, view))

        queue_notice(
            unit,
            Notice(f"{card_key(stored.reference)}:opened", actor, build, unit.now,
                   automatic=False, card_key=card_key(stored.reference)),
            directory=directory, calendar=ctx.calendar, zone=ctx.zone,
        )  # fmt: skip

    # --- helpers ------------------------------------------------------------------------
    async def _actor(self, turn_context: TurnContext) -> tuple[PersonRef | None, Texts]:
        return actor_of(turn_context.activity), self._ctx.replies.texts(turn_context)

    # --- verbs --------------------------------------------------------------------------
    async def on_step(self, turn_context: TurnContext, action: CardAction) -> Outcome | None:
        actor, texts = await self._actor(turn_context)
        if actor is None:
            return ShowMessage(texts("course.unknown_user"))
        try:
            command = take_step(action)
        except InvalidCommand:
            return ShowMessage(texts("course.bad_request"))
        return _outcome(await run_step(self._ctx, actor, command, texts))

    async def on_correct(self, turn_context: TurnContext, action: CardAction) -> Outcome | None:
        actor, texts = await self._actor(turn_context)
        if actor is None:
            return ShowMessage(texts("course.unknown_user"))
        try:
            command = correct_date(action)
        except InvalidCommand:
            return ShowMessage(texts("course.bad_request"))
        return _outcome(await run_step(self._ctx, actor, command, texts))

    async def on_view(self, turn_context: TurnContext, action: CardAction) -> Outcome | None:
        actor, texts = await self._actor(turn_context)
        if actor is None:
            return ShowMessage(texts("course.unknown_user"))
        try:
            command = open_case(action)
        except InvalidCommand:
            return ShowMessage(texts("course.bad_request"))
        ctx = self._ctx

        def work(unit: UnitOfWork) -> Answer:
            _store, stored, directory = load(unit, command.reference, ctx)
            if stored is None:
                return Answer(message=texts("course.unknown_case"))
            decision = may_act(actor, stored, directory, ctx.today(), Action.VIEW_CASE)
            if not decision.allowed:
                audit(unit, actor, "course.view", stored.reference,
                      f"refused:{decision.reason_code}")  # fmt: skip
                return Answer(message=texts("course.not_on_case", reference=stored.reference))
            return Answer(card=personal_card(ctx, stored, directory, texts, actor))

        return _outcome(await ctx.units.run(work))

    async def on_snooze(self, turn_context: TurnContext, action: CardAction) -> Outcome | None:
        actor, texts = await self._actor(turn_context)
        if actor is None:
            return ShowMessage(texts("course.unknown_user"))
        try:
            command = snooze_reminder(action)
        except InvalidCommand:
            return ShowMessage(texts("course.bad_request"))
        ctx = self._ctx

        def work(unit: UnitOfWork) -> Answer:
            store, stored, directory = load(unit, command.reference, ctx)
            if stored is None:
                return Answer(message=texts("course.unknown_case"))
            if not may_act(actor, stored, directory, ctx.today()).allowed:
                return Answer(message=texts("course.not_on_case", reference=stored.reference))
            still_open = any(
                d.kind is command.kind and d.due == command.due
                for d in open_deadlines(stored.course, ctx.rules, ctx.calendar)
            )
            if not still_open:
                return Answer(message=texts("course.nudge.already_done"))
            role = Role.TOVHOLDER if actor == stored.tovholder else Role.COORDINATOR
            reminder = Reminder(
                stored.reference, command.kind, command.due, command.offset.split(":")[0],
                unit.now, role,
            )  # fmt: skip
            snoozed = snooze(reminder, unit.now, command.delay, ctx.calendar)
            key = f"course:{snoozed.reminder.key}"
            notice = nudge_notice(stored, snoozed.reminder, actor, f"{key}:{now_key(unit.now)}")
            queue_notice(unit, notice, directory=directory, calendar=ctx.calendar, zone=ctx.zone)
            planned = PlannedReminder(key, command.kind.value, command.due, snoozed.reminder.at)
            if key not in {p.key for p in store.planned(stored.id)}:
                store.plan(stored.id, [planned])
            audit(unit, actor, "course.snoozed", stored.reference, kind=command.kind.value)
            when = format_moment(snoozed.reminder.at, texts.language, now=unit.now)
            if snoozed.past_deadline:
                due = format_date(command.due, texts.language)
                return Answer(message=texts("course.nudge.snoozed_past", when=when, due=due))
            return Answer(message=texts("course.nudge.snoozed", when=when))

        return _outcome(await ctx.units.run(work))

    async def _coordinator_work(
        self, turn_context: TurnContext, action: CardAction, verb: str,
        change: Change,
    ) -> Outcome | None:  # fmt: skip
        actor, texts = await self._actor(turn_context)
        if actor is None:
            return ShowMessage(texts("course.unknown_user"))
        try:
            reference = open_case(action).reference
        except InvalidCommand:
            return ShowMessage(texts("course.bad_request"))
        ctx = self._ctx

        def work(unit: UnitOfWork) -> Answer:
            store, stored, directory = load(unit, reference, ctx)
            if stored is None:
                return Answer(message=texts("course.unknown_case"))
            if Role.COORDINATOR not in roles_of(actor, stored, directory, ctx.today()):
                audit(unit, actor, verb, stored.reference, "refused:not_coordinator")
                return Answer(message=texts("course.escalation.not_coordinator"))
            return change(unit, store, stored, directory, actor, texts)

        return _outcome(await ctx.units.run(work))

    async def on_nudge(self, turn_context: TurnContext, action: CardAction) -> Outcome | None:
        ctx = self._ctx

        def change(
            unit: UnitOfWork,
            store: CourseStore,
            stored: StoredCourse,
            directory: Directory,
            actor: PersonRef,
            texts: Texts,
        ) -> Answer:
            coming = open_deadlines(stored.course, ctx.rules, ctx.calendar)
            if coming:
                deadline = coming[0]
                reminder = Reminder(stored.reference, deadline.kind, deadline.due, "nudge",
                                    unit.now, Role.TOVHOLDER)  # fmt: skip
                key = f"course:{stored.reference}:nudge:{now_key(unit.now)}"
                notice = nudge_notice(stored, reminder, stored.tovholder, key)
                queue_notice(unit, notice, directory=directory, calendar=ctx.calendar,
                             zone=ctx.zone)  # fmt: skip
            audit(unit, actor, "course.nudged", stored.reference)
            return Answer(message=texts("course.escalation.nudged"))

        return await self._coordinator_work(turn_context, action, "course.nudged", change)

    async def on_take_over(self, turn_context: TurnContext, action: CardAction) -> Outcome | None:
        def change(
            unit: UnitOfWork,
            store: CourseStore,
            stored: StoredCourse,
            directory: Directory,
            actor: PersonRef,
            texts: Texts,
        ) -> Answer:
            return self._hand(unit, store, stored, directory, actor, actor, texts)

        return await self._coordinator_work(turn_context, action, "course.taken_over", change)

    async def on_hand_over(self, turn_context: TurnContext, action: CardAction) -> Outcome | None:
        texts = self._ctx.replies.texts(turn_context)
        try:
            command = hand_over(action)
        except InvalidCommand:
            return ShowMessage(texts("course.escalation.no_person"))
        new = PersonRef(command.tenant_id, command.aad_object_id)

        def change(
            unit: UnitOfWork,
            store: CourseStore,
            stored: StoredCourse,
            directory: Directory,
            actor: PersonRef,
            texts: Texts,
        ) -> Answer:
            person = directory.person(new)
            if person is None or person.organisation_id != stored.organisation_id:
                return Answer(message=texts("course.escalation.no_person"))
            return self._hand(unit, store, stored, directory, actor, new, texts)

        return await self._coordinator_work(turn_context, action, "course.handed_over", change)

    def _hand(
        self,
        unit: UnitOfWork,
        store: CourseStore,
        stored: StoredCourse,
        directory: Directory,
        actor: PersonRef,
        new: PersonRef,
        texts: Texts,
    ) -> Answer:
        """The course gets a new tovholder: the old one's reminders are cancelled and the new
        one's queued; the new tovholder is told what is due."""
        ctx = self._ctx
        tovholder_kinds = {k.value for k, role in RESPONSIBLE.items() if role is Role.TOVHOLDER}
        theirs = [p.key for p in store.planned(stored.id)
                  if p.kind in tovholder_kinds and ":overdue:" not in p.key]  # fmt: skip
        for key in theirs:
            unit.outbox.cancel(key)
        store.unplan(stored.id, theirs)
        saved = store.save(stored, stored.course, unit.now, tovholder=new,
                           meeting_at=stored.meeting_at)  # fmt: skip
        audit(unit, actor, "course.handed_over", saved.reference)
        after_change(ctx, unit, store, saved, directory)
        by = directory.person(actor)
        by_name = by.label if by is not None else ""

        def build(reader_texts: Texts, note: str | None) -> Content:
            view = course_view(ctx, saved, directory, reader_texts, viewer=new)
            card = handover_card(reader_texts, view, by_name)
            title = reader_texts("course.handover.title", reference=saved.reference)
            return Content(text=title, card=card)

        if new != actor:
            queue_notice(
                unit,
                Notice(f"{card_key(saved.reference)}:handover:{now_key(unit.now)}", new, build,
                       unit.now, automatic=False, card_key=card_key(saved.reference)),
                directory=directory, calendar=ctx.calendar, zone=ctx.zone,
            )  # fmt: skip
            name = directory.person(new)
            message = texts("course.escalation.handed_over", reference=saved.reference,
                            name=name.label if name else "")  # fmt: skip
        else:
            message = texts("course.escalation.taken_over", reference=saved.reference)
        return Answer(message=message)


__all__ = ["CourseActions"]
