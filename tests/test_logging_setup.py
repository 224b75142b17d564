from __future__ import annotations

import logging

from bot.logging_setup import RedactingFormatter
from tests.cpr_forms import synthetic_cpr


def test_a_cpr_number_quoted_in_an_exception_is_redacted_in_the_formatted_log_line():
    number = synthetic_cpr(5)
    try:
        int(f"{number[:6]}-{number[6:]}")
    except ValueError:
        import sys

        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "turn failed", (), sys.exc_info()
        )

    formatted = RedactingFormatter("%(message)s").format(record)

    assert "turn failed" in formatted and "ValueError" in formatted
    assert number[:6] not in formatted and "[CPR]" in formatted
