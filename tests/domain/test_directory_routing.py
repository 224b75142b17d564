"""While someone is absent, what the bot would send them goes to whoever covers for them."""

from __future__ import annotations

from datetime import date

import pytest

from domain.directory import Absence, RoutingReason, pool_routing, route
from tests.factories import KOMMUNE_TENANT, directory_person, person_ref, two_organisations

DAY = date(2026, 12, 2)
ref = person_ref


def away(name: str, substitute: str | None = None, until: date = date(2026, 12, 5)) -> Absence:
    return Absence(ref(name), date(2026, 12, 1), until, ref(substitute) if substitute else None)


def staff(name: str) -> object:
    return directory_person(name, "pc-amager")


def coordinator(name: str, org: str = "pc-amager") -> object:
    tenant = KOMMUNE_TENANT if org == "crb-kbh" else None
    if tenant:
        return directory_person(name, org, "coordinator", tenant=tenant)
    return directory_person(name, org, "coordinator")


def test_a_present_person_gets_their_own_messages():
    routing = route(ref("dina"), DAY, two_organisations(staff("dina")))

    assert routing.deliver_to == [ref("dina")]
    assert (routing.on_behalf_of, routing.reason) == (None, RoutingReason.PRESENT)


def test_an_absent_person_s_messages_go_to_their_substitute_with_why():
    directory = two_organisations(staff("dina"), staff("erik"), absences=[away("dina", "erik")])

    routing = route(ref("dina"), DAY, directory)

    assert routing.deliver_to == [ref("erik")] and routing.on_behalf_of == ref("dina")
    assert (routing.reason, routing.absent_until) == (RoutingReason.SUBSTITUTE, date(2026, 12, 5))


def test_the_absence_counts_on_its_first_and_last_day_only():
    directory = two_organisations(staff("dina"), staff("erik"), absences=[away("dina", "erik")])

    days = [date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 5), date(2026, 12, 6)]

    assert [route(ref("dina"), d, directory).deliver_to for d in days] == [
        [ref("dina")],
        [ref("erik")],
        [ref("erik")],
        [ref("dina")],
    ]


def test_a_substitute_who_is_absent_too_hands_on_to_their_own_substitute_once():
    directory = two_organisations(
        staff("dina"),
        staff("erik"),
        staff("finn"),
        absences=[away("dina", "erik"), away("erik", "finn")],
    )

    routing = route(ref("dina"), DAY, directory)

    assert routing.deliver_to == [ref("finn")] and routing.on_behalf_of == ref("dina")
    assert routing.reason is RoutingReason.SUBSTITUTES_SUBSTITUTE


def test_the_chain_of_substitutes_stops_after_two_and_never_returns_to_the_absent_person():
    far = two_organisations(
        staff("dina"),
        staff("erik"),
        staff("finn"),
        staff("gry"),
        absences=[away("dina", "erik"), away("erik", "finn"), away("finn", "gry")],
    )
    circle = two_organisations(
        staff("dina"), staff("erik"), absences=[away("dina", "erik"), away("erik", "dina")]
    )

    assert route(ref("dina"), DAY, far).reason is RoutingReason.NOBODY_COVERS
    assert route(ref("dina"), DAY, circle).deliver_to == [ref("dina")]


def test_an_absent_person_without_cover_still_gets_their_messages_to_read_later():
    routing = route(ref("dina"), DAY, two_organisations(staff("dina"), absences=[away("dina")]))

    assert routing.deliver_to == [ref("dina")] and routing.on_behalf_of is None
    assert routing.reason is RoutingReason.NOBODY_COVERS


def test_an_absent_coordinator_s_messages_go_to_the_other_present_coordinators():
    directory = two_organisations(
        coordinator("anna"),
        coordinator("anne"),
        coordinator("asta"),
        absences=[away("anna"), away("asta")],
    )

    routing = route(ref("anna"), DAY, directory)

    assert routing.deliver_to == [ref("anne")] and routing.on_behalf_of == ref("anna")
    assert routing.reason is RoutingReason.POOL_COORDINATORS


def test_a_coordinator_s_own_substitute_comes_before_the_pool():
    directory = two_organisations(
        coordinator("anna"), coordinator("anne"), staff("erik"), absences=[away("anna", "erik")]
    )

    assert route(ref("anna"), DAY, directory).deliver_to == [ref("erik")]


def test_an_absent_coordinator_in_a_pool_of_one_is_covered_by_the_backups():
    directory = two_organisations(
        coordinator("anna"),
        directory_person("bo", "pc-amager", "backup"),
        coordinator("carl", "crb-kbh"),
        absences=[away("anna")],
    )

    routing = route(ref("anna"), DAY, directory)

    assert routing.deliver_to == [ref("bo")] and routing.reason is RoutingReason.POOL_BACKUPS


def test_an_absent_coordinator_in_a_pool_of_one_without_backups_goes_to_the_partner_pool():
    directory = two_organisations(
        coordinator("anna"), coordinator("carl", "crb-kbh"), absences=[away("anna")]
    )

    routing = route(ref("anna"), DAY, directory)

    assert routing.deliver_to == [person_ref("carl", KOMMUNE_TENANT)]
    assert routing.on_behalf_of == ref("anna")
    assert routing.reason is RoutingReason.PARTNER_POOL


def test_a_pool_whose_coordinators_are_all_away_is_reached_through_backups_then_partners():
    with_backup = two_organisations(
        coordinator("anna"), directory_person("bo", "pc-amager", "backup"), absences=[away("anna")]
    )
    without = two_organisations(
        coordinator("anna"), coordinator("carl", "crb-kbh"), absences=[away("anna")]
    )
    nobody = two_organisations(coordinator("anna"), absences=[away("anna")])

    assert pool_routing("pc-amager", DAY, with_backup).deliver_to == [ref("bo")]
    assert pool_routing("pc-amager", DAY, without).reason is RoutingReason.PARTNER_POOL
    assert pool_routing("pc-amager", DAY, nobody) is None


def test_an_absence_cannot_end_before_it_starts_or_name_the_absent_person_as_substitute():
    with pytest.raises(ValueError, match="end before"):
        Absence(ref("dina"), date(2026, 12, 5), date(2026, 12, 1))
    with pytest.raises(ValueError, match="own substitute"):
        Absence(ref("dina"), date(2026, 12, 1), date(2026, 12, 5), ref("dina"))
