"""Who a person is, across bots and tenants: their Microsoft 365 tenant and Entra object id.

The Teams user id (``29:…``) is specific to one bot registration, so it is never the key of a person;
it is only a way to reach them, stored beside their conversation references.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class PersonRef:
    tenant_id: str
    aad_object_id: str

    def __post_init__(self) -> None:
        if not self.tenant_id or not self.aad_object_id:
            raise ValueError("a person needs both a tenant id and an Entra object id")
        object.__setattr__(self, "tenant_id", self.tenant_id.lower())
        object.__setattr__(self, "aad_object_id", self.aad_object_id.lower())
