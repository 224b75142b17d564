"""Screening: "kan borgeren få en KI-plan?" (issue #3).

tjek ─▶ ask_step (questions card) ─▶ follow_up_step (only if the answers so far can still
lead to a KI) ─▶ result_step (rules → stored screening → result card)
                               └─▶ buttons: start a KI course · ask a coordinator · new screening
"""

from .dialog import ScreeningDialog
from .handlers import ScreeningActions

__all__ = ["ScreeningActions", "ScreeningDialog"]
