"""Person pickers that scale: Teams' typeahead search over a dataset the bot answers, with a short
static list for clients without it.

A picker is an ``Input.ChoiceSet`` whose ``choices.data`` is a ``Data.Query``: as the reader
types, Teams sends the bot an ``application/search`` invoke (``queryText``, ``queryOptions``
``skip``/``top``, ``dataset``) and shows the ``{title, value}`` results it answers. ``choices``
stay the fallback every other client shows (and Teams shows before anything is typed), so they
are kept short; a chosen value is always among them, or the client could not name it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from .common import Element

# The datasets the bot answers (dialogs/search): people a tovholder may invite to a meeting
# (value "tenant|object id"), and the directory's people for an administrator (value: its id).
MEETING_PEOPLE: Final = "ki.people"
DIRECTORY_PEOPLE: Final = "ki.directory"
DATASETS: Final = (MEETING_PEOPLE, DIRECTORY_PEOPLE)
FALLBACK_CHOICES: Final = 25  # the static list's length, chosen values not counted


def _chosen(value: str | None) -> list[str]:
    return [v for v in (value or "").split(",") if v]


def person_picker(
    input_id: str,
    label: str,
    dataset: str,
    choices: Sequence[tuple[str, str]],
    *,
    chosen: Sequence[tuple[str, str]] = (),
    value: str | None = None,
    multi: bool = False,
    placeholder: str = "",
    required: bool = False,
    error_message: str | None = None,
) -> Element:
    """``choices`` are (value, title), most relevant first, cut to ``FALLBACK_CHOICES``;
    ``chosen`` names the values in ``value`` (comma-separated when ``multi``), listed first so
    that re-rendering the form keeps them. A value nobody names is dropped rather than shown as
    a bare id."""
    if dataset not in DATASETS:
        raise ValueError(f"unknown dataset {dataset!r}")
    names = dict(chosen)
    kept = [v for v in _chosen(value) if v in names]
    if not multi:
        kept = kept[:1]
    listed = {v: names[v] for v in kept}
    for choice_value, title in choices:
        if len(listed) >= len(kept) + FALLBACK_CHOICES:
            break
        listed.setdefault(choice_value, title)
    element: Element = {
        "type": "Input.ChoiceSet",
        "id": input_id,
        "label": label,
        "choices": [{"title": title, "value": val} for val, title in listed.items()],
        "choices.data": {"type": "Data.Query", "dataset": dataset},
        "isMultiSelect": multi,
        "style": "filtered",
        "wrap": True,
    }
    if placeholder:
        element["placeholder"] = placeholder
    if kept:
        element["value"] = ",".join(kept)
    if required:
        element["isRequired"] = True
        if error_message:
            element["errorMessage"] = error_message
    return element
