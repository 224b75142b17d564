"""The screening waterfall with botbuilder-testing's DialogTestClient and a hand-written store."""

from __future__ import annotations

from typing import Any

import pytest
from botbuilder.core import ConversationState, MemoryStorage
from botbuilder.schema import Activity, ActivityTypes, ChannelAccount
from botbuilder.testing import DialogTestClient

from bot.replies import Replies
from dialogs.screening import ScreeningDialog
from dialogs.screening.flow import Screener
from domain.clock import FixedClock
from domain.screening import load_policy
from storage.screenings import NewScreening

FIRST = {
    "age": "70",
    "psychiatric_disorder": "diagnosed",
    "substance_problem": "offered_treatment",
    "regional_psychiatry_contact": "true",
    "municipal_treatment_contact": "false",
    "benefits_from_both": "yes",
    "obstacle_indicators": "interrupted_treatment",
    "consent": "pending",
}


class FakeScreenings:
    def __init__(self) -> None:
        self.saved: list[NewScreening] = []

    async def save(self, screening: NewScreening) -> str:
        self.saved.append(screening)
        return f"screening-{len(self.saved)}"


def _client(policy: str, store: FakeScreenings) -> DialogTestClient:
    dialog = ScreeningDialog(Screener(load_policy(policy), store, FixedClock()), Replies())
    return DialogTestClient(
        "msteams", dialog, conversation_state=ConversationState(MemoryStorage())
    )


def _submit(card_reply: Activity, inputs: dict[str, str], user: str = "user1") -> Activity:
    card = card_reply.attachments[0].content
    [action] = [a for a in card["actions"] if a["data"]["ki_action"] == "screening.answers"]
    return Activity(
        type=ActivityTypes.message,
        value={**action["data"], **inputs},
        from_property=ChannelAccount(id=user),
    )


def _card(reply: Activity) -> dict[str, Any]:
    return reply.attachments[0].content


async def test_age_70_is_eligible_nationally_and_the_one_sector_contact_adds_a_next_step():
    store = FakeScreenings()
    client = _client("national", store)

    questions = await client.send_activity("tjek")
    follow_up = await client.send_activity(_submit(questions, FIRST))
    result = await client.send_activity(
        _submit(
            follow_up,
            {"coordination_already_adequate": "false", "unclear_medical_responsibility": "false"},
        )
    )

    assert _card(follow_up)["body"][0]["text"] == "Et par spørgsmål mere"
    assert [s.verdict for s in store.saved] == ["eligible"]
    assert store.saved[0].level == 1 and store.saved[0].policy == "national"
    text = str(_card(result))
    assert "kommunale" in text.lower()  # involve the other sector (municipal treatment)
    assert "samtykke" in text.lower()  # consent pending changes the next steps, not the verdict


async def test_age_70_is_outside_the_pilot_band_and_needs_no_follow_up():
    store = FakeScreenings()
    client = _client("kbh-pilot", store)

    questions = await client.send_activity("tjek")
    result = await client.send_activity(_submit(questions, FIRST))

    assert [s.verdict for s in store.saved] == ["not_eligible"]
    assert "✗" in str(_card(result))


@pytest.mark.parametrize("typed", ["hej", "45"])
async def test_text_instead_of_the_card_gets_a_reminder_and_the_card_still_works(typed: str):
    store = FakeScreenings()
    client = _client("kbh-pilot", store)

    questions = await client.send_activity("tjek")
    reminder = await client.send_activity(typed)
    await client.send_activity(_submit(questions, FIRST))

    assert "Udfyld kortet" in reminder.text
    assert len(store.saved) == 1
