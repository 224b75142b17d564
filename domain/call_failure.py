"""A call to another service that failed, with what the caller needs to decide what to do next."""

from __future__ import annotations

from typing import Generic, TypeVar

Kind = TypeVar("Kind", bound=str)


class CallFailure(Exception, Generic[Kind]):
    """``kind`` says what the caller should do (each service names its own kinds); ``status`` is
    the HTTP status when there was one, ``retry_after`` the seconds the service asked us to wait."""

    def __init__(
        self,
        kind: Kind,
        reason: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(f"{kind}: {reason}")
        self.kind: Kind = kind
        self.reason = reason
        self.status = status
        self.retry_after = retry_after
