"""The directory's cards in both languages pass Microsoft's parser; a substitute sees why."""

from __future__ import annotations

from datetime import date

import pytest

from cards.directory import (
    AbsenceRow,
    OrganisationChoice,
    PersonChoice,
    PoolView,
    absence_card,
    confirm_change_card,
    on_behalf_line,
    organisation_card,
    pools_card,
    routing_note,
)
from cards.texts import Texts
from domain.directory import Routing, RoutingReason
from domain.identity import PersonRef
from tests.card_check import check_cards

AMAGER = OrganisationChoice("pc-amager", "Psykiatrisk Center Amager", "region")
CRB = OrganisationChoice("crb-kbh", "Center for Rusmiddelbehandling København", "kommune")
ANNA = PersonChoice("1", "Anna Andersen – Psykiatrisk Center Amager")


def test_a_substitute_sees_for_whom_and_until_when():
    assert on_behalf_line(Texts("da"), "Anna", date(2026, 12, 5)) == (
        "For Anna, som er fraværende til 5/12"
    )
    assert on_behalf_line(Texts("en"), "Anna", date(2026, 12, 5)) == (
        "For Anna, who is absent until 5/12"
    )


def test_a_partner_pool_is_told_why_the_message_reaches_them():
    anna = PersonRef("t", "anna")
    via_partner = Routing(
        [PersonRef("t", "carl")], anna, RoutingReason.PARTNER_POOL, date(2026, 12, 5)
    )
    direct = Routing([anna], None, RoutingReason.PRESENT)

    note = routing_note(Texts("da"), via_partner, name="Anna", organisation="PC Amager")

    assert note is not None and note.startswith("For Anna i PC Amager, som er fraværende til 5/12.")
    assert "makkerorganisation" in note
    assert routing_note(Texts("da"), direct, name="Anna", organisation="PC Amager") is None


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_directory_card_is_valid_in_both_languages(language: str):
    texts = Texts(language)
    check_cards(
        [
            organisation_card(texts, [AMAGER, CRB], owner="29:a"),
            organisation_card(texts, [AMAGER, CRB], owner="29:a", current=CRB, then="sparring"),
            pools_card(
                texts,
                [PoolView(AMAGER, ["Anna"], [], ["CRB"]), PoolView(CRB, has_channel=True)],
                [ANNA],
                owner="29:a",
            ),
            confirm_change_card(
                texts,
                change="coordinator",
                person=ANNA,
                organisation=AMAGER,
                owner="29:a",
                card_id="c" * 32,
            ),
            confirm_change_card(
                texts,
                change="admin",
                person=ANNA,
                organisation=None,
                owner="29:a",
                card_id="c" * 32,
            ),
            absence_card(
                texts,
                [AbsenceRow(7, date(2026, 12, 1), date(2026, 12, 5), "Bo Bertelsen")],
                [ANNA],
                owner="29:a",
                today=date(2026, 11, 23),
                note="Slettet: fravær 8/12 – 8/12.",
            ),
            absence_card(texts, [], [], owner="29:a", today=date(2026, 11, 23)),
        ]
    )


def test_the_confirmation_names_the_person_and_the_organisation_once_each():
    patti = PersonChoice(
        "5", "Patti Fernandez – Center for Rusmiddelbehandling København", "Patti Fernandez"
    )

    card = confirm_change_card(
        Texts("da"), change="backup", person=patti, organisation=CRB, owner="29:a", card_id="c1"
    )

    text = str(card)
    assert (
        "Gør **Patti Fernandez** til backup-koordinator i **Center for Rusmiddelbehandling København**?"
        in text
    )
    assert text.count("Center for Rusmiddelbehandling København") == 1


def test_a_pool_whose_conversation_the_bot_has_not_seen_does_not_call_it_a_channel_for_sure():
    pool = PoolView(CRB, coordinators=["Isaiah Langer"], has_channel=True)

    card = str(pools_card(Texts("da"), [pool], [ANNA], owner="29:a"))

    assert "en kanal eller gruppechat, hvor botten ikke er installeret endnu" in card
