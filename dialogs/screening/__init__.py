"""Screening: "kan borgeren få en KI-plan?" (issue #3).

tjek ─▶ questions card ─▶ follow-up card (only if the answers so far can still lead to a KI)
     ─▶ result card (rules → stored screening) ─▶ start a KI course · ask a coordinator · new
"""

from .actions import ScreeningActions

__all__ = ["ScreeningActions"]
