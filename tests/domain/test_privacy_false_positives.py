"""How often CPR redaction takes something else for a number, on ordinary Danish texts."""

from __future__ import annotations

import pytest

from domain.privacy import redact_cpr
from tests.ordinary_texts import NAMED, corpus, generated, rate

CORPUS = corpus()
GENERATED = generated()
# Families whose texts may hold ten digits that are indistinguishable from a number.
MEASURED_ONLY = ("two phone numbers, one space", "ten-digit order number")


def _redacted(text: str) -> bool:
    return redact_cpr(text).found > 0


def test_the_corpus_holds_a_few_hundred_texts_and_every_named_case():
    assert sum(len(texts) for texts in CORPUS.values()) >= 300
    assert all(len(CORPUS[name]) >= 15 for name in NAMED)


@pytest.mark.parametrize("section", NAMED)
def test_not_one_text_of_a_named_case_is_redacted(section: str):
    assert [text for text in CORPUS[section] if _redacted(text)] == []


def test_the_false_positive_rate_of_the_whole_corpus_is_reported_and_stays_under_one_percent(
    record_property: pytest.RecordProperty,
):
    texts = [text for section in CORPUS.values() for text in section]
    wrong, total = rate(texts, _redacted)
    record_property("cpr_false_positives", f"{wrong}/{total}")
    print(f"CPR false positives in the corpus: {wrong} of {total} ({wrong / total:.1%})")

    assert wrong / total < 0.01, [text for text in texts if _redacted(text)]


@pytest.mark.parametrize("family", [name for name in GENERATED if name not in MEASURED_ONLY])
def test_no_generated_text_of_an_ordinary_family_is_redacted(family: str):
    assert [text for text in GENERATED[family] if _redacted(text)] == []
