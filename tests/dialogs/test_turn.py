"""A turn as a capability sees it: whether the conversation is shared, the reader's language, and
whose tenant the turn is in."""

from __future__ import annotations

from dataclasses import replace

import pytest

from cards.texts import Texts
from dialogs.turn import ConversationKind, Where
from tests.dialogs.turns import ANNE, CLARA, turn


@pytest.mark.parametrize(
    ("kind", "shared"), [("personal", False), ("groupChat", True), ("channel", True)]
)
def test_a_group_chat_or_a_channel_is_shared_and_a_personal_chat_is_not(
    kind: ConversationKind, shared: bool
):
    assert Where("conversation", kind).is_shared is shared


def test_a_turns_language_is_its_readers():
    assert turn(language="en").language == "en"
    assert turn().language == "da"
    assert turn(language="en").texts("common.unknown_text") == Texts("en")("common.unknown_text")


def test_the_tenant_is_the_actors_even_where_the_conversation_says_another():
    anne_in_clara_s_tenant = replace(turn(ANNE), where=Where("19:x", "channel", CLARA.tenant_id))

    assert anne_in_clara_s_tenant.tenant_id == ANNE.tenant_id


def test_without_a_known_actor_the_tenant_is_the_conversations():
    unknown = replace(turn(None), where=Where("19:x", "channel", "tenant-kommune"))

    assert unknown.actor is None
    assert unknown.tenant_id == "tenant-kommune"
    assert replace(unknown, where=Where("19:x")).tenant_id is None
