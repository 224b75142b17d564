"""The screening's buttons as typed commands."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Annotated, Final

from cards.screening import FIRST_QUESTIONS, FOLLOW_UP_QUESTIONS

from ..fields import CardId, Matching, TeamsId, Text

# A screening answer as an input sends it: a number, a choice, "true"/"false", "a,b" for several.
# The domain's own parser (ScreeningAnswers.from_mapping) reads it and names what it refuses.
Answer = Annotated[str | None, Text(10_000)]  # as long as card data may be: the domain says why
ScreeningId = Annotated[str, Matching("[0-9A-Za-z_-]{1,64}", 64)]


@dataclass(frozen=True)
class SubmitAnswers:
    card_id: CardId
    owner: TeamsId
    age: Answer = None
    psychiatric_disorder: Answer = None
    substance_problem: Answer = None
    regional_psychiatry_contact: Answer = None
    municipal_treatment_contact: Answer = None
    benefits_from_both: Answer = None
    obstacle_indicators: Answer = None
    consent: Answer = None
    coordination_already_adequate: Answer = None
    convening_obstacles: Answer = None
    unclear_medical_responsibility: Answer = None

    def values(self) -> dict[str, str]:
        """The answers given, by question field."""
        given = {f.name: getattr(self, f.name) for f in fields(self)}
        return {name: value for name in QUESTION_FIELDS if (value := given[name]) is not None}


QUESTION_FIELDS: Final = (*FIRST_QUESTIONS, *FOLLOW_UP_QUESTIONS)


@dataclass(frozen=True)
class OnScreening:
    """A button on a result card: its screening and the person it was sent to."""

    screening_id: ScreeningId
    owner: TeamsId


@dataclass(frozen=True)
class StartCase(OnScreening):
    initials: Annotated[str, Text(40)] = ""


@dataclass(frozen=True)
class AskCoordinator(OnScreening):
    pass


@dataclass(frozen=True)
class NewScreening:
    pass
