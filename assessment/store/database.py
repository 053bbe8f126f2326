"""Database engines: embedded SQLite by default, any SQLAlchemy URL through DATABASE_URL.

SQLite runs in WAL mode with foreign keys on, a busy timeout instead of "database is
locked" errors, and full fsync on commit: an answer acknowledged as saved survives a
crash. Write transactions start with BEGIN IMMEDIATE so that two writers queue up
instead of failing when one of them tries to upgrade a read lock.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, make_url

PROJECT_ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_SECONDS = 15


def default_url() -> str:
    """DATABASE_URL, else an SQLite file in ASSESSMENT_DATA_DIR (default: data/ in the project)."""
    if url := os.environ.get("DATABASE_URL"):
        return url
    folder = Path(os.environ.get("ASSESSMENT_DATA_DIR", PROJECT_ROOT / "data"))
    if not folder.exists():
        folder.mkdir(parents=True, mode=0o700)  # answers, names and password hashes: for the server's user only
    return f"sqlite:///{folder / 'assessment.db'}"


def create_private_file(path: Path) -> None:
    """Create an empty database file readable by its owner only (SQLite gives -wal and -shm the same mode)."""
    if path.exists() or str(path) in ("", ":memory:"):
        return
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with contextlib.suppress(FileExistsError):  # another process created it first
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection) -> None:
        immediate = connection.get_execution_options().get("write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str | None = None) -> Engine:
    url = url or default_url()
    if url.startswith("sqlite"):
        database = make_url(url).database
        if database:
            create_private_file(Path(database))
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_SECONDS, "check_same_thread": False})
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True)


def migrate(engine: Engine) -> None:
    """Bring the database schema to the newest migration (safe to run at every start)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
