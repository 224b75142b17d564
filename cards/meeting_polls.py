"""The cards of a running meeting poll: voting, the shared overview, the tovholder's results,
the confirmation with its calendar link, and a moved or cancelled meeting."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Final

from domain.meetings.event_text import EventHeadings
from domain.meetings.poll import Objections, Poll, PollPerson, PollStatus, TimeSlot
from domain.meetings.ranking import Answer, RankedSlot, Ranking, Reason, SlotVerdict
from domain.timeparse import format_range

from .common import (
    ATTENTION,
    GOOD,
    Element,
    adaptive_card,
    bullet_list,
    choice_set,
    fact_set,
    free_text_input,
    heading,
    notice,
    submit,
    text,
    text_input,
)
from .texts import Texts

VOTE_VERB: Final = "meetings.vote"
RESULTS_VERB: Final = "meetings.results"
PROXY_VERB: Final = "meetings.proxy"
FINALISE_VERB: Final = "meetings.finalise"
REPROPOSE_VERB: Final = "meetings.repropose"
INPUT_VERB: Final = "meetings.input"
MOVE_VERB: Final = "meetings.move"
CANCEL_VERB: Final = "meetings.cancel"
ANSWERS: Final = (Answer.YES, Answer.IF_NEED_BE, Answer.NO)


def when(texts: Texts, slot: TimeSlot, now: datetime | None = None) -> str:
    return format_range(slot.start, slot.end, texts.language, now=now)


def _names(people: Sequence[PollPerson]) -> str:
    return ", ".join(p.name for p in people)


def vote_card(
    texts: Texts,
    poll: Poll,
    person: PollPerson,
    *,
    proxy: bool = False,
    saved: bool = False,
    missing: bool = False,
) -> Element:
    """Yes / if need be / no per slot and a short note; sent again with the answers filled in."""
    t = texts
    title = (
        t("meetings.vote_title_proxy", name=person.name, title=poll.title)
        if proxy
        else t("meetings.vote_title", title=poll.title)
    )
    answers = poll.votes.get(person.key, {})
    body: list[Element] = [
        heading(title),
        text(t("meetings.vote_from", name=poll.tovholder_name), subtle=True),
        text(
            t("meetings.vote_intro_proxy", name=person.name) if proxy else t("meetings.vote_intro")
        ),
    ]
    if saved:
        body.append(
            notice(
                t("meetings.vote_saved_proxy", name=person.name)
                if proxy
                else t("meetings.vote_saved"),
                GOOD,
            )
        )
    if missing:
        body.append(notice(t("meetings.vote_missing"), ATTENTION))
    choices = [(a.value, t(f"meetings.answer_{a.value}")) for a in ANSWERS]
    for slot in poll.current_slots:
        chosen = answers.get(slot.key)
        body.append(
            choice_set(
                f"a_{slot.key}",
                when(t, slot),
                choices,
                value=chosen.value if chosen else None,
                expanded=True,
            )
        )
    note = free_text_input(t, "note", t("meetings.note_label"), max_length=300)
    if poll.notes.get(person.key):
        note["value"] = poll.notes[person.key]
    body.append(note)
    action = submit(
        t("meetings.vote_send"),
        VOTE_VERB,
        style="positive",
        with_inputs=True,
        poll=poll.id,
        participant=person.key,
        round=poll.round,
    )
    if proxy:  # the tovholder's way back to the poll's results, where she decides
        return adaptive_card(
            body, [action, submit(t("meetings.results"), RESULTS_VERB, poll=poll.id)]
        )
    return adaptive_card(body, [action])


def decision(texts: Texts, poll: Poll) -> str | None:
    """What was decided, with the time: fixed, moved or cancelled (None while the poll runs)."""
    slot = poll.slot(poll.chosen_slot)
    if slot is None:
        return None
    if poll.status is PollStatus.CANCELLED:
        return texts("meetings.decided_cancelled", time=when(texts, slot))
    if poll.status is PollStatus.FINALISED:
        key = "meetings.decided_moved" if poll.sequence > 0 else "meetings.decided_finalised"
        return texts(key, time=when(texts, slot))
    return None


def closed_vote_card(texts: Texts, poll: Poll, person: PollPerson) -> Element:
    """A vote card once the meeting is decided (or moved, or cancelled): the decision, the
    person's own answers, and no button left to press."""
    t = texts
    answers = poll.votes.get(person.key, {})
    body: list[Element] = [
        heading(t("meetings.vote_title", title=poll.title)),
        text(t("meetings.vote_from", name=poll.tovholder_name), subtle=True),
        text(t("meetings.vote_closed_intro")),
    ]
    if (decided := decision(t, poll)) is not None:
        body.append(text(decided, bold=True))
    facts = []
    for slot in poll.current_slots:
        answer = answers.get(slot.key)
        facts.append(
            (
                when(t, slot),
                t(f"meetings.answer_{answer.value}") if answer else t("meetings.unanswered"),
            )
        )
    body.append(text(t("meetings.your_answers"), bold=True))
    body.append(fact_set(facts))
    if note := poll.notes.get(person.key):
        body.append(text(note, subtle=True))
    return adaptive_card(body)


def explanation(texts: Texts, poll: Poll, entry: RankedSlot) -> str:
    if entry.verdict is SlotVerdict.ALL_REQUIRED_CAN:
        return texts("meetings.explain_all_required", can=entry.can_come, total=entry.participants)
    if entry.verdict is SlotVerdict.REQUIRED_SAID_NO:
        people = [p for p in poll.people if p.key in entry.required_no]
        return texts("meetings.explain_required_no", names=_names(people))
    people = [p for p in poll.people if p.key in entry.required_unanswered]
    return texts("meetings.explain_waiting", names=_names(people))


def shared_card(texts: Texts, poll: Poll, ranking: Ranking | None) -> Element:
    """Who has answered, for everyone in the chat; the answers too if the tovholder chose so."""
    t = texts
    answered = [p for p in poll.people if poll.has_answered(p.key)]
    body: list[Element] = [
        heading(t("meetings.shared_title", title=poll.title)),
        text(t("meetings.shared_answered", answered=len(answered), total=len(poll.people))),
        bullet_list(
            t("meetings.shared_answered_line", name=p.name)
            if p in answered
            else t("meetings.shared_waiting_line", name=p.name)
            for p in poll.people
        ),
    ]
    chosen = poll.slot(poll.chosen_slot)
    if poll.status is PollStatus.FINALISED and chosen is not None:
        body.append(text(t("meetings.shared_finalised", time=when(t, chosen)), bold=True))
    elif poll.status is PollStatus.CANCELLED:
        body.append(text(t("meetings.shared_cancelled"), bold=True))
    elif ranking is not None and poll.show_answers:
        body.append(_ranking_lines(t, poll, ranking))
    actions = [submit(t("meetings.results"), RESULTS_VERB, poll=poll.id)]
    return adaptive_card(body, actions)


def _ranking_lines(texts: Texts, poll: Poll, ranking: Ranking) -> Element:
    ends = {s.key: s.end for s in poll.slots}
    return bullet_list(
        texts(
            "meetings.slot_line",
            time=format_range(e.slot.start, ends.get(e.slot.id), texts.language),
            explanation=explanation(texts, poll, e),
        )
        for e in ranking.entries
    )


def results_card(texts: Texts, poll: Poll, ranking: Ranking, *, manage: bool) -> Element:
    """The ranking with its explanation; for the tovholder (``manage``) the controls."""
    t = texts
    body: list[Element] = [heading(t("meetings.results_title", title=poll.title))]
    body.append(_ranking_lines(t, poll, ranking))
    recommended = poll.slot(ranking.recommended)
    if (decided := decision(t, poll)) is not None:
        body.append(text(decided, bold=True))
    elif recommended is not None:
        top = ranking.entries[0]
        body.append(
            notice(
                t(
                    "meetings.recommended",
                    time=when(t, recommended),
                    can=top.can_come,
                    total=top.participants,
                ),
                GOOD,
            )
        )
    elif ranking.reason is Reason.WAITING_FOR:
        waiting = [p for p in poll.people if p.key in ranking.waiting_for]
        body.append(text(t("meetings.waiting_for", names=_names(waiting))))
    else:
        body.append(notice(t("meetings.no_slot"), ATTENTION))
    actions: list[Element] = []
    if manage and poll.status is PollStatus.OPEN:
        slots = [(s.key, when(t, s)) for s in poll.current_slots]
        body.append(
            choice_set(
                "slot",
                t("meetings.choose_slot"),
                slots,
                value=ranking.recommended,
                required=True,
                error_message=t("meetings.choose_slot"),
            )
        )
        actions.append(
            submit(
                t("meetings.finalise"),
                FINALISE_VERB,
                style="positive",
                with_inputs=True,
                poll=poll.id,
            )
        )
        if ranking.reason is Reason.NO_SLOT_FOR_ALL_REQUIRED:
            actions.append(submit(t("meetings.new_proposals"), REPROPOSE_VERB, poll=poll.id))
        for person in poll.people:
            if person.by_proxy:
                actions.append(
                    submit(
                        t("meetings.answer_for", name=person.name),
                        PROXY_VERB,
                        poll=poll.id,
                        participant=person.key,
                    )
                )
    elif manage and poll.status is PollStatus.FINALISED:
        body.append(text_input("new_time", t("meetings.move_label")))
        actions += [
            submit(t("meetings.move"), MOVE_VERB, with_inputs=True, poll=poll.id),
            submit(t("meetings.cancel"), CANCEL_VERB, style="destructive", poll=poll.id),
        ]
    actions.append(submit(t("meetings.refresh"), RESULTS_VERB, poll=poll.id))
    return adaptive_card(body, actions)


def confirm_finalise_card(
    texts: Texts, poll: Poll, slot: TimeSlot, objections: Objections
) -> Element:
    """Fix the time anyway? Who (required) said no to it, who has not answered it."""
    t = texts
    body = [heading(t("meetings.confirm_title"))]
    for key, people in (
        ("meetings.confirm_text", objections.said_no),
        ("meetings.confirm_unanswered", objections.not_answered),
    ):
        if people:
            body.append(text(t(key, names=_names(people), time=when(t, slot))))
    actions = [
        submit(
            t("meetings.confirm"),
            FINALISE_VERB,
            style="positive",
            poll=poll.id,
            slot=slot.key,
            confirmed=True,
        ),
        submit(t("meetings.back"), RESULTS_VERB, poll=poll.id),
    ]
    return adaptive_card(body, actions)


def confirmation_card(
    texts: Texts,
    poll: Poll,
    slot: TimeSlot,
    calendar_url: str | None,
    *,
    ask_input: bool,
    note: str | None = None,
) -> Element:
    """The meeting is set: when, where, the agenda, and the "add to calendar" link."""
    t = texts
    body: list[Element] = [heading(t("meetings.confirmation_title", title=poll.title))]
    if note:
        body.append(text(note, subtle=True))
    body.append(
        fact_set(
            [
                (t("meetings.confirmation_time"), when(t, slot)),
                (t("meetings.confirmation_place"), poll.location or "–"),
            ]
        )
    )
    body += _agenda(t, poll)
    actions: list[Element] = []
    if calendar_url:
        actions.append(_open_url(t("meetings.add_to_calendar"), calendar_url))
    else:
        body.append(text(t("meetings.no_calendar_link"), subtle=True))
    if ask_input:
        body += [
            text(t("meetings.input_ask", name=poll.tovholder_name)),
            free_text_input(t, "input", t("meetings.input_label"), multiline=True, max_length=1000),
        ]
        actions.append(submit(t("meetings.input_send"), INPUT_VERB, with_inputs=True, poll=poll.id))
    return adaptive_card(body, actions)


def changed_card(
    texts: Texts, poll: Poll, slot: TimeSlot, calendar_url: str | None, *, cancelled: bool
) -> Element:
    t = texts
    if cancelled:
        body = [
            heading(t("meetings.cancelled_title", title=poll.title)),
            text(t("meetings.cancelled_text", time=when(t, slot))),
        ]
        label = t("meetings.remove_from_calendar")
    else:
        body = [
            heading(t("meetings.moved_title", title=poll.title)),
            text(t("meetings.moved_text", time=when(t, slot))),
        ]
        label = t("meetings.add_to_calendar")
    actions = [_open_url(label, calendar_url)] if calendar_url else []
    return adaptive_card(body, actions)


def _agenda(texts: Texts, poll: Poll) -> list[Element]:
    parts: list[Element] = []
    for key, value in (
        ("meetings.confirmation_agenda", poll.agenda),
        ("meetings.confirmation_citizen_points", poll.citizen_points),
    ):
        lines = [line.strip() for line in value.splitlines() if line.strip()]
        if lines:
            parts += [text(texts(key), bold=True), bullet_list(lines)]
    return parts


def invitation_headings(texts: Texts) -> EventHeadings:
    """The headings of the `.ics` invitation's description in ``texts``' language."""
    return EventHeadings(
        case=texts("meetings.event_case"),
        agenda=texts("meetings.event_agenda"),
        citizen_points=texts("meetings.event_citizen_points"),
    )


def _open_url(title: str, url: str) -> Element:
    return {"type": "Action.OpenUrl", "title": title, "url": url}


def notice_card(texts: Texts, poll: Poll, message: str) -> Element:
    """A short notice to the tovholder with the way to the results."""
    return adaptive_card(
        [text(message)], [submit(texts("meetings.results"), RESULTS_VERB, poll=poll.id)]
    )
