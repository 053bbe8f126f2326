"""Signed-in browsers that survive a reload, a new tab and a server restart.

Signing in creates a session with a one-time *handoff code*. The browser takes the code
to `/auth/session` (assessment/web/server.py), which trades it for a random token set as
an HttpOnly, SameSite cookie; each new page load then resumes the session from that
cookie. Only SHA-256 hashes of the code and the token are stored. A session ends when it
is idle longer than the idle timeout, older than its lifetime, or when its person signs
out (which ends all their sessions) or is disabled.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from .repository import Store
from .rowcount import rows_changed
from .tables import DeviceRow, SessionRow, UserRow, now

HANDOFF = timedelta(minutes=2)
TOUCH_EVERY = timedelta(minutes=1)
"""How often `last_seen` is written: often enough for the idle timeout, rarely enough to cost nothing."""


def idle_timeout() -> timedelta:
    return timedelta(hours=float(os.environ.get("ASSESSMENT_SESSION_IDLE_HOURS", "8")))


def lifetime() -> timedelta:
    return timedelta(hours=float(os.environ.get("ASSESSMENT_SESSION_MAX_HOURS", "72")))


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class SessionInfo:
    id: int
    user_id: int


def _alive(row: SessionRow | None, user: UserRow | None, at: datetime) -> bool:
    return (
        row is not None
        and user is not None
        and user.active
        and row.ended_at is None
        and at - row.last_seen <= idle_timeout()
        and at - row.created_at <= lifetime()
    )


def start(store: Store, user_id: int, *, at: datetime | None = None) -> tuple[SessionInfo, str]:
    """A new session for a person who just proved who they are, and its one-time handoff code."""
    code = secrets.token_urlsafe(32)
    at = at or now()
    with store._write() as session:
        row = SessionRow(user_id=user_id, handoff_hash=digest(code), created_at=at, last_seen=at)
        session.add(row)
        session.flush()
        return SessionInfo(row.id, user_id), code


def activate(store: Store, code: str, *, at: datetime | None = None) -> str | None:
    """Trade a handoff code (once, within two minutes) for the session's cookie token."""
    found = activate_session(store, code, at=at)
    return found[1] if found else None


def activate_session(store: Store, code: str, *, at: datetime | None = None) -> tuple[SessionInfo, str] | None:
    """Trade a handoff code (once, within two minutes) for the session and its cookie token."""
    at = at or now()
    token = secrets.token_urlsafe(32)
    with store._write() as session:
        row = session.scalars(select(SessionRow).where(SessionRow.handoff_hash == digest(code))).first()
        if row is None:
            return None
        claimed = session.execute(  # single use, whatever happens next, even for two requests at once
            update(SessionRow).where(SessionRow.id == row.id, SessionRow.handoff_hash == digest(code))
            .values(handoff_hash=None)
        )  # fmt: skip
        if rows_changed(claimed) != 1:
            return None
        session.refresh(row)
        user = session.get(UserRow, row.user_id)
        if row.token_hash is not None or at - row.created_at > HANDOFF or not _alive(row, user, at):
            return None
        row.token_hash, row.last_seen = digest(token), at
        return SessionInfo(row.id, row.user_id), token


def resume(store: Store, token: str | None, *, at: datetime | None = None) -> SessionInfo | None:
    """The live session a cookie token belongs to, or None."""
    if not token or len(token) > 200:
        return None
    at = at or now()
    with store._read() as session:
        row = session.scalars(select(SessionRow).where(SessionRow.token_hash == digest(token))).first()
        user = session.get(UserRow, row.user_id) if row is not None else None
        if row is None or not _alive(row, user, at):
            return None
        info = SessionInfo(row.id, row.user_id)
    touch(store, info.id, at=at)
    return info


def touch(store: Store, session_id: int, *, at: datetime | None = None) -> bool:
    """Record activity (at most once a minute); False when the session is no longer alive."""
    at = at or now()
    with store._read() as session:
        row = session.get(SessionRow, session_id)
        user = session.get(UserRow, row.user_id) if row is not None else None
        if row is None or not _alive(row, user, at):
            return False
        if at - row.last_seen < TOUCH_EVERY:
            return True
    with store._write() as session:
        session.execute(update(SessionRow).where(SessionRow.id == session_id).values(last_seen=at))
    return True


def end(store: Store, session_id: int) -> None:
    with store._write() as session:
        session.execute(
            update(SessionRow).where(SessionRow.id == session_id, SessionRow.ended_at.is_(None)).values(ended_at=now())
        )


def end_all(store: Store, user_id: int) -> int:
    """End every session of a person (sign-out everywhere, disabled account, new password); how many ended."""
    with store._write() as session:
        result = session.execute(
            update(SessionRow)
            .where(SessionRow.user_id == user_id, SessionRow.ended_at.is_(None))
            .values(ended_at=now(), handoff_hash=None)
        )
        return rows_changed(result) or 0


def remember_device(store: Store, user_id: int, token: str | None) -> str | None:
    """The device cookie for a browser that just signed in: a new one, or None when it already has a valid one."""
    if token and known_device(store, user_id, token) is not None:
        return None
    new = secrets.token_urlsafe(32)
    with store._write() as session:
        session.add(DeviceRow(user_id=user_id, token_hash=digest(new)))
    return new


def known_device(store: Store, user_id: int, token: str | None) -> int | None:
    """The id of this browser's device record for `user_id`, if it has signed in to that account before."""
    if not token or len(token) > 200:
        return None
    with store._read() as session:
        row = session.scalars(select(DeviceRow).where(DeviceRow.token_hash == digest(token))).first()
        return row.id if row is not None and row.user_id == user_id else None
