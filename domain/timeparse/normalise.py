"""One spelling for the many ways people type a time: lower case, plain dashes, no 'klokken'."""

from __future__ import annotations

import re
import unicodedata
from typing import Final

_DASHES: Final = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2212]")
_KL: Final = re.compile(r"\b(?:klokken|kl)\b\.?\s*")
_DEN: Final = re.compile(r"\b(?:den|d\.)\s*(?=\d)")
_SPACES: Final = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Lower case, NFC, one space between words, '-' for every dash, 'kl ' for 'klokken'/'kl.'.

    'den'/'d.' before a day number is dropped: "d. 10. dec." and "den 10. dec" mean "10. dec".
    """
    text = unicodedata.normalize("NFC", text).lower().replace("\u00a0", " ")
    text = _DASHES.sub("-", text)
    text = _SPACES.sub(" ", text).strip().rstrip("!?,").strip()
    text = _KL.sub("kl ", text)
    text = _DEN.sub("", text)
    return text.rstrip(".").strip()
