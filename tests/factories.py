"""Factories shared by the tests."""

from __future__ import annotations

from typing import Any

# A typical citizen who qualifies at level 1; tests change only what they are about.
TYPICAL_ANSWERS: dict[str, Any] = {
    "age": 40,
    "psychiatric_disorder": "diagnosed",
    "substance_problem": "in_treatment",
    "regional_psychiatry_contact": True,
    "municipal_treatment_contact": True,
    "benefits_from_both": "yes",
    "obstacle_indicators": ["readmissions"],
    "coordination_already_adequate": False,
    "convening_obstacles": [],
    "unclear_medical_responsibility": False,
    "consent": "given",
}


def typical_answers(**changes: Any) -> dict[str, Any]:
    return {**TYPICAL_ANSWERS, **changes}


# --- who is who (domain.directory) --------------------------------------------------------------

REGION_TENANT = "11111111-1111-4111-8111-111111111111"
KOMMUNE_TENANT = "22222222-2222-4222-8222-222222222222"


def person_ref(name: str, tenant: str = REGION_TENANT) -> Any:
    from domain.identity import PersonRef

    return PersonRef(tenant, f"aad-{name}")


def directory_person(
    name: str, organisation: str | None, *roles: str, tenant: str = REGION_TENANT
) -> Any:
    from domain.directory import Person, Role

    return Person(
        person_ref(name, tenant),
        f"{name}@example.dk",
        name.capitalize(),
        organisation,
        frozenset(Role(r) for r in roles),
    )


def two_organisations(*people: Any, absences: Any = ()) -> Any:
    """A region ("pc-amager") and a kommune ("crb-kbh") paired with each other."""
    from domain.directory import Directory, Organisation, OrgKind

    return Directory.of(
        [
            Organisation(
                "pc-amager",
                OrgKind.REGION,
                "Psykiatrisk Center Amager",
                REGION_TENANT,
                ("crb-kbh",),
            ),
            Organisation(
                "crb-kbh",
                OrgKind.KOMMUNE,
                "Center for Rusmiddelbehandling København",
                KOMMUNE_TENANT,
                ("pc-amager",),
            ),
        ],
        people,
        absences,
    )


# The same kind of citizen as the screening card's inputs send them (texts), for clicks.
ELIGIBLE_CARD_INPUTS: dict[str, str] = {
    "age": "44",
    "psychiatric_disorder": "diagnosed",
    "substance_problem": "in_treatment",
    "regional_psychiatry_contact": "true",
    "municipal_treatment_contact": "true",
    "benefits_from_both": "yes",
    "obstacle_indicators": "readmissions",
    "consent": "given",
}
