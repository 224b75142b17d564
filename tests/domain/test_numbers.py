from __future__ import annotations

import pytest

from domain.numbers import card_integer


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("40", 40),
        (" 40 ", 40),
        ("+7", 7),
        ("-3", -3),
        ("007", 7),
        (40, 40),
        ("999999999", 999999999),
    ],
)
def test_whole_numbers_as_cards_send_them_are_read(raw: object, number: int):
    assert card_integer(raw) == number


@pytest.mark.parametrize(
    "raw",
    [
        "1" * 5000,
        "1234567890",
        pytest.param(10**5000, id="5000-digit int"),
        "\uff14\uff10",  # full-width
        "\u0664\u0660",  # Arabic-Indic
        "4\u200b0",
        "40.0",
        "4e1",
        "0x28",
        "4_0",
        "",
        " ",
        "-",
        True,
        40.0,
        float("nan"),
        None,
        ["40"],
    ],
)
def test_anything_else_is_not_a_number(raw: object):
    assert card_integer(raw) is None
