"""Every meeting-poll button as a typed command; ``dialogs.router`` parses a click into it
strictly and refuses anything else.

Two commands gather what a card sends under many names: the form's inputs (sent flat by the
form, or as ``form`` by the overview's "Ret" button) and the vote card's ``a_<slot>`` answers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any, Final

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

from domain.identity import PersonRef
from domain.meetings.ranking import Answer

from ..fields import Flag, Hex32, IsoDate, Matching, Number, Text

MAX_TEXT: Final = 2000  # a free-text input of the form (the card allows at most this)
MAX_PICKED: Final = 10_000  # "tenant|object id" of up to 100 people, comma-separated
MAX_ANSWERS: Final = 100
MINUTES: Final = (15, 420)
DEFAULT_MINUTES: Final = 60
_CASE: Final = re.compile(r"[A-Za-z0-9-]{1,20}")

FormText = Annotated[str, Text(MAX_TEXT)]
Picked = Annotated[str, Text(MAX_PICKED)]
SlotKey = Annotated[str, Matching("s[0-9]{1,3}", 4)]
ParticipantKey = Annotated[str, Matching("p[0-9]{1,3}", 4)]


def _with_schema_before(
    gather: Any,
) -> Any:
    """A command's pydantic schema that first regroups the card's data with ``gather``."""

    def schema(_cls: type, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_before_validator_function(gather, handler(source))

    return classmethod(schema)


@dataclass(frozen=True)
class FormFields:
    """The creation card's inputs, as typed."""

    title: FormText = ""
    case: FormText = ""
    people: Picked = ""
    optional: Picked = ""
    citizen: FormText = ""
    others: FormText = ""
    slots: FormText = ""
    minutes: Annotated[int | None, Number(0, 100_000)] = None
    location: FormText = ""
    doctor: Flag = False
    agenda: FormText = ""
    citizen_points: FormText = ""
    answer_by: Annotated[date | None, IsoDate()] = None
    show_answers: Flag = False

    def picked(self, name: str) -> list[PersonRef]:
        """The people picked in ``people`` or ``optional`` ("tenant|object id", comma-separated)."""
        refs: list[PersonRef] = []
        for value in str(getattr(self, name)).split(","):
            tenant, bar, aad = value.strip().partition("|")
            if bar and tenant and aad:
                refs.append(PersonRef(tenant, aad))
        return refs

    @property
    def case_reference(self) -> str | None:
        case = self.case.strip().upper()
        return case if _CASE.fullmatch(case) else None

    @property
    def meeting_minutes(self) -> int:
        if self.minutes is None:
            return DEFAULT_MINUTES
        return min(max(self.minutes, MINUTES[0]), MINUTES[1])

    def values(self) -> dict[str, str]:
        """The inputs as the card shows them again."""
        return {
            "title": self.title,
            "case": self.case,
            "people": self.people,
            "optional": self.optional,
            "citizen": self.citizen,
            "others": self.others,
            "slots": self.slots,
            "minutes": "" if self.minutes is None else str(self.minutes),
            "location": self.location,
            "doctor": "true" if self.doctor else "false",
            "agenda": self.agenda,
            "citizen_points": self.citizen_points,
            "answer_by": self.answer_by.isoformat() if self.answer_by else "",
            "show_answers": "true" if self.show_answers else "false",
        }


def _form_inside(data: Any) -> Any:
    """The form's inputs come flat from the form, or as ``form`` from the overview."""
    if isinstance(data, Mapping) and not isinstance(data.get("form"), Mapping):
        return {**data, "form": dict(data)}
    return data


@dataclass(frozen=True)
class DraftForm:
    """A button of the form or the overview: the draft it belongs to and the inputs."""

    draft: Hex32
    form: FormFields = field(default_factory=FormFields)

    __get_pydantic_core_schema__ = _with_schema_before(_form_inside)


@dataclass(frozen=True)
class OpenDraft:
    draft: Hex32


@dataclass(frozen=True)
class PollAction:
    poll: Hex32


@dataclass(frozen=True)
class SlotAnswer:
    slot: SlotKey
    answer: Answer


def _answers_inside(data: Any) -> Any:
    """The vote card's choice sets (``a_s1``, ``a_s2``, …) as one list; an unanswered one is
    left out (the poll then asks for every answer)."""
    if not isinstance(data, Mapping):
        return data
    answers = [
        {"slot": key[2:], "answer": value}
        for key, value in data.items()
        if isinstance(key, str) and key.startswith("a_") and value not in ("", None)
    ]
    return {**data, "answers": answers[:MAX_ANSWERS]}


@dataclass(frozen=True)
class CastVote:
    poll: Hex32
    participant: ParticipantKey
    round: Annotated[int, Number(1, 999)]
    answers: tuple[SlotAnswer, ...] = ()
    note: Annotated[str, Text(300)] = ""

    __get_pydantic_core_schema__ = _with_schema_before(_answers_inside)

    def by_slot(self) -> dict[str, Answer]:
        return {answer.slot: answer.answer for answer in self.answers}


@dataclass(frozen=True)
class ForParticipant:
    poll: Hex32
    participant: ParticipantKey


@dataclass(frozen=True)
class Finalise:
    poll: Hex32
    slot: SlotKey
    confirmed: Flag = False


@dataclass(frozen=True)
class Move:
    poll: Hex32
    new_time: Annotated[str, Text(200)] = ""


@dataclass(frozen=True)
class GiveInput:
    poll: Hex32
    input: Annotated[str, Text(1000)] = ""
