"""The one result of every handler: a card, a text, posts after them, and whether it refused."""

from __future__ import annotations

from dialogs.reply import NOTHING, Reply, post, refuse, say, show

CARD = {"type": "AdaptiveCard", "version": "1.5", "body": []}


def test_nothing_shows_says_and_posts_nothing_and_refuses_nothing():
    assert (NOTHING.card, NOTHING.text, NOTHING.posts, NOTHING.refused) == (None, None, (), False)


def test_show_replaces_the_clicked_card_and_may_ask_to_do_only_that():
    assert show(CARD) == Reply(card=CARD)
    assert show(CARD, in_place_only=True).in_place_only
    assert not show(CARD).in_place_only


def test_say_is_a_message_and_refuse_is_a_message_marked_as_a_refusal():
    assert say("Gemt.") == Reply(text="Gemt.")
    assert not say("Gemt.").refused
    assert refuse("Det må du ikke.") == Reply(text="Det må du ikke.", refused=True)


def test_post_adds_new_messages_in_the_conversation_in_order():
    assert post(CARD, "og så") == Reply(posts=(CARD, "og så"))


def test_then_adds_posts_after_a_reply_and_keeps_everything_else():
    first = Reply(CARD, "Ændret.", ("a",), in_place_only=True, refused=True)

    later = first.then("b", CARD)

    assert later == Reply(CARD, "Ændret.", ("a", "b", CARD), in_place_only=True, refused=True)
    assert first.posts == ("a",)  # a reply is never changed in place
