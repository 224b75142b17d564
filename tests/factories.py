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
