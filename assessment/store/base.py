"""What every part of the store shares: the engine, read sessions and write transactions.

Also the guard on every write: no text with NUL, other control characters or bidi
overrides reaches the database, whichever module writes it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from ..errors import AssessmentError
from ..textcheck import forbidden_characters
from .database import make_engine, migrate


class StoreBase:
    """One database (SQLite file or server), migrated to the newest schema when opened."""

    def __init__(self, url: str | None = None, *, engine: Engine | None = None, run_migrations: bool = True) -> None:
        self.engine = engine or make_engine(url)
        if run_migrations:
            migrate(self.engine)

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with Session(self.engine) as session:
            yield session

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """One transaction: committed whole at the end of the block, or rolled back whole."""
        with (
            self.engine.connect().execution_options(write=True) as connection,
            Session(bind=connection) as session,
            session.begin(),
        ):
            yield session


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


@event.listens_for(Session, "before_flush")
def _refuse_forbidden_characters(session: Session, _context: object, _instances: object) -> None:
    """No text with NUL, other control characters or bidi overrides reaches the database, from anywhere."""
    for row in (*session.new, *session.dirty):
        for column in row.__table__.columns:
            for text in _strings(getattr(row, column.key, None)):
                found = forbidden_characters(text)
                if found:
                    field = column.key.replace("_", " ")
                    raise AssessmentError(
                        f"the {field} contains a character that is not allowed ({', '.join(found)}): remove it",
                        key="error.character",
                        characters=", ".join(found),
                    )
