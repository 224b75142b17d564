"""Subject and body of an Outlook invitation: the poll's title or case reference, the agenda and
the citizen's own points under headings. Never a CPR number: every part is redacted. The caller
passes only what the poll holds (title, case reference, agenda, points), never people's names;
the headings come from the texts of the tovholder's language (``meetings.event_*``).
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.privacy import redact_cpr

MAX_SUBJECT = 255  # Outlook shows far less; Exchange accepts this much
MAX_BODY = 20_000


@dataclass(frozen=True)
class EventHeadings:
    case: str  # "Forløb"
    agenda: str  # "Dagsorden"
    citizen_points: str  # "Borgerens egne punkter"
    footer: str  # one line saying the invitation was sent by the bot


@dataclass(frozen=True)
class EventText:
    subject: str
    body: str  # plain text (sent as contentType "text")


def event_text(
    headings: EventHeadings,
    *,
    title: str,
    case_reference: str | None = None,
    agenda: str = "",
    citizen_points: str = "",
) -> EventText:
    """The invitation's subject (the title, else the case reference) and body: the case
    reference, the agenda and the citizen's points, each under its heading when given."""
    title = _clean_line(title)
    reference = _clean_line(case_reference or "")
    subject = title or reference
    if not subject:
        raise ValueError("an invitation needs a title or a case reference")
    sections: list[str] = []
    if reference:
        sections.append(f"{headings.case}: {reference}")
    for heading, text in ((headings.agenda, agenda), (headings.citizen_points, citizen_points)):
        lines = [line.rstrip() for line in _redacted(text).strip().splitlines()]
        if any(lines):
            sections.append("\n".join([heading, *lines]))
    sections.append(headings.footer)
    body = "\n\n".join(sections)
    return EventText(subject=subject[:MAX_SUBJECT], body=body[:MAX_BODY])


def _redacted(text: str) -> str:
    return redact_cpr(text).text


def _clean_line(text: str) -> str:
    return " ".join(_redacted(text).split())
