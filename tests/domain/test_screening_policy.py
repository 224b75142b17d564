"""Policies are TOML files chosen by name; a new region is a new file, no code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from domain.screening import (
    DEFAULT_POLICY,
    InvalidPolicy,
    UnknownPolicy,
    available_policies,
    load_policy,
    screen,
)

VALID = """\
name = "{name}"
min_age = 16
max_age = 70
requires_both_sectors = true

[title]
da = "Region Nord"
en = "North Region"
"""


def test_the_national_guidance_is_the_default_and_has_no_upper_age():
    policy = load_policy(DEFAULT_POLICY)

    assert (policy.name, policy.min_age, policy.max_age, policy.requires_both_sectors) == (
        "national",
        18,
        None,
        False,
    )


def test_the_copenhagen_pilot_is_18_to_65_and_requires_both_sectors():
    policy = load_policy("kbh-pilot")

    assert (policy.min_age, policy.max_age, policy.requires_both_sectors) == (18, 65, True)


@pytest.mark.parametrize("name", available_policies())
def test_every_shipped_policy_loads_with_a_danish_and_an_english_title(name: str):
    policy = load_policy(name)

    assert policy.name == name
    assert policy.titles["da"] and policy.titles["en"]


def test_both_shipped_policies_are_available():
    assert {"national", "kbh-pilot"} <= set(available_policies())


@pytest.mark.parametrize("name", ["nationwide", "", "../national", "national.toml", "NATIONAL"])
def test_an_unknown_policy_is_refused_and_the_available_ones_are_named(name: str):
    with pytest.raises(UnknownPolicy, match="available: kbh-pilot, national") as raised:
        load_policy(name)

    assert isinstance(raised.value, ValueError)
    assert raised.value.available == available_policies()


def test_a_new_file_in_the_folder_is_a_new_policy(tmp_path: Path, make_answers):
    (tmp_path / "region-nord.toml").write_text(VALID.format(name="region-nord"), "utf-8")
    (tmp_path / "notes.txt").write_text("not a policy", "utf-8")

    policy = load_policy("region-nord", tmp_path)

    assert available_policies(tmp_path) == ("region-nord",)
    assert (policy.min_age, policy.max_age, policy.titles["en"]) == (16, 70, "North Region")
    assert screen(make_answers(age=16), policy).verdict == "eligible"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (VALID.format(name="other"), "'name' must equal"),
        (VALID.format(name="local").replace("min_age = 16", "min_age = true"), "'min_age'"),
        (VALID.format(name="local").replace("min_age = 16", ""), "'min_age'"),
        (VALID.format(name="local").replace("max_age = 70", "max_age = 15"), "'max_age'"),
        (VALID.format(name="local").replace("true\n", '"yes"\n', 1), "'requires_both_sectors'"),
        (VALID.format(name="local").replace('en = "North Region"', ""), "'[title]'"),
        ("colour = 1\n" + VALID.format(name="local"), "unexpected fields"),
        ("name = ", "policy 'local'"),
    ],
)
def test_a_malformed_policy_file_is_a_clear_error(tmp_path: Path, text: str, problem: str):
    (tmp_path / "local.toml").write_text(text, "utf-8")

    with pytest.raises(InvalidPolicy, match=re.escape(problem)):
        load_policy("local", tmp_path)


@pytest.mark.parametrize(("age", "admitted"), [(17, False), (18, True), (65, True), (66, False)])
def test_the_pilot_admits_ages_18_to_65(age: int, admitted: bool):
    assert load_policy("kbh-pilot").admits_age(age) is admitted


def test_the_age_band_reads_the_same_in_every_language():
    assert (load_policy("national").age_band, load_policy("kbh-pilot").age_band) == ("18+", "18–65")
