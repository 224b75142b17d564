"""Who is who in chat (issue #10).

    a capability that needs it ─▶ "which organisation?" card ─▶ saved, then the capability runs
    min organisation ───────────▶ the same card, showing the current one
    puljer (admins) ────────────▶ pools card ─▶ confirmation card ─▶ role changed + audit entry
    fravær [1/12–5/12 | i dag] ─▶ registered at once, or the absence card with date pickers

Refusals get a clear answer and an audit entry.
"""

from .actions import DirectoryActions

__all__ = ["DirectoryActions"]
