"""Day arithmetic in SQL that both databases understand: PostgreSQL adds whole days to a date,
SQLite's ``date()`` does it on the ISO text it stores dates as."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Date
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement


class days_after(FunctionElement[Any]):
    """``days_after(day, n)``: the date ``n`` days after ``day``."""

    type = Date()
    inherit_cache = True
    name = "days_after"


@compiles(days_after)
def _add_days(element: days_after, compiler: SQLCompiler, **kw: Any) -> str:
    day, days = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"({day} + CAST({days} AS INTEGER))"


@compiles(days_after, "sqlite")
def _sqlite_add_days(element: days_after, compiler: SQLCompiler, **kw: Any) -> str:
    day, days = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"date({day}, '+' || CAST({days} AS INTEGER) || ' days')"
