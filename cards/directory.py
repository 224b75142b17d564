"""Who is who in chat: the organisation picker, the pools an admin manages (with a confirmation
card), the absence card, and the line a substitute sees ("for Anna, who is absent until 5/12")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Final

from domain.directory import Routing, RoutingReason

from .common import (
    Element,
    adaptive_card,
    choice_set,
    container,
    fact_set,
    heading,
    identified,
    row_with_button,
    submit,
    text,
)
from .pickers import DIRECTORY_PEOPLE, person_picker
from .texts import Texts

CHOOSE_ORGANISATION_VERB: Final = "directory.organisation.choose"
PROPOSE_CHANGE_VERB: Final = "directory.change.propose"
CONFIRM_CHANGE_VERB: Final = "directory.change.confirm"
CANCEL_CHANGE_VERB: Final = "directory.change.cancel"
REGISTER_ABSENCE_VERB: Final = "directory.absence.register"
REMOVE_ABSENCE_VERB: Final = "directory.absence.remove"
CHANGES: Final = ("coordinator", "backup", "remove", "admin")
NO_SUBSTITUTE: Final = "none"


@dataclass(frozen=True)
class OrganisationChoice:
    id: str
    name: str
    kind: str  # region | kommune


@dataclass(frozen=True)
class PersonChoice:
    id: str
    label: str  # in a list: the name and the organisation
    name: str = ""  # in a sentence that names the organisation itself

    @property
    def in_a_sentence(self) -> str:
        return self.name or self.label


@dataclass(frozen=True)
class AbsenceRow:
    """One of the reader's absences on the absence card."""

    id: int
    first: date
    last: date
    substitute: str | None = None  # the substitute's name


@dataclass(frozen=True)
class PoolView:
    organisation: OrganisationChoice
    coordinators: list[str] = field(default_factory=list)
    backups: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    has_channel: bool = False
    channel: str | None = None  # the channel's name, when the bot is installed there


def day_text(day: date) -> str:
    """Danish short form, as people write it: 5/12."""
    return f"{day.day}/{day.month}"


def on_behalf_line(texts: Texts, name: str, until: date) -> str:
    """The line above a message that reaches a substitute or a pool colleague instead."""
    return texts("directory.on_behalf", name=name, until=day_text(until))


def routing_note(texts: Texts, routing: Routing, *, name: str, organisation: str) -> str | None:
    """Why a message reached this reader instead of ``name`` (None if it reached them directly).

    ``organisation`` is the absent person's organisation, named when a partner pool stands in.
    """
    if routing.on_behalf_of is None or routing.absent_until is None:
        return None
    until = day_text(routing.absent_until)
    if routing.reason is RoutingReason.PARTNER_POOL:
        return texts("directory.partner_pool", name=name, organisation=organisation, until=until)
    return texts("directory.on_behalf", name=name, until=until)


def _organisation_title(texts: Texts, organisation: OrganisationChoice) -> str:
    return f"{organisation.name} ({texts(f'directory.kind.{organisation.kind}')})"


def organisation_card(
    texts: Texts,
    organisations: Sequence[OrganisationChoice],
    *,
    owner: str,
    current: OrganisationChoice | None = None,
    then: str = "",
) -> Element:
    intro = (
        texts("directory.current", organisation=current.name)
        if current
        else texts("directory.pick_intro")
    )
    picker = choice_set(
        "organisation",
        texts("directory.pick_label"),
        [(o.id, _organisation_title(texts, o)) for o in organisations],
        value=current.id if current else None,
        expanded=len(organisations) <= 6,
        required=True,
        error_message=texts("directory.pick_required"),
    )
    action = submit(
        texts("directory.pick_button"),
        CHOOSE_ORGANISATION_VERB,
        style="positive",
        with_inputs=True,
        owner=owner,
        then=then,
    )
    return adaptive_card([heading(texts("directory.pick_title")), text(intro), picker], [action])


def _pool(texts: Texts, pool: PoolView) -> Element:
    nobody = texts("directory.pools.nobody")
    facts = [
        (texts("directory.pools.coordinators"), ", ".join(pool.coordinators) or nobody),
        (texts("directory.pools.backups"), ", ".join(pool.backups) or nobody),
        (texts("directory.pools.partners"), ", ".join(pool.partners) or nobody),
    ]
    if not pool.has_channel:
        where = texts("directory.pools.channel_none")
    else:
        where = pool.channel or texts("directory.pools.channel_not_installed")
    facts.append((texts("directory.pools.channel"), where))
    title = _organisation_title(texts, pool.organisation)
    return container([text(title, bold=True), fact_set(facts)], separator=True)


def pools_card(
    texts: Texts,
    pools: Sequence[PoolView],
    people: Sequence[PersonChoice],
    *,
    owner: str,
) -> Element:
    """The pools, and the form to change one; ``people`` are the most relevant first (the
    person picker searches the whole directory as the administrator types, and lists the first
    few for clients without search)."""
    organisations = [(p.organisation.id, p.organisation.name) for p in pools]
    form = container(
        [
            text(texts("directory.pools.manage_title"), bold=True),
            person_picker(
                "person",
                texts("directory.pools.person"),
                DIRECTORY_PEOPLE,
                [(p.id, p.label) for p in people],
                placeholder=texts("directory.pools.person_placeholder"),
                required=True,
                error_message=texts("directory.pools.choose"),
            ),
            choice_set(
                "change",
                texts("directory.pools.change"),
                [(c, texts(f"directory.change.{c}")) for c in CHANGES],
                required=True,
                error_message=texts("directory.pools.choose"),
            ),
            choice_set("organisation", texts("directory.pools.organisation"), organisations),
        ],
        separator=True,
    )
    body = [heading(texts("directory.pools.title")), *[_pool(texts, p) for p in pools], form]
    action = submit(
        texts("directory.pools.button"), PROPOSE_CHANGE_VERB, with_inputs=True, owner=owner
    )
    return adaptive_card(body, [action])


def confirm_change_card(
    texts: Texts,
    *,
    change: str,
    person: PersonChoice,
    organisation: OrganisationChoice | None,
    owner: str,
    card_id: str,
) -> Element:
    """Confirm or cancel one change; both buttons name the card (``card_id``) and the change, so
    a second click on either finds what the first one did."""
    question = texts(
        f"directory.change.ask.{change}",
        person=person.in_a_sentence,
        organisation=organisation.name if organisation else "",
    )

    def button(label_key: str, verb: str, style: str | None = None) -> Element:
        return submit(
            texts(label_key),
            verb,
            style=style,
            owner=owner,
            card=card_id,
            change=change,
            person=person.id,
            organisation=organisation.id if organisation else "",
        )

    actions = [
        button("directory.change.confirm_button", CONFIRM_CHANGE_VERB, "positive"),
        button("directory.change.cancel_button", CANCEL_CHANGE_VERB),
    ]
    return adaptive_card(
        [heading(texts("directory.change.confirm_title")), text(question)], actions
    )


def days_text(first: date, last: date) -> str:
    """'6/12' for one day, '1/12 – 5/12' for several."""
    return day_text(first) if first == last else f"{day_text(first)} – {day_text(last)}"


def absence_line(texts: Texts, first: date, last: date, substitute: str | None) -> str:
    days = days_text(first, last)
    if substitute:
        return texts("directory.absence.line_with_substitute", days=days, substitute=substitute)
    return texts("directory.absence.line", days=days)


def _date_input(input_id: str, label: str, value: date, error: str) -> Element:
    return {
        "type": "Input.Date",
        "id": input_id,
        "label": label,
        "value": value.isoformat(),
        "min": value.isoformat(),
        "isRequired": True,
        "errorMessage": error,
    }


def _absence_rows(texts: Texts, absences: Sequence[AbsenceRow], owner: str) -> list[Element]:
    """Each absence with a *Slet* button (it removes only the reader's own)."""
    if not absences:
        return [text(texts("directory.absence.none"), subtle=True)]
    return [
        row_with_button(
            [text(absence_line(texts, a.first, a.last, a.substitute))],
            identified(
                submit(
                    texts("directory.absence.remove"),
                    REMOVE_ABSENCE_VERB,
                    style="destructive",
                    owner=owner,
                    absence=a.id,
                ),
                f"remove-absence-{a.first.isoformat()}-{a.last.isoformat()}",
            ),
        )
        for a in absences
    ]


def absence_card(
    texts: Texts,
    absences: Sequence[AbsenceRow],
    substitutes: Sequence[PersonChoice],
    *,
    owner: str,
    today: date,
    note: str | None = None,
) -> Element:
    """One's coming absences, each with a button that removes it, and the form for a new one.
    ``note``: what the last button did, at the top."""
    required = texts("directory.absence.date_required")
    body = [
        heading(texts("directory.absence.title")),
        *([text(f"✓ {note}", bold=True)] if note else []),
        *_absence_rows(texts, absences, owner),
        container([text(texts("directory.absence.intro"), subtle=True)], separator=True),
        _date_input("first", texts("directory.absence.first"), today, required),
        _date_input("last", texts("directory.absence.last"), today, required),
        choice_set(
            "substitute",
            texts("directory.absence.substitute"),
            [(NO_SUBSTITUTE, texts("directory.absence.substitute_none"))]
            + [(p.id, p.label) for p in substitutes],
            value=NO_SUBSTITUTE,
        ),
    ]
    action = submit(
        texts("directory.absence.button"),
        REGISTER_ABSENCE_VERB,
        style="positive",
        with_inputs=True,
        owner=owner,
    )
    return adaptive_card(body, [action])
