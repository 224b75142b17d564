from __future__ import annotations

from domain.loggable import loggable
from tests.cpr_forms import cpr_forms, synthetic_cpr


def test_a_newline_cannot_forge_a_second_log_line():
    assert loggable("t1\nWARNING forged line\r") == "'t1\\nWARNING forged line\\r'"


def test_a_long_value_is_cut_and_says_how_much_was_left_out():
    logged = loggable("x" * 120_000)

    assert logged == "'" + "x" * 80 + "'…(+119920)"


def test_every_form_of_a_cpr_number_is_removed_before_logging():
    number = synthetic_cpr(3)
    for form in cpr_forms(number).values():
        assert number[:6] not in loggable(form)
        assert "[CPR]" in loggable(f"id-{form}")


def test_values_that_are_not_text_are_shown_safely():
    assert loggable(None) == "None"
    assert loggable(42) == "'42'"
    assert loggable(10**5000) == "<unprintable int>"
    assert loggable("\u2028\x1b[31m") == "'\\u2028\\x1b[31m'"
