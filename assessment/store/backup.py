"""A consistent copy of the database while the app runs: SQLite's online backup, or pg_dump.

Restore (the app stopped): for SQLite, copy the backup over `data/assessment.db` (and
delete any `assessment.db-wal` and `-shm` beside it); for PostgreSQL,
`pg_restore --clean --if-exists -d DATABASE backup.dump`. docs/deployment.md says more.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import make_url

from ..errors import AssessmentError


def backup(url: str, target: Path) -> Path:
    """Write a consistent copy of the database at `url` to `target` (readable by its owner only)."""
    target = Path(target)
    if target.exists() or target.is_symlink():
        raise AssessmentError(f"{target} exists already: choose a new file name")
    parsed = make_url(url)
    try:
        return _backup(parsed, target)
    except BaseException:
        target.unlink(missing_ok=True)  # nothing half-written stays behind
        raise


def _new_private_file(target: Path) -> None:
    """Create the file, readable by its owner only, refusing to follow a link planted at its name."""
    try:
        os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW, 0o600))
    except OSError as exc:
        raise AssessmentError(f"cannot create {target}: {exc.strerror or exc}") from None


def _backup(parsed, target: Path) -> Path:
    if parsed.get_backend_name() == "sqlite":
        source_path = parsed.database
        if not source_path or not Path(source_path).exists():
            raise AssessmentError(f"there is no database file {source_path}")
        _new_private_file(target)
        with sqlite3.connect(source_path) as source, sqlite3.connect(target) as copy:
            source.backup(copy)  # page by page, consistent even while the app writes
        return target
    if parsed.get_backend_name() == "postgresql":
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            raise AssessmentError("pg_dump is not installed (Debian: apt-get install postgresql-client)")
        plain = parsed.set(drivername="postgresql")
        environment = dict(os.environ, PGPASSWORD=plain.password or "")
        dsn = plain.set(password=None).render_as_string(hide_password=False)
        _new_private_file(target)
        result = subprocess.run(  # noqa: S603 - fixed program, no shell
            [pg_dump, "--format=custom", "--no-owner", f"--file={target}", dsn],
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise AssessmentError(f"pg_dump failed: {result.stderr.strip()[:500]}")
        return target
    raise AssessmentError(f"backups of {parsed.get_backend_name()} databases are not supported")
