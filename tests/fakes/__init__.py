"""In-memory fakes of the repositories a unit of work hands out, so a dialog's rules are tested
without a database (cosmicpython's ``FakeRepository`` and ``FakeUnitOfWork``).

Each fake keeps the same promises as its SQL twin where a dialog relies on them (a dedupe key
queued once, a conditional change that reports whether it happened, audit entries checked like
the real log's); the SQL twins are tested against both databases in ``tests/storage``.
"""

from .unit_of_work import FakeUnitOfWork, FakeUnitsOfWork

__all__ = ["FakeUnitOfWork", "FakeUnitsOfWork"]
