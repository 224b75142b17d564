from __future__ import annotations

from cards.common import MAX_REFRESH_USERS, adaptive_card, text, with_refresh
from tests.card_check import check_cards


def test_a_shared_card_asks_teams_for_each_listed_viewers_own_view():
    card = with_refresh(adaptive_card([text("Anmodning")]), "sparring.view", ["29:a", "29:b"], id=7)

    assert card["refresh"]["userIds"] == ["29:a", "29:b"]
    assert card["refresh"]["action"] == {
        "type": "Action.Execute",
        "verb": "sparring.view",
        "data": {"ki_action": "sparring.view", "id": 7},
    }
    check_cards([card])


def test_teams_gets_at_most_sixty_user_ids_without_duplicates():
    viewers = [f"29:user-{n}" for n in range(100)] + ["29:user-0"]

    card = with_refresh(adaptive_card([text("x")]), "v", viewers)

    assert len(card["refresh"]["userIds"]) == MAX_REFRESH_USERS
    assert len(set(card["refresh"]["userIds"])) == MAX_REFRESH_USERS


def test_a_card_for_nobody_in_particular_gets_no_refresh():
    card = adaptive_card([text("x")])

    assert "refresh" not in with_refresh(card, "v", [])
