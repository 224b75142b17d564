"""Creating a poll: "møde" opens the form (and the draft behind it, which belongs to whoever
typed it), "Foreslå tider" fills in free times, "Se oversigt" shows every understood time back
in the reader's language and saves the draft, "Send afstemningen" sends it out.

    møde ──▶ form ──(foreslå tider)──▶ form with times
                └──(se oversigt)──▶ overview ──(ret)──▶ form
                                        └──(send)──▶ vote cards, shared card, nudges queued

Every button names its draft; only the draft's owner may press it (``access.load``).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from cards.common import ATTENTION, GOOD, notice
from cards.meeting_forms import Preview, creation_card, preview_card, slot_example
from cards.meeting_polls import results_card
from cards.texts import Texts
from domain.directory import Action
from domain.directory.model import Directory
from domain.identity import PersonRef
from domain.ids import new_id
from domain.meetings.calendar_merge import proposal_window, propose_with_calendars
from domain.meetings.calendar_port import (
    CalendarPerson,
    CalendarUnknown,
    FreeBusy,
    UnknownReason,
)
from domain.meetings.drafting import (
    Invitable,
    SlotLine,
    busy_times,
    distinct_times,
    participants,
    read_slot_lines,
    suggested_place,
)
from domain.meetings.lifecycle import PollError
from domain.meetings.poll import DraftContent, Poll, PollPerson, PollStatus
from domain.timeparse import format_date, format_range
from storage.meetings import Origin
from storage.unit_of_work import UnitOfWork, Units

from ..reachability import not_reached, unreachable_names
from ..reply import Reply, refuse, show
from ..turn import Turn
from .access import Found, apply, load, refused, teams_participants
from .commands import DraftForm, FormFields, OpenDraft
from .context import MeetingsContext

MAX_CHOICES: Final = 100
CALENDAR_WAIT_SECONDS: Final = 6.0  # Teams shows an error when a card's answer takes ~10 s
_MENTION: Final = re.compile(r"<at>.*?</at>", re.IGNORECASE | re.DOTALL)


def _choice_value(ref: PersonRef) -> str:
    return f"{ref.tenant_id}|{ref.aad_object_id}"


@dataclass(frozen=True)
class _Known:
    """Whom the tovholder can pick (rosters the bot knows and the directory), most relevant
    first (their own organisation, then their own tenant, then the rest), and the directory."""

    choices: list[Invitable]
    directory: Directory
    tenants: frozenset[str]

    def me(self, actor: PersonRef, name: str) -> Invitable:
        person = self.directory.person(actor)
        return Invitable(actor, name, person.upn if person is not None else None)


def _relevance(directory: Directory, actor: PersonRef) -> Callable[[Invitable], tuple[int, str]]:
    mine = directory.person(actor)
    organisation = mine.organisation_id if mine is not None else None

    def order(candidate: Invitable) -> tuple[int, str]:
        listed = directory.person(candidate.person)
        if (
            organisation is not None
            and listed is not None
            and listed.organisation_id == organisation
        ):
            return 0, candidate.name.lower()
        if candidate.person.tenant_id == actor.tenant_id:
            return 1, candidate.name.lower()
        return 2, candidate.name.lower()

    return order


def _known(unit: UnitOfWork, actor: PersonRef) -> _Known:
    directory = unit.directory.snapshot()
    tenants = {actor.tenant_id} | {o.tenant_id for o in directory.organisations.values()}
    found = {
        c.person: Invitable(c.person, c.name, c.upn)
        for c in unit.meeting_people.in_rosters(sorted(tenants))
    }
    for person in directory.people:
        if person.ref is not None:
            found.setdefault(person.ref, Invitable(person.ref, person.label, person.upn))
    found.pop(actor, None)
    ordered = sorted(found.values(), key=_relevance(directory, actor))
    return _Known(ordered[:MAX_CHOICES], directory, frozenset(tenants))


def _picked(unit: UnitOfWork, known: _Known, refs: Sequence[PersonRef]) -> list[Invitable]:
    """The people behind ``refs`` the tovholder may invite, also those beyond ``known``'s first
    ``MAX_CHOICES`` (found by the pickers' search): in the directory or a roster of one of the
    tenants the form offers."""
    listed = {c.person: c for c in known.choices}
    wanted = [r for r in dict.fromkeys(refs) if r.tenant_id in known.tenants]
    missing = [r for r in wanted if r not in listed]
    if missing:
        for candidate in unit.meeting_people.by_refs(missing):
            listed.setdefault(
                candidate.person, Invitable(candidate.person, candidate.name, candidate.upn)
            )
        for ref in missing:
            person = known.directory.person(ref)
            if person is not None:
                listed.setdefault(ref, Invitable(ref, person.label, person.upn))
    return [listed[r] for r in wanted if r in listed]


def _choices(known: _Known) -> list[tuple[str, str]]:
    return [(_choice_value(c.person), c.name) for c in known.choices]


def _chosen(unit: UnitOfWork, known: _Known, form: FormFields) -> list[tuple[str, str]]:
    """(value, name) of everyone picked in the form, so the re-rendered form names them."""
    refs = [*form.picked("people"), *form.picked("optional")]
    return [(_choice_value(c.person), c.name) for c in _picked(unit, known, refs)]


class Creating:
    def __init__(self, units: Units, context: MeetingsContext) -> None:
        self._units = units
        self._ctx = context

    # Typed ---------------------------------------------------------------------------------------
    async def start(self, turn: Turn, argument: str) -> Reply:
        """``møde [titel]``: the form, with anyone @mentioned already picked."""
        actor = turn.actor
        if actor is None:
            return refuse(turn.texts("meetings.unknown_user"))
        # "møde Opfølgning @Bo Bertelsen": the mentions pick people; the rest is the title.
        title = " ".join(_MENTION.sub(" ", argument).split())[:200]

        def open_form(unit: UnitOfWork) -> Reply:
            known = _known(unit, actor)
            picked = [
                Invitable(c.person, c.name, c.upn)
                for c in unit.meeting_people.by_teams_id(list(turn.mentioned))
                if c.person != actor
            ]
            draft = Poll.draft(new_id(), actor, turn.name)
            origin = Origin(turn.teams_user_id, actor.tenant_id, turn.where.conversation_id)
            unit.polls.add(draft, origin, unit.now)
            values = {"title": title, "people": ",".join(_choice_value(c.person) for c in picked)}
            card = creation_card(
                turn.texts,
                draft.id,
                _choices(known),
                values,
                today=self._today(unit),
                chosen=[(_choice_value(c.person), c.name) for c in picked],
            )
            return show(card)

        return await self._units.run(open_form)

    # Clicked -------------------------------------------------------------------------------------
    def _own_draft(
        self, unit: UnitOfWork, turn: Turn, draft_id: str, audit_as: str, *, lock: bool = False
    ) -> Found | Reply:
        """The draft if the clicker opened the form and it has not gone out yet."""
        found = load(unit, turn, draft_id, Action.FINALISE_POLL, audit_as, lock=lock)
        if isinstance(found, Found) and found.poll.status is not PollStatus.DRAFT:
            return refuse(turn.texts("meetings.already_opened"))
        return found

    async def propose(self, turn: Turn, command: DraftForm) -> Reply:
        """ "Foreslå tider": free slots over the next working days, around the picked people's
        registered absences and, with Graph, the required participants' Outlook busy times
        (read outside the transaction), written into the form as text the tovholder can still
        edit; the form then says whose calendars were consulted and whose could not be."""
        asked = await self._units.run(lambda unit: self._calendar_people(unit, turn, command))
        if isinstance(asked, Reply):
            return asked
        free_busy: dict[str, FreeBusy] = {}
        if self._ctx.calendars is not None and asked:
            start, end = proposal_window(self._ctx.clock.now(), calendar=self._ctx.calendar)
            try:
                free_busy = await asyncio.wait_for(
                    self._ctx.calendars.free_busy(list(asked), start, end), CALENDAR_WAIT_SECONDS
                )
            except TimeoutError:  # a card must answer within seconds: propose without them
                slow = CalendarUnknown(UnknownReason.UNAVAILABLE, "slow")
                free_busy = {person.key: slow for person in asked}
        return await self._units.run(
            lambda unit: self._proposed(unit, turn, command, free_busy, asked)
        )

    def _calendar_people(
        self, unit: UnitOfWork, turn: Turn, command: DraftForm
    ) -> dict[CalendarPerson, str] | Reply:
        """Whose calendars to read (the tovholder and everyone picked), with their names; none
        without Graph."""
        found = self._own_draft(unit, turn, command.draft, "meetings.propose")
        if not isinstance(found, Found):
            return found
        if self._ctx.calendars is None:
            return {}
        tovholder = found.poll.tovholder
        known = _known(unit, tovholder)
        me = known.me(tovholder, found.poll.tovholder_name)
        if me.upn is None:  # not in the directory: the address a roster gave for the clicker
            rostered = unit.meeting_people.by_teams_id([turn.teams_user_id])
            upn = next((c.upn for c in rostered if c.person == tovholder and c.upn), turn.upn)
            me = Invitable(tovholder, me.name, upn)
        picked = _picked(unit, known, command.form.picked("people"))
        return {
            CalendarPerson(_choice_value(c.person), c.person.tenant_id, c.upn): c.name
            for c in [me, *picked]
        }

    def _proposed(
        self,
        unit: UnitOfWork,
        turn: Turn,
        command: DraftForm,
        free_busy: dict[str, FreeBusy],
        asked: dict[CalendarPerson, str],
    ) -> Reply:
        found = self._own_draft(unit, turn, command.draft, "meetings.propose")
        if not isinstance(found, Found):
            return found
        form, texts = command.form, turn.texts
        people = {found.poll.tovholder, *form.picked("people")}
        optional = {_choice_value(ref) for ref in form.picked("optional")}
        proposal = propose_with_calendars(
            unit.now,
            calendar=self._ctx.calendar,
            free_busy=free_busy,
            required={p.key for p in asked if p.key not in optional},
            minutes=form.meeting_minutes,
            busy=busy_times(people, found.directory.absences, self._ctx.zone),
            tz=self._ctx.zone,
        )
        slots = proposal.slots
        values = form.values()
        values["slots"] = "\n".join(
            format_range(s.start, s.end, texts.language, now=None) for s in slots
        )
        known = _known(unit, found.poll.tovholder)
        notes = [texts("meetings.proposals_added", count=len(slots))]
        if self._ctx.calendars is not None:
            names = {p.key: name for p, name in asked.items()}
            overview = proposal.calendars
            if overview.consulted:
                consulted = ", ".join(names[k] for k in overview.consulted)
                notes.append(texts("meetings.calendars_consulted", names=consulted))
            if overview.unknown:
                unknown = ", ".join(names[k] for k in overview.unknown_keys)
                notes.append(texts("meetings.calendars_unknown", names=unknown))
        return show(
            creation_card(
                texts,
                command.draft,
                _choices(known),
                values,
                notes,
                today=self._today(unit),
                chosen=_chosen(unit, known, form),
            )
        )

    def edit(self, unit: UnitOfWork, turn: Turn, command: DraftForm) -> Reply:
        found = self._own_draft(unit, turn, command.draft, "meetings.edit")
        if not isinstance(found, Found):
            return found
        known = _known(unit, found.poll.tovholder)
        return show(
            creation_card(
                turn.texts,
                command.draft,
                _choices(known),
                command.form.values(),
                today=self._today(unit),
                chosen=_chosen(unit, known, command.form),
            )
        )

    async def preview(self, turn: Turn, command: DraftForm) -> Reply:
        form = command.form
        # p99 of the time parser is above a millisecond: never on the event loop.
        lines = await asyncio.to_thread(
            read_slot_lines,
            form.slots,
            self._ctx.clock.now(),
            turn.texts.language,
            form.meeting_minutes,
        )
        return await self._units.run(lambda unit: self._save_draft(unit, turn, command, lines))

    def _save_draft(
        self, unit: UnitOfWork, turn: Turn, command: DraftForm, lines: Sequence[SlotLine]
    ) -> Reply:
        texts, form = turn.texts, command.form
        found = self._own_draft(unit, turn, command.draft, "meetings.preview", lock=True)
        if not isinstance(found, Found):
            return found
        draft = found.poll
        known = _known(unit, draft.tovholder)
        me = known.me(draft.tovholder, draft.tovholder_name)
        people = participants(
            me,
            form.picked("people"),
            set(form.picked("optional")),
            _picked(unit, known, form.picked("people")),
            form.citizen,
            form.others,
        )
        place, notes = self._place(texts, form, draft.tovholder, people, found.directory)
        content = DraftContent(
            title=form.title.strip()[:200] or (form.case_reference or ""),
            slots=tuple(distinct_times(lines)),
            people=people,
            case_reference=form.case_reference,
            location=place,
            agenda=form.agenda,
            citizen_points=form.citizen_points,
            answer_by=form.answer_by,
            show_answers=form.show_answers,
            minutes=form.meeting_minutes,
        )
        problems = [
            texts("meetings.not_understood", line=line.text, reason=self._reason(unit, texts, line))
            for line in lines
            if line.error
        ] + [texts(f"meetings.{code}") for code in content.problems(draft.tovholder)]
        preview = Preview(
            title=content.title,
            case_reference=content.case_reference,
            times=[format_range(s, e, texts.language) for s, e in content.slots],
            people=[_person_line(texts, p, draft.tovholder_name) for p in people],
            place=place,
            answer_by=format_date(form.answer_by, texts.language)
            if form.answer_by
            else texts("meetings.no_answer_by"),
            problems=problems,
            notes=notes,
        )
        card = preview_card(texts, command.draft, preview, form.values())
        if problems:  # nothing is saved until the poll could go out
            return show(card)
        saved = apply(unit, self._ctx, turn, found, draft.revise(content))
        return show(card) if isinstance(saved, Poll) else saved

    def _today(self, unit: UnitOfWork) -> date:
        return unit.now.astimezone(self._ctx.zone).date()

    def _reason(self, unit: UnitOfWork, texts: Texts, line: SlotLine) -> str:
        """Why a time line was not read: a meeting's own example (a coming day, from today)
        where the general hint would suggest "om 2 timer"."""
        if line.error in ("not_understood", "empty"):
            return texts(
                "meetings.slot_not_understood", example=slot_example(texts, self._today(unit))
            )
        return texts(f"time.error.{line.error}", **line.error_params)

    def _place(
        self,
        texts: Texts,
        form: FormFields,
        tovholder: PersonRef,
        people: Sequence[PollPerson],
        directory: Directory,
    ) -> tuple[str, list[str]]:
        typed = " ".join(form.location.split())[:300]
        if typed:
            return typed, []
        place, hospital = suggested_place(directory, tovholder, people, form.doctor)
        return place, [texts("meetings.hospital_suggested")] if hospital else []

    def open(self, unit: UnitOfWork, turn: Turn, command: OpenDraft) -> Reply:
        """Send the poll out: vote cards, the shared card here, nudges and the deadline queued."""
        texts = turn.texts
        found = load(unit, turn, command.draft, Action.FINALISE_POLL, "meetings.open", lock=True)
        if not isinstance(found, Found):
            return found
        try:
            change = found.poll.open()
        except PollError as error:
            return refused(unit, turn, found.poll, "meetings.open", error.code)
        poll = apply(unit, self._ctx, turn, found, change)
        if not isinstance(poll, Poll):
            return poll
        participants = teams_participants(poll)
        missing = unreachable_names(unit, participants)
        sent = len(participants) - len(missing)
        card = results_card(texts, poll, poll.ranking(), manage=True)
        card["body"].insert(1, notice(texts("meetings.opened", title=poll.title, count=sent), GOOD))
        if missing:
            card["body"].insert(2, notice(not_reached(texts, missing), ATTENTION))
        return show(card)


def _person_line(texts: Texts, person: PollPerson, tovholder: str) -> str:
    need = texts("meetings.required") if person.required else texts("meetings.optional")
    if person.by_proxy:
        return f"{person.name} ({need}; {texts('meetings.by_proxy', name=tovholder)})"
    return f"{person.name} ({need})"
