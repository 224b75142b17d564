"""Creating a poll: "møde" opens the form, "Foreslå tider" fills in free times, "Se oversigt"
shows every understood time back in the reader's language, "Send afstemningen" sends it out.

    møde ──▶ form ──(foreslå tider)──▶ form with times
                └──(se oversigt)──▶ overview ──(ret)──▶ form
                                        └──(send)──▶ vote cards, shared card, nudges queued
"""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from botbuilder.core import TurnContext
from botbuilder.schema import Activity

from cards.meeting_forms import FORM_FIELDS, Preview, creation_card, preview_card
from cards.meeting_polls import results_card
from cards.texts import Texts
from domain.directory import Action, authorise
from domain.directory.model import Directory, OrgKind
from domain.identity import PersonRef
from domain.meetings import propose_slots, whole_days
from domain.meetings.drafting import (
    distinct_times,
    read_people_lines,
    read_slot_lines,
    suggest_location,
)
from domain.meetings.poll import PersonKind, PollPerson, PollStatus
from domain.timeparse import format_date, format_range
from storage.directory import DirectoryStore
from storage.meeting_people import Candidate, members_by_teams_id, roster_people
from storage.meetings import Draft, Polls
from storage.unit_of_work import UnitOfWork

from ..actions import CardAction
from ..directory.identity import actor_of, name_of
from ..outcomes import Outcome, ShowCard, ShowMessage
from .commands import Form, InvalidCommand, form
from .context import MeetingsContext
from .notices import post_shared_card, queue_deadline, queue_nudges, send_vote_cards


@dataclass(frozen=True)
class _Known:
    choices: list[Candidate]
    directory: Directory


_MENTION = re.compile(r"<at>.*?</at>", re.IGNORECASE | re.DOTALL)


def _choice_value(ref: PersonRef) -> str:
    return f"{ref.tenant_id}|{ref.aad_object_id}"


class Creating:
    def __init__(self, context: MeetingsContext) -> None:
        self._ctx = context

    def _known(self, unit: UnitOfWork, actor: PersonRef) -> _Known:
        directory = DirectoryStore(unit.session, unit.now).snapshot()
        tenants = {actor.tenant_id} | {o.tenant_id for o in directory.organisations.values()}
        found = {c.person: c for c in roster_people(unit.session, sorted(tenants))}
        for person in directory.people:
            if person.ref is not None:
                found.setdefault(person.ref, Candidate(person.ref, person.label, person.upn))
        found.pop(actor, None)
        return _Known(sorted(found.values(), key=lambda c: c.name.lower())[:100], directory)

    async def start(self, turn_context: TurnContext, argument: str) -> None:
        """``møde [titel]``: the form, with anyone @mentioned already picked."""
        actor = actor_of(turn_context.activity)
        texts = self._ctx.replies.texts(turn_context)
        if actor is None:
            await turn_context.send_activity(texts("meetings.unknown_user"))
            return
        mentioned = _mentioned_ids(turn_context.activity)

        def load(unit: UnitOfWork) -> tuple[_Known, list[Candidate]]:
            return self._known(unit, actor), members_by_teams_id(unit.session, mentioned)

        known, picked = await self._ctx.run(load)
        picked = [c for c in picked if c.person != actor]
        # "møde Opfølgning @Bo Bertelsen": the mentions pick people; the rest is the title.
        title = " ".join(_MENTION.sub(" ", argument).split())[:200]
        values = {"title": title, "people": ",".join(_choice_value(c.person) for c in picked)}
        card = creation_card(texts, uuid.uuid4().hex, _choices(known, picked), values)
        await self._ctx.replies.card(turn_context, card)

    async def on_propose(self, turn_context: TurnContext, action: CardAction) -> Outcome:
        """ "Foreslå tider": free slots over the next working days, around picked people's
        registered absences, written into the form as text the tovholder can still edit."""
        texts = self._ctx.replies.texts(turn_context)
        actor = actor_of(turn_context.activity)
        command = form(action, FORM_FIELDS)
        if actor is None:
            return ShowMessage(texts("meetings.unknown_user"))
        known = await self._ctx.run(lambda unit: self._known(unit, actor))
        people = {actor, *command.picked("people")}
        busy = {
            a.person.aad_object_id + str(n): [whole_days(a.starts_on, a.ends_on, self._ctx.zone)]
            for n, a in enumerate(known.directory.absences)
            if a.person in people
        }
        now = self._ctx.clock.now()
        slots = propose_slots(
            now,
            calendar=self._ctx.calendar,
            minutes=command.minutes,
            busy=busy,
            tz=self._ctx.zone,
        )
        values = dict(command.values)
        values["slots"] = "\n".join(
            format_range(s.start, s.end, texts.language, now=None) for s in slots
        )
        notes = [texts("meetings.proposals_added", count=len(slots))]
        return ShowCard(creation_card(texts, command.draft_id, _choices(known, []), values, notes))

    async def on_edit(self, turn_context: TurnContext, action: CardAction) -> Outcome:
        texts = self._ctx.replies.texts(turn_context)
        actor = actor_of(turn_context.activity)
        if actor is None:
            return ShowMessage(texts("meetings.unknown_user"))
        command = form(action, FORM_FIELDS)
        known = await self._ctx.run(lambda unit: self._known(unit, actor))
        return ShowCard(creation_card(texts, command.draft_id, _choices(known, []), command.values))

    async def on_preview(self, turn_context: TurnContext, action: CardAction) -> Outcome:
        texts = self._ctx.replies.texts(turn_context)
        actor = actor_of(turn_context.activity)
        if actor is None:
            return ShowMessage(texts("meetings.unknown_user"))
        command = form(action, FORM_FIELDS)
        now = self._ctx.clock.now()
        lines = await asyncio.to_thread(
            read_slot_lines, command.values.get("slots", ""), now, texts.language, command.minutes
        )
        activity = turn_context.activity
        tovholder_name = name_of(activity)

        def draft(unit: UnitOfWork) -> tuple[Preview, bool]:
            known = self._known(unit, actor)
            people = _people(texts, command, actor, tovholder_name, known)
            place, notes = _place(texts, command, actor, people, known.directory)
            times = distinct_times(lines)
            problems = [
                texts(
                    "meetings.not_understood",
                    line=line.text,
                    reason=texts(f"time.error.{line.error}"),
                )
                for line in lines
                if line.error
            ]
            title = command.values.get("title", "").strip() or (command.case_reference or "")
            if not title:
                problems.append(texts("meetings.no_title"))
            if not times:
                problems.append(texts("meetings.no_times"))
            if not any(p.person not in (None, actor) for p in people):
                problems.append(texts("meetings.no_people"))
            preview = Preview(
                title=title,
                case_reference=command.case_reference,
                times=[format_range(s, e, texts.language) for s, e in times],
                people=[_person_line(texts, p, tovholder_name) for p in people],
                place=place,
                answer_by=format_date(command.answer_by, texts.language)
                if command.answer_by
                else texts("meetings.no_answer_by"),
                problems=problems,
                notes=notes,
            )
            if problems:
                return preview, True
            saved = Polls(unit.session).save_draft(
                Draft(
                    id=command.draft_id,
                    title=title,
                    tovholder=actor,
                    tovholder_teams_user_id=activity.from_property.id,
                    tovholder_name=tovholder_name,
                    origin_tenant_id=actor.tenant_id,
                    origin_conversation_id=activity.conversation.id,
                    slots=times,
                    people=people,
                    case_reference=command.case_reference,
                    location=place,
                    agenda=command.values.get("agenda", ""),
                    citizen_points=command.values.get("citizen_points", ""),
                    answer_by=command.answer_by,
                    show_answers=command.flag("show_answers"),
                    minutes=command.minutes,
                ),
                unit.now,
            )
            return preview, saved

        preview, saved = await self._ctx.run(draft)
        if not saved:
            return ShowMessage(texts("meetings.already_opened"))
        return ShowCard(preview_card(texts, command.draft_id, preview, command.values))

    async def on_open(self, turn_context: TurnContext, action: CardAction) -> Outcome:
        """Send the poll out: vote cards, the shared card here, nudges and the deadline queued."""
        texts = self._ctx.replies.texts(turn_context)
        actor = actor_of(turn_context.activity)
        try:
            draft_id = form(action, ()).draft_id
        except InvalidCommand:
            return ShowMessage(texts("common.invalid_action"))

        def open_poll(unit: UnitOfWork) -> Outcome:
            polls = Polls(unit.session)
            polls.lock(draft_id)
            poll = polls.get(draft_id)
            if poll is None:
                return ShowMessage(texts("meetings.unknown_poll"))
            directory = DirectoryStore(unit.session, unit.now).snapshot()
            decision = authorise(actor, Action.FINALISE_POLL, poll.subject, directory)
            if not decision.allowed:
                self._ctx.audit(
                    unit, actor, "meetings.open", poll.id, outcome=f"refused:{decision.reason_code}"
                )
                return ShowMessage(texts("meetings.not_tovholder"))
            if poll.status is not PollStatus.DRAFT:
                return ShowMessage(texts("meetings.already_opened"))
            polls.set_status(poll.id, PollStatus.OPEN, unit.now)
            poll, origin = polls.get(draft_id), polls.origin(draft_id)
            if poll is None or origin is None:
                return ShowMessage(texts("meetings.unknown_poll"))
            sent = send_vote_cards(unit, poll)
            post_shared_card(unit, poll, origin, texts.language)
            queue_nudges(unit, self._ctx, poll)
            queue_deadline(unit, self._ctx, poll, directory)
            self._ctx.audit(
                unit,
                actor,
                "meetings.opened",
                poll.id,
                case_reference=poll.case_reference,
                slots=len(poll.slots),
                participants=len(poll.people),
            )
            card = results_card(texts, poll, poll.ranking(), manage=True)
            card["body"].insert(
                1,
                {
                    "type": "TextBlock",
                    "wrap": True,
                    "color": "Good",
                    "text": texts("meetings.opened", title=poll.title, count=sent),
                },
            )
            return ShowCard(card)

        return await self._ctx.run(open_poll)


def _mentioned_ids(activity: Activity) -> list[str]:
    """The Teams ids of the people @mentioned in the message (the bot's own is ignored later)."""
    ids: list[str] = []
    for entity in activity.entities or []:
        mentioned = (entity.additional_properties or {}).get("mentioned")
        if (
            entity.type == "mention"
            and isinstance(mentioned, Mapping)
            and isinstance(mentioned.get("id"), str)
        ):
            ids.append(mentioned["id"])
    return ids


def _choices(known: _Known, picked: Sequence[Candidate]) -> list[tuple[str, str]]:
    everyone = {c.person: c for c in [*picked, *known.choices]}
    return [(_choice_value(c.person), c.name) for c in everyone.values()]


def _people(
    texts: Texts, command: Form, actor: PersonRef, actor_name: str, known: _Known
) -> list[PollPerson]:
    """The tovholder and the citizen (required), the picked Teams users, the others by name."""
    names = {c.person: c for c in known.choices}
    optional = set(command.picked("optional"))
    people = [
        PollPerson("p1", actor_name or "?", PersonKind.TEAMS, True, actor, _upn(known, actor))
    ]
    for ref in dict.fromkeys(command.picked("people")):
        if ref == actor or ref not in names:
            continue
        people.append(
            PollPerson(
                f"p{len(people) + 1}",
                names[ref].name,
                PersonKind.TEAMS,
                ref not in optional,
                ref,
                names[ref].upn,
            )
        )
    citizen = " ".join(command.values.get("citizen", "").split())[:200]
    if citizen:
        people.append(PollPerson(f"p{len(people) + 1}", citizen, PersonKind.CITIZEN, True))
    for named in read_people_lines(command.values.get("others", "")):
        people.append(
            PollPerson(f"p{len(people) + 1}", named.name, PersonKind.PROXY, named.required)
        )
    return people[:40]


def _upn(known: _Known, ref: PersonRef) -> str | None:
    person = known.directory.person(ref)
    return person.upn if person is not None else None


def _place(
    texts: Texts,
    command: Form,
    actor: PersonRef,
    people: Sequence[PollPerson],
    directory: Directory,
) -> tuple[str, list[str]]:
    typed = " ".join(command.values.get("location", "").split())[:300]
    if typed:
        return typed, []
    me = directory.person(actor)
    own = directory.organisation(me.organisation_id if me else None)
    hospital = next(
        (
            o.name
            for p in people
            if p.person is not None
            and (person := directory.person(p.person)) is not None
            and (o := directory.organisation(person.organisation_id)) is not None
            and o.kind is OrgKind.REGION
        ),
        None,
    )
    doctor = command.flag("doctor")
    place = suggest_location(own.name if own else "", hospital, doctor)
    notes = (
        [texts("meetings.hospital_suggested")] if doctor and hospital and place == hospital else []
    )
    return place, notes


def _person_line(texts: Texts, person: PollPerson, tovholder: str) -> str:
    need = texts("meetings.required") if person.required else texts("meetings.optional")
    if person.by_proxy:
        return f"{person.name} ({need}; {texts('meetings.by_proxy', name=tovholder)})"
    return f"{person.name} ({need})"
