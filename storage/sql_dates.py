"""Day arithmetic in SQL that both databases understand: PostgreSQL subtracts dates into whole
days, SQLite counts them with ``julianday()`` on the ISO text it stores dates as (cheaper there
than building a date with ``date()``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement


class days_between(FunctionElement[Any]):
    """``days_between(later, earlier)``: how many days ``later`` is after ``earlier``."""

    type = Integer()
    inherit_cache = True
    name = "days_between"


@compiles(days_between)
def _subtract_days(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"({later} - {earlier})"


@compiles(days_between, "sqlite")
def _sqlite_subtract_days(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"(julianday({later}) - julianday({earlier}))"
