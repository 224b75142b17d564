"""Every refusal code of the time parser has its message in both languages."""

from __future__ import annotations

import pytest

from cards.texts import LANGUAGES, Texts
from domain.timeparse import ERROR_CODES


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("code", ERROR_CODES)
def test_each_time_error_code_has_a_message(language: str, code: str):
    message = Texts(language)(f"time.error.{code}", hour=25, minute=75, week=54)

    assert message and "{" not in message


def test_no_message_exists_for_a_code_the_parser_does_not_raise():
    keys = {key for key in Texts("da").all_keys() if key.startswith("time.error.")}

    assert keys == {f"time.error.{code}" for code in ERROR_CODES}
