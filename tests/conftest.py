"""Shared fixtures: databases (SQLite always, PostgreSQL when KI_TEST_POSTGRES_URL is set), a
bot served over real HTTP on loopback talking to a fake Bot Connector (``tests/harness``), and the
world of several people around it."""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, exists, literal, select, text, union_all
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

import storage.tables  # noqa: F401  (every table in SQLModel.metadata)
from bot.config import Settings
from domain.clock import FixedClock
from storage.migrate import alembic_config, upgrade
from tests.card_check import check_cards, check_message_size
from tests.harness import BotUnderTest, FakeConnector, World
from tests.harness.cast import standard_directory
from tests.harness.process import BotProcess

__all__ = ["BotUnderTest"]  # the tests of one bot instance import it from here

POSTGRES_URL = os.environ.get("KI_TEST_POSTGRES_URL", "")
REQUIRE_POSTGRES = os.environ.get("KI_REQUIRE_POSTGRES") == "1"


@functools.cache
def _database_of_this_worker(url: str) -> str:
    """Parallel test workers (pytest-xdist) each get a PostgreSQL database of their own, made
    on first use next to the configured one: ``kibot_test`` → ``kibot_test_gw0``, …"""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    parsed = make_url(url)
    name = f"{parsed.database}_{worker}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        ).scalar()
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return parsed.set(database=name).render_as_string(hide_password=False)


def _fresh_postgres_schema(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def _postgres_url() -> str:
    if not POSTGRES_URL:
        if REQUIRE_POSTGRES:
            pytest.fail("KI_REQUIRE_POSTGRES=1 but KI_TEST_POSTGRES_URL is not set")
        pytest.skip("no PostgreSQL: set KI_TEST_POSTGRES_URL")
    return _database_of_this_worker(
        POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1)
    )


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each kind, not migrated; the PostgreSQL one fails instead of
    skipping in CI."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ki-bot.sqlite3'}"
    url = _postgres_url()
    _fresh_postgres_schema(url)
    return url


# Migrating a database costs about a second; thousands of tests start from a migrated one.
@pytest.fixture(params=["sqlite", "postgres"])
def migrated_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database of each kind with every migration applied and no rows: a copy of a SQLite
    file migrated once per test process, or this process's PostgreSQL database with the
    previous test's rows deleted (migrated anew when it is not at the head)."""
    if request.param == "sqlite":
        path = tmp_path / "ki-bot.sqlite3"
        shutil.copyfile(_migrated_sqlite_template(), path)
        return f"sqlite:///{path}"
    url = _postgres_url()
    if not _emptied_at_head(url):
        _fresh_postgres_schema(url)
        engine = create_engine(url)
        upgrade(engine)
        engine.dispose()
    return url


@functools.cache
def _head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


@functools.cache
def _migrated_sqlite_template() -> Path:
    path = Path(tempfile.mkdtemp(prefix="ki-bot-migrated-")) / "template.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


APPEND_ONLY = frozenset({"audit_log"})  # a trigger refuses DELETE; TRUNCATE is for tests only
# Not data but bookkeeping the migration writes: its rows stay, as in a database in production.
KEPT_ROWS = frozenset({"directory_versions"})


@functools.cache
def _engine(url: str) -> Engine:
    """One engine per database for the emptying between tests (one connection, kept)."""
    return create_engine(url, pool_size=1, pool_pre_ping=True)


def _emptied_at_head(url: str) -> bool:
    """Deletes every row (child tables first) and restarts the sequences, when the schema is
    exactly the migrated one; False (nothing done) otherwise. A test touches few of the tables:
    one query finds those with rows and the sequences used, one batch empties them."""
    with _engine(url).begin() as connection:
        if not _at_head(connection):
            return False
        order = list(reversed(SQLModel.metadata.sorted_tables))
        with_rows = set(
            connection.execute(
                union_all(
                    *(
                        select(literal(t.name)).where(exists(select(1).select_from(t)))
                        for t in order
                    )
                )
            ).scalars()
        )
        used = connection.execute(
            text(
                "SELECT sequencename FROM pg_sequences"
                " WHERE schemaname = 'public' AND last_value IS NOT NULL"
            )
        ).scalars()
        statements = [
            f'TRUNCATE "{t.name}"'
            if t.name in APPEND_ONLY
            else str(t.delete().compile(dialect=connection.dialect))
            for t in order
            if t.name in with_rows and t.name not in KEPT_ROWS
        ] + [f'ALTER SEQUENCE "{name}" RESTART' for name in used.all()]
        if statements:  # several statements in one round trip (no parameters: simple protocol)
            connection.connection.cursor().execute("; ".join(statements))
        return True


def _at_head(connection: Connection) -> bool:
    tables = set(
        connection.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        ).scalars()
    )
    if tables != {table.name for table in SQLModel.metadata.sorted_tables} | {"alembic_version"}:
        return False
    version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return bool(version == _head_revision())


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def settings(migrated_database_url: str) -> Settings:
    return Settings(database_url=migrated_database_url)


@pytest.fixture
async def connector() -> AsyncIterator[FakeConnector]:
    """The fake Bot Connector with the standard cast (two tenants, teams, a group chat).
    Every card and message the bot sent, or answered to a click, is checked as Teams would."""
    fake = FakeConnector(standard_directory())
    await fake.start()
    yield fake
    await fake.close()
    for sent in fake.sent:
        check_message_size(sent.activity)
    for card in fake.returned_cards:
        check_message_size({"type": "invokeResponse", "value": card})
    check_cards([card for sent in fake.sent for card in sent.cards] + fake.returned_cards)


@pytest.fixture
async def bot(
    settings: Settings, clock: FixedClock, connector: FakeConnector
) -> AsyncIterator[BotUnderTest]:
    # The database is migrated (migrated_database_url); the app's own migration at start is shown
    # by the tests that start it on a new file (test_every_verb_over_http, the serve tests).
    under_test = BotUnderTest(settings, clock, connector, migrate=False)
    await under_test.start()
    yield under_test
    await under_test.stop()


@pytest.fixture
def world(connector: FakeConnector, bot: BotUnderTest) -> World:
    return World(connector, [bot])


StartInstance = Callable[[], Awaitable[BotUnderTest]]


@pytest.fixture
async def start_instance(world: World) -> AsyncIterator[StartInstance]:
    """Starts another bot instance on the same database and connector (multi-instance tests);
    it joins ``world.bots`` and has its own clock, set to the first instance's time."""
    started: list[BotUnderTest] = []

    async def start() -> BotUnderTest:
        first = world.bot
        instance = BotUnderTest(
            first.settings,
            FixedClock(first.clock.now()),
            world.connector,
            name=f"bot-{len(world.bots) + 1}",
            migrate=False,
        )
        await instance.start()
        started.append(instance)
        world.bots.append(instance)
        return instance

    yield start
    for instance in started:
        await instance.stop()


StartProcess = Callable[[], Awaitable[BotProcess]]


@pytest.fixture
async def start_process(world: World, tmp_path: Path) -> AsyncIterator[StartProcess]:
    """Starts ``ki-bot serve`` as its own process on the test's database (it can be SIGKILLed)."""
    started: list[BotProcess] = []

    async def start() -> BotProcess:
        process = BotProcess(
            world.bot.settings.database_url, tmp_path, name=f"process-{len(started) + 1}"
        )
        await process.start()
        started.append(process)
        return process

    yield start
    for process in started:
        process.kill()


@pytest.fixture
def conversation_id() -> Iterator[str]:
    yield f"a:conversation-{uuid.uuid4().hex[:8]}"


# Which end-to-end tests run on PostgreSQL too. Storage, the outbox and the migrations are tested on
# both databases in their own directories (tests/storage, tests/outbox, …); an end-to-end test
# exercises what is above them, the same on either. So a test under tests/e2e runs on SQLite, and
# on PostgreSQL as well when it shows something about the database under several actors: it
# starts several instances or processes (leases, locks, concurrent claims), or its module is one
# of the representative set below (turn basics, concurrency, outbox, privacy deletion across every
# table, and each capability's main flow), or it is marked ``both_databases``.
# KI_TEST_ALL_DATABASES=1 runs every end-to-end test on both.
POSTGRES_END_TO_END = frozenset(
    f"tests/e2e/{name}.py"
    for name in (
        "test_foundation_over_http",
        "test_concurrent_turns_over_http",
        "test_shared_card_under_load",
        "test_dead_instance_over_http",
        "test_outbox_after_kill",
        "test_redelivered_invokes_over_http",
        "test_slow_connector_over_http",
        "test_truthful_sends_over_http",
        "test_reachable_again_over_http",
        "test_privacy_over_http",
        "test_privacy_commands",
        "test_every_verb_over_http",
        "test_course_over_http",
        "test_meeting_poll_over_http",
        "test_sparring_over_http",
        "test_reminders_over_http",
        "test_directory_over_http",
        "test_screening_over_http",
    )
)
SEVERAL_ACTORS = frozenset({"start_instance", "start_process"})
DATABASE_FIXTURES = ("migrated_database_url", "database_url")


def _on_postgres(item: pytest.Item) -> bool:
    params = getattr(item, "callspec", None)
    return params is not None and any(
        params.params.get(name) == "postgres" for name in DATABASE_FIXTURES
    )


def _postgres_shows_something(item: pytest.Item, root: Path) -> bool:
    path = item.path.relative_to(root).as_posix()
    return (
        not path.startswith("tests/e2e/")
        or path in POSTGRES_END_TO_END
        or bool(SEVERAL_ACTORS & set(getattr(item, "fixturenames", ())))
        or item.get_closest_marker("both_databases") is not None
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "both_databases: an end-to-end test that runs on PostgreSQL as well as SQLite"
    )
    config.addinivalue_line(
        "markers", "slow: a test of many seconds, started first so the workers end together"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    root = config.rootpath
    if os.environ.get("KI_TEST_ALL_DATABASES") != "1":
        dropped = [i for i in items if _on_postgres(i) and not _postgres_shows_something(i, root)]
        if dropped:
            config.hook.pytest_deselected(items=dropped)
            kept = set(map(id, dropped))
            items[:] = [item for item in items if id(item) not in kept]
    # The few tests of tens of seconds go first: at the end they would keep one worker busy
    # while the other has nothing left (pytest-xdist hands out tests in this order).
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
