"""Coordinator sparring (issue #12).

    sparring / spørg en koordinator / screening's "ask a coordinator"
        ─▶ question card ─▶ request card to the pool's channel, each present coordinator, the asker
    coordinator: "show my options" ─▶ claim ─▶ answer / propose level 2·3 / forward / decline / close
    asker and claimer: each message arrives as a card with a reply box (that is how a typed reply
        is tied to its thread) ─▶ relayed to the other side until "resolved" or "close"
    not claimed after N working hours ─▶ the pool and its backups are reminded once
    mine spørgsmål · indbakke

Which move is possible for whom in which state is the table in ``domain.sparring.thread``; every
button takes the same steps (``steps``); refusals get a clear answer and an audit entry; every
change is audited.
"""

from .actions import SparringActions

__all__ = ["SparringActions"]
