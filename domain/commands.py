"""Recognise what a typed message asks for. Plain string rules, Danish and English."""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum


class Command(StrEnum):
    HELP = "help"
    CANCEL = "cancel"
    SCREEN = "screen"
    SPARRING = "sparring"
    MEETING_POLL = "meeting_poll"
    DEADLINES = "deadlines"
    MY_ORGANISATION = "my_organisation"
    POOLS = "pools"
    ABSENCE = "absence"


_EXACT: dict[str, Command] = {
    "hjaelp": Command.HELP,
    "help": Command.HELP,
    "?": Command.HELP,
    "hj": Command.HELP,
    "annuller": Command.CANCEL,
    "afbryd": Command.CANCEL,
    "stop": Command.CANCEL,
    "cancel": Command.CANCEL,
    "tjek": Command.SCREEN,
    "check": Command.SCREEN,
    "screening": Command.SCREEN,
    "screen": Command.SCREEN,
    "sparring": Command.SPARRING,
    "sparing": Command.SPARRING,
    "mode": Command.MEETING_POLL,
    "meeting": Command.MEETING_POLL,
    "moedeplanlaegning": Command.MEETING_POLL,
    "frister": Command.DEADLINES,
    "deadlines": Command.DEADLINES,
    "frist": Command.DEADLINES,
    "min organisation": Command.MY_ORGANISATION,
    "my organisation": Command.MY_ORGANISATION,
    "my organization": Command.MY_ORGANISATION,
    "organisation": Command.MY_ORGANISATION,
    "puljer": Command.POOLS,
    "koordinatorpuljer": Command.POOLS,
    "koordinatorer": Command.POOLS,
    "pools": Command.POOLS,
    "coordinators": Command.POOLS,
}
# Commands followed by an argument: "fravær 1/12–5/12", "absence today".
_WITH_ARGUMENT: dict[str, Command] = {
    "fravaer": Command.ABSENCE,
    "fravar": Command.ABSENCE,
    "absence": Command.ABSENCE,
}

# Questions such as "kan borgeren få en KI-plan?" or "does this citizen qualify for a KI plan".
_SCREEN_QUESTION = re.compile(
    r"\b(kan|skal|bor|er)\b.*\b(borger\w*|han|hun|vedkommende)\b.*\b(ki|indsatsplan\w*)\b"
    r"|\b(kvalificer\w*|egnet|maalgruppe\w*)\b.*\b(ki|indsatsplan\w*)\b"
    r"|\b(qualif\w*|eligible)\b.*\b(ki|plan)\b"
)


def normalise(text: str) -> str:
    """Lower-case, Danish letters folded to ASCII (æ→ae, ø→o, å→aa), punctuation to spaces."""
    folded = text.strip().lower().replace("æ", "ae").replace("ø", "o").replace("å", "aa")
    folded = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    folded = re.sub(r"[^a-z0-9?]+", " ", folded)
    return re.sub(r"\s+", " ", folded).strip()


def recognise(text: str) -> Command | None:
    words = normalise(text)
    if not words:
        return None
    exact = _EXACT.get(words.rstrip("?").strip() or words)
    if exact is not None:
        return exact
    first_word = words.split(" ", 1)[0]
    if first_word in _WITH_ARGUMENT:
        return _WITH_ARGUMENT[first_word]
    if _SCREEN_QUESTION.search(words.replace("?", " ")):
        return Command.SCREEN
    return None


def argument_of(text: str) -> str:
    """What follows the command word, as typed: "fravær 1/12–5/12" → "1/12–5/12"."""
    parts = text.strip().split(maxsplit=1)
    return parts[1].strip() if len(parts) == 2 else ""
