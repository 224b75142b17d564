"""Subject and body of an invitation (Outlook's, and the description of the `.ics` file): the
poll's title or case reference, the agenda and the citizen's own points under headings. Never a
CPR number: every part is redacted. The caller passes only what the poll holds (title, case
reference, agenda, points), never people's names; the headings come from the texts of the
tovholder's language (``meetings.event_*``).
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
    footer: str = ""  # one line saying the invitation was sent by the bot (none: left out)


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
    """The invitation's subject (the title, else the case reference) and body (``event_body``)."""
    subject = _clean_line(title) or _clean_line(case_reference or "")
    if not subject:
        raise ValueError("an invitation needs a title or a case reference")
    body = event_body(
        headings, case_reference=case_reference, agenda=agenda, citizen_points=citizen_points
    )
    return EventText(subject=subject[:MAX_SUBJECT], body=body)


def event_body(
    headings: EventHeadings,
    *,
    case_reference: str | None = None,
    agenda: str = "",
    citizen_points: str = "",
) -> str:
    """The case reference, the agenda and the citizen's points, each under its heading when
    given, then the footer (if any); sections are separated by an empty line."""
    reference = _clean_line(case_reference or "")
    sections: list[str] = []
    if reference:
        sections.append(f"{headings.case}: {reference}")
    for heading, text in ((headings.agenda, agenda), (headings.citizen_points, citizen_points)):
        lines = [line.rstrip() for line in _redacted(text).strip().splitlines()]
        if any(lines):
            sections.append("\n".join([heading, *lines]))
    if headings.footer:
        sections.append(headings.footer)
    return "\n\n".join(sections)[:MAX_BODY]


def _redacted(text: str) -> str:
    return redact_cpr(text).text


def _clean_line(text: str) -> str:
    return " ".join(_redacted(text).split())
