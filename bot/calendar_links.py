"""GET /calendar/{token}.ics: the invitation of a decided meeting, for a signed, unexpired link.

Refuses to serve anything while LINK_SECRET is unset. An older link of a moved meeting gives the
current version (same UID, higher SEQUENCE), so a calendar never goes back to an old time."""

from __future__ import annotations

from aiohttp import web
from sqlmodel import Session

from cards.meeting_polls import invitation_headings
from cards.texts import Texts
from domain.clock import Clock
from domain.meetings import ExpiredLink, InvalidLink, content_type, invitation_ics, verify
from domain.meetings.poll import Poll
from storage.db import Database
from storage.meetings import Polls
from storage.preferences import Preferences

from .config import Settings

FILENAME = "ki-moede.ics"


def calendar_routes(settings: Settings, database: Database, clock: Clock) -> list[web.RouteDef]:
    async def serve(request: web.Request) -> web.Response:
        if not settings.link_secret:
            return web.Response(status=404, text="calendar links are not configured\n")
        now = clock.now()
        try:
            payload = verify(request.match_info["token"], now, settings.link_secret.encode())
        except ExpiredLink:
            return web.Response(status=410, text="this calendar link has expired\n")
        except InvalidLink:
            return web.Response(status=404, text="no such calendar link\n")

        def load(session: Session) -> tuple[Poll | None, str]:
            poll = Polls(session).get(payload.poll_id)
            language = Preferences(session).language_for(poll.tovholder) if poll else "da"
            return poll, language

        poll, language = await database.run(load)
        meeting = (
            poll.meeting(
                settings.public_host,
                now,
                f"ki-bot@{settings.public_host}",
                headings=invitation_headings(Texts(language)),  # the tovholder's language
            )
            if poll is not None and poll.sequence >= payload.sequence
            else None
        )
        if meeting is None:
            return web.Response(status=404, text="no such calendar link\n")
        return web.Response(
            body=invitation_ics(meeting),
            headers={
                "Content-Type": content_type(meeting),
                "Content-Disposition": f'attachment; filename="{FILENAME}"',
                "Cache-Control": "private, no-store",
            },
        )

    return [web.get("/calendar/{token}.ics", serve)]
