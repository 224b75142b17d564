"""Coordinator sparring cards: the question card, the shared request card (one base version for
every chat it was posted to, and each viewer's own view with only the buttons they may press),
the relayed messages with a reply box, and the asker's and coordinator's lists."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from domain.sparring import Status, ViewerAction

from .common import (
    Element,
    adaptive_card,
    choice_set,
    container,
    fact_set,
    free_text_input,
    heading,
    submit,
    text,
    text_input,
    with_refresh,
)
from .texts import Texts

ASK_VERB: Final = "sparring.ask"
VIEW_VERB: Final = "sparring.view"
CLAIM_VERB: Final = "sparring.claim"
REPLY_VERB: Final = "sparring.reply"
FORWARD_VERB: Final = "sparring.forward"
DECLINE_VERB: Final = "sparring.decline"
PROPOSE_VERB: Final = "sparring.propose"
CLOSE_VERB: Final = "sparring.close"
VERBS: Final = (
    ASK_VERB,
    VIEW_VERB,
    CLAIM_VERB,
    REPLY_VERB,
    FORWARD_VERB,
    DECLINE_VERB,
    PROPOSE_VERB,
    CLOSE_VERB,
)
SECTORS: Final = ("region", "kommune", "other")
MAX_QUESTION: Final = 2000
MAX_CARD_ACTIONS: Final = 5
_TEXT_ACTIONS: Final = frozenset(
    {ViewerAction.ANSWER, ViewerAction.FOLLOW_UP, ViewerAction.FORWARD, ViewerAction.DECLINE}
)
_STATUS_COLOUR: Final = {
    Status.NEW: "attention",
    Status.FORWARDED: "attention",
    Status.CLAIMED: "accent",
    Status.ANSWERED: "good",
    Status.DECLINED: "warning",
    Status.CLOSED: "default",
}


@dataclass(frozen=True)
class Choice:
    value: str
    title: str


@dataclass(frozen=True)
class ThreadView:
    id: int
    status: Status
    question: str
    asker_name: str
    organisation_name: str
    case_reference: str | None = None
    sectors: tuple[str, ...] = ()
    urgency: str = "normal"
    claimer_name: str = ""
    proposal: str | None = None
    screening_verdict: str | None = None
    screening_level: int | None = None
    note: str | None = None  # e.g. "sent to the partner pool: all coordinators are absent"


@dataclass(frozen=True)
class ListRow:
    id: int
    status: Status
    question: str
    age: str
    claimer_name: str = ""


def ask_card(
    texts: Texts,
    *,
    owner: str,
    organisations: Sequence[Choice] = (),
    screening_id: str | None = None,
    screening_summary: str | None = None,
) -> Element:
    """The question, an optional case reference, the sectors, the urgency; the organisation only
    for someone who belongs to none (a GP, a street worker)."""
    body: list[Element] = [heading(texts("sparring.ask.title")), text(texts("sparring.ask.intro"))]
    if screening_summary:
        body.append(container([text(texts("sparring.ask.screening")), text(screening_summary)]))
    if organisations:
        body.append(
            choice_set(
                "organisation",
                texts("sparring.ask.organisation"),
                [(o.value, o.title) for o in organisations],
                required=True,
                error_message=texts("sparring.ask.organisation_missing"),
            )
        )
    question = free_text_input(
        texts, "question", texts("sparring.ask.question"), max_length=MAX_QUESTION, multiline=True
    )
    question.update(isRequired=True, errorMessage=texts("sparring.ask.question_missing"))
    body += [
        question,
        text_input(
            "case_reference",
            texts("sparring.ask.case_reference"),
            placeholder=texts("sparring.ask.case_reference_hint"),
            max_length=20,
        ),
        choice_set(
            "sectors",
            texts("sparring.ask.sectors"),
            [(s, texts(f"sparring.sector.{s}")) for s in SECTORS],
            multi=True,
        ),
        choice_set(
            "urgency",
            texts("sparring.ask.urgency"),
            [(u, texts(f"sparring.urgency.{u}")) for u in ("normal", "today")],
            value="normal",
            expanded=True,
        ),
    ]
    data = {"owner": owner, **({"screening_id": screening_id} if screening_id else {})}
    send = submit(texts("sparring.ask.send"), ASK_VERB, style="positive", with_inputs=True, **data)
    return adaptive_card(body, [send])


def _status_line(texts: Texts, view: ThreadView) -> str:
    if view.status in (Status.CLAIMED, Status.ANSWERED) and view.claimer_name:
        return texts(f"sparring.status.{view.status.value}_by", name=view.claimer_name)
    return texts(f"sparring.status.{view.status.value}")


def _body(texts: Texts, view: ThreadView) -> list[Element]:
    facts = [
        (texts("sparring.card.asker"), view.asker_name or "?"),
        (texts("sparring.card.pool"), view.organisation_name),
        (texts("sparring.card.urgency"), texts(f"sparring.urgency.{view.urgency}")),
    ]
    if view.case_reference:
        facts.append((texts("sparring.card.case_reference"), view.case_reference))
    if view.sectors:
        sectors = ", ".join(texts(f"sparring.sector.{s}") for s in view.sectors)
        facts.append((texts("sparring.card.sectors"), sectors))
    body = [
        heading(texts("sparring.card.title", id=view.id)),
        text(_status_line(texts, view), bold=True, color=_STATUS_COLOUR[view.status]),
        fact_set(facts),
        text(view.question),
    ]
    if view.screening_verdict:
        summary = screening_summary(texts, view.screening_verdict, view.screening_level)
        body.append(container([text(texts("sparring.ask.screening")), text(summary)]))
    if view.proposal:
        body.append(text(texts(f"sparring.proposal.{view.proposal}"), color="accent"))
    if view.note:
        body.append(text(view.note, subtle=True))
    return body


def screening_summary(texts: Texts, verdict: str, level: int | None) -> str:
    parts = [texts(f"screening.verdict.{verdict}")]
    if level is not None:
        parts.append(texts(f"screening.level.{level}"))
    return " ".join(parts)


def request_card(texts: Texts, view: ThreadView, *, viewers: Sequence[str] = ()) -> Element:
    """The shared version, posted to the pool's channel and every chat: status and question, and
    one button that shows the viewer's own actions (Teams fetches it by itself for ``viewers``)."""
    show = submit(texts("sparring.card.show_actions"), VIEW_VERB, thread=view.id)
    actions = [] if view.status in (Status.DECLINED, Status.CLOSED) else [show]
    card = adaptive_card(_body(texts, view), actions)
    return with_refresh(card, VIEW_VERB, viewers, thread=view.id)


def _button(texts: Texts, action: ViewerAction, thread: int) -> Element:
    title = texts(f"sparring.action.{action.value}")
    if action is ViewerAction.CLAIM:
        return submit(title, CLAIM_VERB, style="positive", thread=thread)
    if action in (ViewerAction.ANSWER, ViewerAction.FOLLOW_UP):
        return submit(title, REPLY_VERB, style="positive", with_inputs=True, thread=thread)
    if action is ViewerAction.FORWARD:
        return submit(title, FORWARD_VERB, with_inputs=True, thread=thread)
    if action is ViewerAction.DECLINE:
        return submit(title, DECLINE_VERB, style="destructive", with_inputs=True, thread=thread)
    if action in (ViewerAction.PROPOSE_LEVEL_2, ViewerAction.PROPOSE_LEVEL_3):
        level = 2 if action is ViewerAction.PROPOSE_LEVEL_2 else 3
        return submit(title, PROPOSE_VERB, with_inputs=True, thread=thread, level=level)
    return submit(title, CLOSE_VERB, thread=thread)


def viewer_card(
    texts: Texts,
    view: ThreadView,
    actions: Sequence[ViewerAction],
    *,
    viewers: Sequence[str] = (),
) -> Element:
    """One viewer's own view: the same card with only the buttons they may press."""
    body = _body(texts, view)
    if _TEXT_ACTIONS & set(actions):
        body.append(
            free_text_input(
                texts, "text", texts("sparring.card.text"), max_length=MAX_QUESTION, multiline=True
            )
        )
    if not actions:
        body.append(text(texts("sparring.card.no_actions"), subtle=True))
    buttons = [_button(texts, a, view.id) for a in actions]
    if len(buttons) > MAX_CARD_ACTIONS:  # Teams shows five; the rest go in the body
        split = len(buttons) - MAX_CARD_ACTIONS
        body.append({"type": "ActionSet", "actions": buttons[:split]})
        buttons = buttons[split:]
    card = adaptive_card(body, buttons)
    return with_refresh(card, VIEW_VERB, viewers, thread=view.id)


def relay_card(
    texts: Texts, *, thread: int, author: str, kind: str, message: str, as_asker: bool
) -> Element:
    """A message of the thread in the other side's personal chat, with a box to reply in.

    Replying here is how a typed answer is tied to its thread: every card names its thread."""
    body = [
        text(texts("sparring.relay.title", id=thread), subtle=True),
        text(texts(f"sparring.relay.{kind}", name=author), bold=True),
        text(message),
        free_text_input(
            texts, "text", texts("sparring.relay.reply"), max_length=MAX_QUESTION, multiline=True
        ),
    ]
    close = ViewerAction.RESOLVE if as_asker else ViewerAction.CLOSE
    actions = [
        submit(texts("sparring.relay.send"), REPLY_VERB, with_inputs=True, thread=thread),
        submit(texts(f"sparring.action.{close.value}"), CLOSE_VERB, thread=thread),
    ]
    return adaptive_card(body, actions)


def notice_card(texts: Texts, *, thread: int, message: str) -> Element:
    """A one-off notice about a thread (declined, closed, sent on, a reminder)."""
    return adaptive_card(
        [text(texts("sparring.relay.title", id=thread), subtle=True), text(message)]
    )


def list_card(texts: Texts, *, title: str, empty: str, rows: Sequence[ListRow]) -> Element:
    if not rows:
        return adaptive_card([heading(title), text(empty)])
    items: list[Element] = [heading(title)]
    for row in rows:
        status = texts(f"sparring.status.{row.status.value}")
        if row.claimer_name and row.status in (Status.CLAIMED, Status.ANSWERED):
            status = texts(f"sparring.status.{row.status.value}_by", name=row.claimer_name)
        excerpt = row.question if len(row.question) <= 80 else row.question[:79] + "…"
        items.append(
            container(
                [
                    text(texts("sparring.list.row", id=row.id, age=row.age), bold=True),
                    text(status, subtle=True),
                    text(excerpt),
                ],
                separator=True,
            )
        )
    return adaptive_card(items)
