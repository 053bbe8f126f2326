"""Accounts: Argon2 password hashes, scopes, and sign-in with a limit on failed attempts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select

from ..access import ROLES, AccessDenied, Principal
from ..countries import is_country_code
from ..errors import AssessmentError
from .repository import Store
from .tables import AssessmentRow, AuditRow, ScopeRow, SignInRow, UserRow, now

MIN_PASSWORD = 12
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("a password nobody has, to spend the same time on unknown names")


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
    role: str
    active: bool


def _user_info(row: UserRow) -> UserInfo:
    return UserInfo(row.id, row.username, row.display_name, row.role, row.active)


def any_users(store: Store) -> bool:
    with store._read() as session:
        return bool(session.scalar(select(func.count()).select_from(UserRow)))


def create_first_admin(store: Store, username: str, password: str) -> UserInfo:
    """The first administrator, only while there is no account at all (checked in the same transaction)."""
    return create_user(store, username, password, "administrator", actor="setup", only_if_first=True)


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
    if len(password) < MIN_PASSWORD:
        raise AssessmentError(f"the password must have at least {MIN_PASSWORD} characters")
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
        session.add(AuditRow(actor=actor, assessment_id=0, entity="role", key=username, new={"role": role}))
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
            session.add(
                AuditRow(
                    actor=actor,
                    assessment_id=0,
                    entity="role",
                    key=row.username,
                    old={"role": row.role},
                    new={"role": role},
                )
            )
            row.role = role


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
    with store._write() as session:
        user = session.get(UserRow, user_id)
        if user is None:
            raise AssessmentError(f"there is no user {user_id}")
        if assessment_id is not None and session.get(AssessmentRow, assessment_id) is None:
            raise AssessmentError(f"there is no assessment {assessment_id}")
        session.add(ScopeRow(user_id=user_id, country=country, assessment_id=assessment_id, group_id=group))
        session.add(
            AuditRow(
                actor=actor,
                assessment_id=assessment_id or 0,
                entity="scope",
                key=user.username,
                new={"country": country, "assessment": assessment_id, "group": group},
            )
        )


def principal(store: Store, user_id: int) -> Principal:
    """The signed-in person with their current role and scope (read fresh, so changes apply at once)."""
    with store._read() as session:
        user = session.get(UserRow, user_id)
        if user is None or not user.active:
            raise AccessDenied("this account does not exist or is disabled")
        scopes = session.scalars(select(ScopeRow).where(ScopeRow.user_id == user_id)).all()
    countries = frozenset(s.country for s in scopes if s.country)
    invitations = frozenset((s.assessment_id, s.group_id) for s in scopes if s.assessment_id and s.group_id)
    return Principal(user.id, user.username, user.role, countries, invitations)


def _recent_failures(store: Store, username: str, at: datetime) -> list[datetime]:
    with store._read() as session:
        return list(
            session.scalars(
                select(SignInRow.at).where(
                    SignInRow.username == username, SignInRow.success.is_(False), SignInRow.at >= at - FAILURE_WINDOW
                )
            )
        )


def sign_in(store: Store, username: str, password: str, *, at: datetime | None = None) -> Principal:
    """The principal for a correct user name and password; refused after repeated failures."""
    at = at or now()
    username = username.strip().lower()[:200]
    # The attempt is written as a failure before the (slow) check, so parallel guesses count each other.
    failures = _recent_failures(store, username, at)
    with store._write() as session:
        attempt = SignInRow(username=username, at=at, success=False)
        session.add(attempt)
        session.flush()
        attempt_id = attempt.id
    if len(failures) >= MAX_FAILURES:
        wait = max(1, int((min(failures) + FAILURE_WINDOW - at).total_seconds() // 60) + 1)
        raise SignInRefused(f"too many failed sign-ins for this account: try again in {wait} minutes", wait)
    with store._read() as session:
        user = session.scalars(select(UserRow).where(UserRow.username == username)).first()
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
        ok = user is not None and user.active
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok:
        raise SignInRefused("wrong user name or password")
    with store._write() as session:
        session.get(SignInRow, attempt_id).success = True  # type: ignore[union-attr]
    return principal(store, user.id)  # type: ignore[union-attr]
