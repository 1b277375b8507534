"""Opening a store: the URL, the engine, SQLite's pragmas and Alembic migrations.

The embedded default is a SQLite file under the user's data directory; ``COMMUNIQUE_DB`` or an
explicit URL (``--db``) chooses another file or a PostgreSQL server
(``postgresql+psycopg://user@host/db``). Migrations ship inside the package, so an installed
communique upgrades a store it opens without any configuration file.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url

ENV_VAR = "COMMUNIQUE_DB"
MIGRATIONS = Path(__file__).parent / "migrations"
SQLITE_BUSY_MS = 30_000
"""How long a writer waits for another's lock before giving up (parallel ingests share a file)."""


def default_url() -> str:
    """``COMMUNIQUE_DB`` when set, else ``communique.db`` in the user's data directory."""
    configured = os.environ.get(ENV_VAR, "").strip()
    if configured:
        return normalise_url(configured)
    from platformdirs import user_data_dir

    return f"sqlite:///{Path(user_data_dir('communique', appauthor=False)) / 'communique.db'}"


def normalise_url(url: str) -> str:
    """A URL, or a bare file path taken as a SQLite file; ``postgresql://`` uses psycopg 3."""
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().absolute()}"
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


SQLITE_WRITE = "communique_sqlite_write"
"""Execution option of a connection whose transaction writes: it begins ``IMMEDIATE``."""


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # The driver would begin transactions itself, only before its first INSERT or UPDATE, so
    # that reads before it ran outside the transaction; SQLAlchemy begins them (_sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    """``BEGIN IMMEDIATE`` for a writer, which so takes the write lock (waiting up to the busy
    timeout) before its first read: concurrent writers take turns whole, and what one reads to
    decide (is this article stored, which event does it report) cannot change before it commits.
    Readers begin ``DEFERRED`` and, in WAL mode, never wait."""
    immediate = connection.get_execution_options().get(SQLITE_WRITE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str) -> Engine:
    """An engine for ``url``; a SQLite file's directory is created, WAL and a busy timeout set."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def alembic_config(engine: Engine | None = None) -> Any:
    """Alembic's configuration, pointing at the migrations inside the installed package."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


HEAD_REVISION = "0002"
"""The newest migration; a test keeps it equal to Alembic's head. Knowing it here lets a store
that is up to date open without importing Alembic (a command line answers sooner)."""


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def migrate(engine: Engine) -> None:
    """Bring the store's schema to the newest revision (a no-op when it is there already)."""
    if current_revision(engine) == HEAD_REVISION:
        return
    from alembic import command

    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
