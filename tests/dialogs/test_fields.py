"""Card data is parsed strictly into a command's fields: what a card sends is read, everything
else (wrong types, digits that only look like digits, too long, malformed) is refused with the
field's name, never crashed on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

import pytest

from dialogs.fields import MAX_ID, CardId, Flag, Hex32, IsoDate, Matching, Number, TeamsId, Text
from dialogs.router import MalformedCommand, parse


@dataclass(frozen=True)
class Counted:
    count: Annotated[int, Number(1, 99)]


@dataclass(frozen=True)
class MaybeCounted:
    count: Annotated[int | None, Number(1, 99)] = None


@dataclass(frozen=True)
class Noted:
    note: Annotated[str, Text(5)] = ""


@dataclass(frozen=True)
class MaybeNoted:
    note: Annotated[str | None, Text(5)] = None


@dataclass(frozen=True)
class Keyed:
    key: Annotated[str, Matching("[a-z]{2}-[0-9]{1,3}", 6)]


@dataclass(frozen=True)
class MaybeKeyed:
    key: Annotated[str | None, Matching("[a-z]{2}", 2)] = None


@dataclass(frozen=True)
class Toggled:
    on: Flag = False


@dataclass(frozen=True)
class Dated:
    day: Annotated[date, IsoDate()]


@dataclass(frozen=True)
class MaybeDated:
    day: Annotated[date | None, IsoDate()] = None


@dataclass(frozen=True)
class Ids:
    card: CardId
    poll: Hex32
    teams: TeamsId


def _refused(command: type[Any], data: dict[str, Any]) -> list[str]:
    """The fields named in the refusal of ``data``."""
    with pytest.raises(MalformedCommand) as refused:
        parse(command, data)
    return refused.value.fields


# --- whole numbers ------------------------------------------------------------------------------
@pytest.mark.parametrize(("sent", "read"), [(7, 7), ("7", 7), (" 42 ", 42), (1, 1), ("99", 99)])
def test_a_whole_number_is_read_from_a_json_integer_or_ascii_digits(sent: Any, read: int):
    assert parse(Counted, {"count": sent}) == Counted(read)


@pytest.mark.parametrize(
    "sent",
    [
        True,  # a bool is never a number
        False,
        7.0,
        "7.0",
        "1e1",
        "1_0",
        "-1",
        "+7",
        "²",
        "①",
        "٣",
        "\uff17",  # a full-width 7
        "",
        None,
        [7],
        {"count": 7},
        0,  # below the range
        100,  # above it
        "100",
        "1" * 17,  # more digits than any id has
    ],
)
def test_anything_else_where_a_whole_number_belongs_is_refused_naming_the_field(sent: Any):
    assert _refused(Counted, {"count": sent}) == ["count"]


def test_an_id_may_be_as_large_as_a_javascript_client_sends_exactly_and_no_larger():
    @dataclass(frozen=True)
    class Big:
        n: Annotated[int, Number(1, MAX_ID)]

    assert parse(Big, {"n": MAX_ID}) == Big(2**53)
    assert _refused(Big, {"n": MAX_ID + 1}) == ["n"]


@pytest.mark.parametrize("sent", ["", "   ", None])
def test_an_optional_number_takes_an_empty_input_as_none(sent: Any):
    assert parse(MaybeCounted, {"count": sent}) == MaybeCounted(None)
    assert parse(MaybeCounted, {}) == MaybeCounted(None)


def test_an_optional_number_still_refuses_what_is_not_a_number():
    assert parse(MaybeCounted, {"count": "12"}) == MaybeCounted(12)
    assert _refused(MaybeCounted, {"count": "tolv"}) == ["count"]
    assert _refused(MaybeCounted, {"count": True}) == ["count"]


# --- text ---------------------------------------------------------------------------------------
def test_text_is_stripped_and_missing_or_null_text_is_empty():
    assert parse(Noted, {"note": "  hej  "}) == Noted("hej")
    assert parse(Noted, {"note": None}) == Noted("")
    assert parse(Noted, {}) == Noted("")


@pytest.mark.parametrize("sent", ["sekstegn", 5, 5.0, True, ["hej"], {"a": 1}])
def test_text_over_its_limit_or_of_another_type_is_refused(sent: Any):
    assert _refused(Noted, {"note": sent}) == ["note"]


def test_optional_text_takes_an_empty_input_as_none():
    assert parse(MaybeNoted, {"note": "  "}) == MaybeNoted(None)
    assert parse(MaybeNoted, {"note": " ja "}) == MaybeNoted("ja")
    assert _refused(MaybeNoted, {"note": 3}) == ["note"]


# --- ids and keys -------------------------------------------------------------------------------
@pytest.mark.parametrize("sent", ["ab-1", "zz-999"])
def test_a_matching_field_takes_a_string_that_matches_in_full(sent: str):
    assert parse(Keyed, {"key": sent}) == Keyed(sent)


@pytest.mark.parametrize("sent", ["ab-1x", "xab-1", "AB-1", "ab-1000", " ab-1", "", 12, None])
def test_a_matching_field_refuses_a_partial_match_another_type_or_nothing(sent: Any):
    assert _refused(Keyed, {"key": sent}) == ["key"]


def test_an_optional_matching_field_takes_an_empty_input_as_none():
    assert parse(MaybeKeyed, {"key": ""}) == MaybeKeyed(None)
    assert parse(MaybeKeyed, {"key": "ab"}) == MaybeKeyed("ab")
    assert _refused(MaybeKeyed, {"key": "abc"}) == ["key"]


def test_the_bots_ids_refuse_what_the_bot_never_sends():
    good = {"card": "0123abcd", "poll": "f" * 32, "teams": "29:1a-B_c"}
    assert parse(Ids, good) == Ids("0123abcd", "f" * 32, "29:1a-B_c")
    assert _refused(Ids, {**good, "card": "0123abc"}) == ["card"]  # shorter than any card id
    assert _refused(Ids, {**good, "poll": "F" * 32}) == ["poll"]  # ids are lower-case hex
    assert _refused(Ids, {**good, "teams": "29:with space"}) == ["teams"]
    assert _refused(Ids, {**good, "teams": "29:æøå"}) == ["teams"]  # Teams ids are ASCII
    assert _refused(Ids, {**good, "teams": "2" * 201}) == ["teams"]


# --- toggles and dates --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("sent", "read"), [(True, True), (False, False), ("true", True), ("false", False), ("", False)]
)
def test_a_toggle_reads_json_booleans_and_what_an_input_toggle_sends(sent: Any, read: bool):
    assert parse(Toggled, {"on": sent}) == Toggled(read)


def test_a_toggle_left_out_or_null_is_no():
    assert parse(Toggled, {}) == Toggled(False)
    assert parse(Toggled, {"on": None}) == Toggled(False)


@pytest.mark.parametrize("sent", ["yes", "True", "1", 1, 0, 1.0, ["true"]])
def test_a_toggle_refuses_anything_else(sent: Any):
    assert _refused(Toggled, {"on": sent}) == ["on"]


def test_a_date_is_read_from_what_an_input_date_sends():
    assert parse(Dated, {"day": "2026-12-01"}) == Dated(date(2026, 12, 1))
    assert parse(Dated, {"day": " 2026-12-01 "}) == Dated(date(2026, 12, 1))


@pytest.mark.parametrize("sent", ["1/12", "2026-02-30", "i morgen", "", None, 20261201, True])
def test_a_date_refuses_anything_that_is_not_an_iso_date(sent: Any):
    assert _refused(Dated, {"day": sent}) == ["day"]


def test_an_optional_date_takes_an_empty_input_as_none():
    assert parse(MaybeDated, {"day": ""}) == MaybeDated(None)
    assert parse(MaybeDated, {"day": "2027-01-04"}) == MaybeDated(date(2027, 1, 4))
    assert _refused(MaybeDated, {"day": "4/1"}) == ["day"]


# --- the command as a whole ---------------------------------------------------------------------
def test_fields_a_client_adds_of_its_own_are_ignored():
    assert parse(Counted, {"count": 3, "verb": "x", "msteams": {"type": "task/fetch"}}) == Counted(
        3
    )


def test_a_refusal_names_every_field_that_did_not_parse_and_every_missing_one():
    assert _refused(Ids, {"card": "nope", "teams": 7}) == ["card", "poll", "teams"]
