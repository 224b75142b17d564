"""One run: a fresh database, the directory loaded with ``ki-bot directory load``, ``ki-bot serve``
on the test clock with the fake Bot Connector, the simulated days, then the checker."""

from __future__ import annotations

import os
import random
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from .cast import make_cast
from .checker import Checker, Report
from .rules import CLOSED_DAYS, RETENTION_DAYS, ZONE, calendar_facts
from .simulation import Municipality, Plan
from .teams import StampedConnector, Teams, run_cli

# A Monday in 2023, the last year with Store Bededag (5 May 2023); the second year has none.
DEFAULT_START = datetime(2023, 1, 2, 7, 0, tzinfo=ZONE)


@dataclass
class Options:
    years: float = 2.0
    courses: int = 300
    seed: int = 20
    database: str | None = None
    start: datetime = DEFAULT_START
    staff: int = 140  # per organisation
    keep: Path | None = None  # where to keep the bot's logs
    wall_limit: float | None = None  # seconds; then the days simulated so far are checked


@dataclass
class Result:
    report: Report
    courses: int
    restarts: int
    requests: int
    wall_seconds: float
    year_walls: list[tuple[str, float]] = field(default_factory=list)
    month_walls: list[float] = field(default_factory=list)
    simulated: tuple[datetime, datetime] | None = None
    database: str = ""
    spent: dict[str, float] = field(default_factory=dict)
    calendar: list[str] = field(default_factory=list)


def _fresh_postgres(url: str) -> str:
    url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


async def simulate(options: Options) -> Result:
    started = time.perf_counter()
    rng = random.Random(options.seed)
    cast = make_cast(rng, options.staff)
    with tempfile.TemporaryDirectory(prefix="municipality-") as folder:
        workdir = options.keep or Path(folder)
        workdir.mkdir(parents=True, exist_ok=True)
        if options.database:
            database = _fresh_postgres(options.database)
        else:
            sqlite_file = workdir / "municipality.sqlite3"
            sqlite_file.unlink(missing_ok=True)
            database = f"sqlite:///{sqlite_file}"
        env = {"DATABASE_URL": database, "CLOSED_DAYS": CLOSED_DAYS,
               "RETENTION_DAYS": str(RETENTION_DAYS), "LOG_LEVEL": "WARNING"}  # fmt: skip
        env = {k: v for k, v in env.items() if k != "LOG_LEVEL" or "LOG_LEVEL" in os.environ}
        directory_file = workdir / "directory.toml"
        directory_file.write_text(cast.directory_file(), "utf-8")
        await run_cli(env, "directory", "load", str(directory_file), cwd=workdir)
        connector = StampedConnector(cast.directory)
        await connector.start()
        teams = Teams(connector, workdir, env)
        try:
            await teams.start(options.start)
            for team in cast.teams:
                await teams.install(team)
            end = options.start + timedelta(days=round(365 * options.years))
            plan = Plan(options.start, end, options.courses)
            municipality = Municipality(teams, cast, plan, rng)
            municipality.prepare()
            municipality.wall_limit = options.wall_limit
            await municipality.run()
        finally:
            await teams.close()
            await connector.close()
        report = Checker(municipality.truth, cast, teams.acted_at).check()
        return Result(
            report,
            len(municipality.truth.courses),
            municipality.truth.restarts,
            teams.requests,
            time.perf_counter() - started,
            municipality.year_walls,
            municipality.month_walls,
            (options.start, municipality.truth.ended or end),
            make_url(database).render_as_string(hide_password=True),
            teams.spent,
            calendar_facts(options.start, municipality.truth.ended or end),
        )
