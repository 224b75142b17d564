"""Each sparring card's data as a typed command; ``dialogs.router`` parses a click into it
strictly and refuses anything else."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Final

from cards.sparring import MAX_QUESTION, SECTORS
from domain.sparring import Urgency

from ..fields import Matching, Number, TeamsId, Text

_SECTOR: Final = "|".join(SECTORS)
ThreadId = Annotated[int, Number(1, 2**31 - 1)]
ChoiceId = Annotated[
    str | None, Matching("[A-Za-z0-9_-]{1,40}", 40)
]  # an organisation, a screening


@dataclass(frozen=True)
class AskQuestion:
    """The question card: ``owner`` is the Teams id of the person it was sent to."""

    owner: TeamsId
    question: Annotated[str, Text(MAX_QUESTION)] = ""
    case_reference: Annotated[str | None, Matching(r"\s*[\w./-]{1,20}\s*", 40)] = None
    sectors: Annotated[str, Matching(f"(,*({_SECTOR}))*,*", 64)] = ""  # "region,kommune"
    urgency: Annotated[str | None, Matching("normal|today", 10)] = None
    organisation: ChoiceId = None  # only for someone who belongs to none
    screening_id: ChoiceId = None

    @property
    def reference(self) -> str | None:
        return self.case_reference.strip() if self.case_reference else None

    @property
    def chosen_sectors(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s for s in self.sectors.split(",") if s))

    @property
    def how_soon(self) -> Urgency:
        return Urgency(self.urgency) if self.urgency else Urgency.NORMAL


@dataclass(frozen=True)
class OnThread:
    """A button on a request or a relayed message: the thread it names."""

    thread: ThreadId


@dataclass(frozen=True)
class WriteOnThread(OnThread):
    """An answer, a follow-up, a note on forwarding or a reason for declining."""

    text: Annotated[str, Text(MAX_QUESTION)] = ""


@dataclass(frozen=True)
class ProposeLevel:
    """Level 2 or 3, with an optional note."""

    thread: ThreadId
    level: Annotated[int, Number(2, 3)]
    text: Annotated[str, Text(MAX_QUESTION)] = ""
