"""Accounts: Argon2 password hashes, scopes, and sign-in slowed down after failures but never locked.

After `MAX_FAILURES` failed attempts for one user name from one address within
`FAILURE_WINDOW`, each further attempt must wait, doubling from 30 seconds up to 15
minutes after the last failure. Attempts refused while waiting are recorded but do not
count: they never extend the wait. Failures from one address across many user names are
slowed down the same way (`MAX_ADDRESS_FAILURES`). Nobody can keep an account out for
longer than the longest wait, and a person at another address is not slowed at all.
"""

from __future__ import annotations

import functools
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select, update

from ..access import ROLES, AccessDenied, Principal, Reach, Role, reach_of
from ..countries import is_country_code
from ..errors import AssessmentError, LinkInvalid
from ..textcheck import has_forbidden_characters
from . import sessions
from .audit import NO_ASSESSMENT, log_change
from .passwords import MIN_LENGTH, check_password, password_hasher
from .repository import Store
from .rowcount import rows_changed
from .tables import AssessmentRow, PasswordResetRow, ScopeRow, SignInRow, UserRow, now

MIN_PASSWORD = MIN_LENGTH
MAX_FAILURES = 5
MAX_ADDRESS_FAILURES = 20
FAILURE_WINDOW = timedelta(minutes=15)
FIRST_WAIT = timedelta(seconds=30)
LONGEST_WAIT = timedelta(minutes=15)
KEEP_SIGN_INS = timedelta(days=30)
RESET_LIFETIME = timedelta(days=3)
SCOPE_ROLES = {
    "country": tuple(r for r in ROLES if reach_of(r) is Reach.COUNTRIES),
    "assessment": tuple(r for r in ROLES if reach_of(r) is Reach.INVITATIONS),
}
"""The roles that may be granted each kind of scope: those the access policy lets reach countries, or invitations."""
_hasher = password_hasher()


def hash_password(password: str) -> str:
    """The Argon2 hash stored for a password (the password itself never is)."""
    return _hasher.hash(password)


@functools.cache
def _dummy_hash() -> str:
    """A hash that unknown names are checked against, to spend the same time on them as on real accounts.

    Computed on first use, not at import (an Argon2 hash takes a good part of a second, and
    the sign-in page must not wait for it); `sign_in` asks for it before it reads anything,
    so only the very first attempt of a process pays for it, whatever name it gives.
    """
    return _hasher.hash("a password nobody has, to spend the same time on unknown names")


class SignInRefused(AccessDenied):
    """A refused sign-in; `minutes` is set when the account must wait after too many failures."""

    def __init__(self, message: str, minutes: int | None = None) -> None:
        super().__init__(message)
        self.minutes = minutes


@dataclass(frozen=True, slots=True)
class UserInfo:
    id: int
    username: str
    display_name: str
    role: Role
    active: bool


def _user_info(row: UserRow) -> UserInfo:
    return UserInfo(row.id, row.username, row.display_name, Role(row.role), row.active)


def any_users(store: Store) -> bool:
    with store._read() as session:
        return bool(session.scalar(select(func.count()).select_from(UserRow)))


def create_first_admin(store: Store, username: str, password: str) -> UserInfo:
    """The first administrator, only while there is no account at all (checked in the same transaction)."""
    return create_user(store, username, password, Role.ADMINISTRATOR, actor="setup", only_if_first=True)


def create_user(
    store: Store,
    username: str,
    password: str,
    role: str,
    *,
    display_name: str = "",
    actor: str,
    only_if_first: bool = False,
) -> UserInfo:
    username = username.strip().lower()
    if not username or len(username) > 200:
        raise AssessmentError("a user name (or e-mail address) of up to 200 characters is needed")
    if role not in ROLES:
        raise AssessmentError(f"role must be one of {', '.join(ROLES)}")
    if has_forbidden_characters(username):
        raise AssessmentError("a user name cannot contain control or direction-changing characters")
    check_password(password, username)
    with store._write() as session:
        if only_if_first and session.scalar(select(func.count()).select_from(UserRow)):
            raise AccessDenied("an administrator already exists: sign in instead")
        if session.scalars(select(UserRow).where(UserRow.username == username)).first() is not None:
            raise AssessmentError(f"there is already a user '{username}'")
        row = UserRow(
            username=username,
            display_name=display_name.strip()[:200],
            role=role,
            password_hash=_hasher.hash(password),
            active=True,
        )
        session.add(row)
        session.flush()
        log_change(session, actor=actor, entity="role", key=username, new={"role": role})
        return _user_info(row)


def users(store: Store) -> list[UserInfo]:
    with store._read() as session:
        return [_user_info(r) for r in session.scalars(select(UserRow).order_by(UserRow.username))]


def set_role(store: Store, user_id: int, role: str, *, actor: str) -> None:
    if role not in ROLES:
        raise AssessmentError(f"role must be one of {', '.join(ROLES)}")
    with store._write() as session:
        row = session.get(UserRow, user_id)
        if row is None:
            raise AssessmentError(f"there is no user {user_id}")
        if row.role != role:
            log_change(session, actor=actor, entity="role", key=row.username, old={"role": row.role},
                       new={"role": role})  # fmt: skip
            row.role = role
            _cancel_resets(session, user_id)


def _cancel_resets(session, user_id: int) -> None:
    """Unused reset codes stop working when an account's rights change: a code made earlier,
    perhaps by someone allowed to manage the account then, must not open the wider account."""
    session.execute(
        update(PasswordResetRow)
        .where(PasswordResetRow.user_id == user_id, PasswordResetRow.used_at.is_(None))
        .values(used_at=now())
    )


def grant(
    store: Store,
    user_id: int,
    *,
    actor: str,
    country: str | None = None,
    assessment_id: int | None = None,
    group: str | None = None,
) -> None:
    """Give a user a country (facilitators, viewers) or an invitation to an assessment for a group (respondents)."""
    if (country is None) == (assessment_id is None):
        raise AssessmentError("a scope is either a country or an assessment")
    if country is not None:
        country = country.strip().upper()
        if not is_country_code(country):
            raise AssessmentError(f"'{country}' is not an ISO 3166 country code")
        if group is not None:
            raise AssessmentError("a country scope has no stakeholder group")
    elif not group:
        raise AssessmentError("an invitation to an assessment needs the stakeholder group the person answers for")
    kind = "country" if country is not None else "assessment"
    with store._write() as session:
        user = session.get(UserRow, user_id)
        if user is None:
            raise AssessmentError(f"there is no user {user_id}")
        if user.role not in SCOPE_ROLES[kind]:
            article = "a country" if kind == "country" else "an assessment"
            raise AssessmentError(
                f"a {user.role} cannot have {article} scope (only: {', '.join(SCOPE_ROLES[kind])})"
                + ("; administrators reach everything" if user.role == Role.ADMINISTRATOR else "")
            )
        if assessment_id is not None and session.get(AssessmentRow, assessment_id) is None:
            raise AssessmentError(f"there is no assessment {assessment_id}")
        duplicate = select(ScopeRow).where(
            ScopeRow.user_id == user_id,
            ScopeRow.country == country if country is not None else ScopeRow.country.is_(None),
            ScopeRow.assessment_id == assessment_id if assessment_id is not None else ScopeRow.assessment_id.is_(None),
            ScopeRow.group_id == group if group is not None else ScopeRow.group_id.is_(None),
        )
        if session.scalars(duplicate).first() is not None:
            return
        session.add(ScopeRow(user_id=user_id, country=country, assessment_id=assessment_id, group_id=group))
        _cancel_resets(session, user_id)
        log_change(session, actor=actor, assessment_id=assessment_id or NO_ASSESSMENT, entity="scope",
                   key=user.username,
                   new={"country": country, "assessment": assessment_id, "group": group})  # fmt: skip


def principal(store: Store, user_id: int) -> Principal:
    """The signed-in person with their current role and scope (read fresh, so changes apply at once)."""
    with store._read() as session:
        user = session.get(UserRow, user_id)
        if user is None or not user.active:
            raise AccessDenied("this account does not exist or is disabled")
        scopes = session.scalars(select(ScopeRow).where(ScopeRow.user_id == user_id)).all()
    if user.role not in set(Role):  # a row changed outside the tool: no rights rather than a crash at every page
        raise AccessDenied(f"account {user_id} has an unknown role {user.role!r}")
    countries = frozenset(s.country for s in scopes if s.country)
    invitations = frozenset((s.assessment_id, s.group_id) for s in scopes if s.assessment_id and s.group_id)
    return Principal(user.id, user.username, Role(user.role), countries, invitations)


@dataclass(frozen=True, slots=True)
class ScopeInfo:
    id: int
    user_id: int
    country: str | None
    assessment_id: int | None
    group: str | None


def scopes(store: Store, user_id: int | None = None) -> list[ScopeInfo]:
    with store._read() as session:
        query = select(ScopeRow).order_by(ScopeRow.id)
        if user_id is not None:
            query = query.where(ScopeRow.user_id == user_id)
        return [ScopeInfo(r.id, r.user_id, r.country, r.assessment_id, r.group_id) for r in session.scalars(query)]


def revoke(store: Store, scope_id: int, *, actor: str) -> None:
    with store._write() as session:
        row = session.get(ScopeRow, scope_id)
        if row is None:
            raise AssessmentError(f"there is no scope {scope_id}")
        user = session.get(UserRow, row.user_id)
        old = {"country": row.country, "assessment": row.assessment_id, "group": row.group_id}
        key = user.username if user else str(row.user_id)
        log_change(session, actor=actor, assessment_id=row.assessment_id or NO_ASSESSMENT, entity="scope", key=key,
                   old=old)  # fmt: skip
        session.delete(row)


def user_by_name(store: Store, username: str) -> UserInfo:
    with store._read() as session:
        row = session.scalars(select(UserRow).where(UserRow.username == username.strip().lower())).first()
        if row is None:
            raise AssessmentError(f"there is no user '{username}'")
        return _user_info(row)


def set_active(store: Store, user_id: int, active: bool, *, actor: str) -> None:
    """Disable (ends every session at once) or re-enable an account."""
    with store._write() as session:
        row = session.get(UserRow, user_id)
        if row is None:
            raise AssessmentError(f"there is no user {user_id}")
        if row.active == active:
            return
        log_change(session, actor=actor, entity="account", key=row.username, old={"active": row.active},
                   new={"active": active})  # fmt: skip
        row.active = active
    if not active:
        sessions.end_all(store, user_id)


def unlock(store: Store, username: str, *, actor: str) -> int:
    """Forget the counted failures of a user name, so that nobody waits; how many were forgotten."""
    username = username.strip().lower()
    with store._write() as session:
        result = session.execute(
            update(SignInRow)
            .where(SignInRow.username == username, SignInRow.success.is_(False), SignInRow.counted.is_(True))
            .values(counted=False)
        )
        log_change(session, actor=actor, entity="account", key=username, new={"unlocked": True})
        return rows_changed(result) or 0


def create_reset(store: Store, user_id: int, *, actor: str, at: datetime | None = None) -> str:
    """A single-use code to set a new password (earlier unused codes of the person stop working)."""
    at = at or now()
    code = secrets.token_urlsafe(24)
    with store._write() as session:
        user = session.get(UserRow, user_id)
        if user is None:
            raise AssessmentError(f"there is no user {user_id}")
        session.execute(
            update(PasswordResetRow)
            .where(PasswordResetRow.user_id == user_id, PasswordResetRow.used_at.is_(None))
            .values(used_at=at)
        )
        session.add(PasswordResetRow(user_id=user_id, code_hash=sessions.digest(code), created_by=actor,
                                     created_at=at, expires_at=at + RESET_LIFETIME))  # fmt: skip
        log_change(session, actor=actor, entity="account", key=user.username, new={"password_reset": "code issued"})
    return code


def reset_user(store: Store, code: str, *, at: datetime | None = None) -> UserInfo | None:
    """Whose password a reset code may set, while it is valid."""
    at = at or now()
    with store._read() as session:
        row = session.scalars(
            select(PasswordResetRow).where(PasswordResetRow.code_hash == sessions.digest(code))
        ).first()
        if row is None or row.used_at is not None or row.expires_at < at:
            return None
        user = session.get(UserRow, row.user_id)
        return _user_info(user) if user is not None and user.active else None


def use_reset(store: Store, code: str, password: str, *, at: datetime | None = None) -> UserInfo:
    """Set a new password with a reset code (once); every session of the person ends."""
    at = at or now()
    user = reset_user(store, code, at=at)
    if user is None:
        raise LinkInvalid("this link is not valid any more: ask for a new one")
    check_password(password, user.username)
    hashed = _hasher.hash(password)
    with store._write() as session:
        claimed = session.execute(
            update(PasswordResetRow)
            .where(PasswordResetRow.code_hash == sessions.digest(code), PasswordResetRow.used_at.is_(None))
            .values(used_at=at)
        )
        if rows_changed(claimed) != 1:  # used at the same moment elsewhere: once only
            raise LinkInvalid("this link is not valid any more: ask for a new one")
        session.get_one(UserRow, user.id).password_hash = hashed
        log_change(session, actor=user.username, entity="account", key=user.username, new={"password_reset": "used"})
    sessions.end_all(store, user.id)
    return user


def verify_password(store: Store, user_id: int, password: str) -> bool:
    with store._read() as session:
        row = session.get(UserRow, user_id)
    try:
        return row is not None and _hasher.verify(row.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _waiting_until(failures: list[datetime], allowed: int) -> datetime | None:
    """Until when the next attempt must wait: from the last counted failure, doubling per failure beyond `allowed`."""
    extra = len(failures) - allowed
    if extra < 0:
        return None
    return max(failures) + min(LONGEST_WAIT, FIRST_WAIT * 2**extra)


_last_prune: list[datetime] = []


def prune_sign_ins(store: Store, *, at: datetime | None = None) -> int:
    """Delete sign-in records older than `KEEP_SIGN_INS` (they only serve the throttle); how many."""
    at = at or now()
    with store._write() as session:
        result = session.execute(delete(SignInRow).where(SignInRow.at < at - KEEP_SIGN_INS))
        return rows_changed(result) or 0


def sign_in(
    store: Store,
    username: str,
    password: str,
    *,
    address: str | None = None,
    device: str | None = None,
    at: datetime | None = None,
) -> Principal:
    """The principal for a correct user name and password; slowed down, never locked, after failures.

    `device` is the browser's device cookie: a browser that has signed in to this account
    before is slowed down only by its own failures, whatever others try from its network.
    """
    at = at or now()
    username = username.strip().lower()[:200]
    address = (address or "")[:64] or None
    if has_forbidden_characters(username) or has_forbidden_characters(password):
        raise SignInRefused("wrong user name or password")
    dummy = _dummy_hash()
    with store._read() as session:
        user = session.scalars(select(UserRow).where(UserRow.username == username)).first()
    if device and user is not None and (known := sessions.known_device(store, user.id, device)) is not None:
        address = f"device:{known}"  # its own bucket: the failures of this browser only
    if not _last_prune or at - _last_prune[0] > timedelta(hours=1):
        _last_prune[:] = [at]
        prune_sign_ins(store, at=at)
    counted = (SignInRow.success.is_(False), SignInRow.counted.is_(True), SignInRow.at >= at - FAILURE_WINDOW)
    with store._read() as session:
        mine = list(session.scalars(select(SignInRow.at).where(
            SignInRow.username == username,
            SignInRow.address == address if address else SignInRow.address.is_(None), *counted)))  # fmt: skip
        from_address = (
            list(session.scalars(select(SignInRow.at).where(SignInRow.address == address, *counted))) if address else []
        )
    waits = [until for failures, allowed in ((mine, MAX_FAILURES), (from_address, MAX_ADDRESS_FAILURES))
             if (until := _waiting_until(failures, allowed)) is not None and until > at]  # fmt: skip
    # The attempt is written before the (slow) check, so parallel guesses count each other.
    with store._write() as session:
        attempt = SignInRow(username=username, at=at, success=False, counted=not waits, address=address)
        session.add(attempt)
        session.flush()
        attempt_id = attempt.id
    if waits:
        seconds = (max(waits) - at).total_seconds()
        minutes = max(1, int(-(-seconds // 60)))
        raise SignInRefused(f"too many failed sign-ins: try again in {minutes} minutes", minutes)
    try:
        _hasher.verify(user.password_hash if user else dummy, password)
        ok = user is not None and user.active
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or user is None:
        raise SignInRefused("wrong user name or password")
    with store._write() as session:
        session.get_one(SignInRow, attempt_id).success = True
    return principal(store, user.id)
