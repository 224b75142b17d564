"""Privacy cards: the neutral state a card takes when what it named was deleted after the
retention period, and the notice that a departed tovholder's course was handed over."""

from __future__ import annotations

from .common import Element, adaptive_card, heading, submit, text
from .course import VIEW_VERB
from .texts import Texts


def deleted_card(texts: Texts) -> Element:
    """Shows neither the case reference nor the initials, nor anything else the card said."""
    return adaptive_card(
        [heading(texts("privacy.deleted_title")), text(texts("privacy.deleted_text"), subtle=True)]
    )


def handed_over_card(texts: Texts, *, reference: str, tovholder: str) -> Element:
    """To the coordinators of a course whose tovholder was forgotten (left the organisation)."""
    return adaptive_card(
        [
            heading(texts("privacy.handed_over_title", reference=reference)),
            text(texts("privacy.handed_over_text", reference=reference, tovholder=tovholder)),
        ],
        [submit(texts("privacy.open_case"), VIEW_VERB, reference=reference)],
    )
