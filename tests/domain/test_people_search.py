"""Finding a person by what is typed: any case, Danish letters typed either way, ranked, paged."""

from __future__ import annotations

import pytest

from domain.people_search import Searchable, folds, query_fold, search


def person(name: str, value: str = "", *also: str) -> Searchable:
    return Searchable(name, value or name, name, also)


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("søren", "Søren Sørensen"),
        ("soren", "Søren Sørensen"),
        ("SOEREN", "Søren Sørensen"),
        ("åse", "Åse Holm"),
        ("ase", "Åse Holm"),
        ("aase", "Åse Holm"),
        ("laerke", "Lærke Dam"),
        ("LÆRKE", "Lærke Dam"),
        ("jose", "José Ruiz"),
        ("muller", "Jörg Müller"),
        ("holm", "Åse Holm"),
        ("  søren   sør ", "Søren Sørensen"),
    ],
)
def test_a_name_is_found_however_its_letters_are_typed(typed: str, name: str):
    assert [p.title for p in search([person(name), person("Bo Berg")], typed)] == [name]


def test_both_folds_of_a_name_are_kept():
    assert folds("Søren Ærø Åberg") == ("soren aero aberg", "soeren aeroe aaberg")
    assert query_fold("ÆRØ") == "aero"


def test_an_upn_or_address_finds_a_person_after_those_found_by_name():
    people = [person("Anne Holm", "1", "bo@region.dk"), person("Bo Berg", "2")]

    assert [p.value for p in search(people, "bo")] == ["2", "1"]


def test_a_word_starting_with_the_text_comes_before_a_name_only_containing_it():
    people = [person("Karina Anker"), person("Anna Berg"), person("Hanne Dam")]

    assert [p.title for p in search(people, "an")] == ["Anna Berg", "Karina Anker", "Hanne Dam"]


def test_pages_follow_skip_and_top_and_each_value_comes_once():
    people = [person(f"Medarbejder {n:02d}") for n in range(20)] + [person("Medarbejder 00")]

    first = search(people, "medarbejder", skip=0, top=15)
    rest = search(people, "medarbejder", skip=15, top=15)

    assert len(first) == 15 and len(rest) == 5
    assert not {p.value for p in first} & {p.value for p in rest}


def test_nothing_typed_lists_everyone_alphabetically():
    assert [p.title for p in search([person("Bo"), person("Åse"), person("Anne")], "")] == [
        "Anne",
        "Åse",
        "Bo",
    ]
