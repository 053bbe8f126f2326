"""Invitations to answer: a single-use link per person, for one assessment and one stakeholder group.

A facilitator invites people in bulk (name, e-mail, organisation, group). Each gets a
random code, shown once as a link and stored only as a hash; the code expires after
`invitation_days()` days. Opening the link, the person sets a password (or, if they have
an account already, confirms theirs); in one transaction the account, the invitation to
the group and the respondent record are created and the invitation is used up. No e-mail
server is assumed: the facilitator hands the links out (shown, and as a CSV file).
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update

from ..errors import AssessmentError, LinkInvalid, NotEligible
from ..model import Questionnaire
from . import sessions
from .accounts import hash_password, sign_in
from .audit import log_change
from .passwords import check_password
from .repository import Store
from .rowcount import rows_changed
from .tables import AnswerRow, InvitationRow, RespondentRow, ScopeRow, UserRow, now

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_BATCH = 500


def invitation_days() -> int:
    return int(os.environ.get("ASSESSMENT_INVITATION_DAYS", "14"))


@dataclass(frozen=True, slots=True)
class Invitee:
    """One person to invite."""

    name: str
    email: str
    organisation: str
    group: str


@dataclass(frozen=True, slots=True)
class InvitationInfo:
    id: int
    assessment_id: int
    name: str
    email: str
    organisation: str
    group: str
    created_at: datetime
    expires_at: datetime
    accepted_at: datetime | None
    revoked_at: datetime | None
    respondent_id: int | None

    def status(self, at: datetime | None = None) -> str:
        """pending, accepted, revoked or expired."""
        if self.accepted_at is not None:
            return "accepted"
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if (at or now()) > self.expires_at else "pending"


def _info(row: InvitationRow) -> InvitationInfo:
    return InvitationInfo(
        row.id, row.assessment_id, row.name, row.email, row.organisation, row.group_id,
        row.created_at, row.expires_at, row.accepted_at, row.revoked_at, row.respondent_id,
    )  # fmt: skip


def check_invitees(invitees: list[Invitee], questionnaire: Questionnaire) -> list[str]:
    """What is wrong with a batch, one message per person (empty when the batch is fine)."""
    problems = []
    seen: set[tuple[str, str]] = set()
    if len(invitees) > MAX_BATCH:
        problems.append(f"at most {MAX_BATCH} people at once")
    for n, person in enumerate(invitees, start=1):
        where = f"person {n} ({person.email or person.name or '?'})"
        if not person.name.strip() or len(person.name) > 200:
            problems.append(f"{where}: a name of up to 200 characters is needed")
        if not EMAIL.match(person.email) or len(person.email) > 200:
            problems.append(f"{where}: '{person.email}' is not an e-mail address")
        if len(person.organisation) > 200:
            problems.append(f"{where}: the organisation is longer than 200 characters")
        if person.group not in questionnaire.groups:
            problems.append(f"{where}: '{person.group}' is not a stakeholder group of this questionnaire")
        key = (person.email.lower(), person.group)
        if key in seen:
            problems.append(f"{where}: invited twice for the same group")
        seen.add(key)
    return problems


def invite(
    store: Store,
    assessment_id: int,
    invitees: list[Invitee],
    *,
    questionnaire: Questionnaire,
    actor: str,
    at: datetime | None = None,
) -> list[tuple[InvitationInfo, str]]:
    """Create the invitations of a batch, all or none; each with the code of its link (shown only now)."""
    at = at or now()
    people = [Invitee(p.name.strip(), p.email.strip().lower(), p.organisation.strip(), p.group) for p in invitees]
    problems = check_invitees(people, questionnaire)
    if problems:
        raise AssessmentError("; ".join(problems))
    store.assessment(assessment_id)
    created = []
    with store._write() as session:
        for person in people:
            code = secrets.token_urlsafe(24)
            row = InvitationRow(assessment_id=assessment_id, email=person.email, name=person.name,
                                organisation=person.organisation, group_id=person.group,
                                code_hash=sessions.digest(code), created_by=actor, created_at=at,
                                expires_at=at + timedelta(days=invitation_days()))  # fmt: skip
            session.add(row)
            session.flush()
            log_change(session, actor=actor, assessment_id=assessment_id, entity="invitation", key=str(row.id),
                       new={"email": person.email, "group": person.group})  # fmt: skip
            created.append((_info(row), code))
    return created


def invitations(store: Store, assessment_id: int) -> list[InvitationInfo]:
    with store._read() as session:
        rows = session.scalars(
            select(InvitationRow).where(InvitationRow.assessment_id == assessment_id).order_by(InvitationRow.id)
        )
        return [_info(r) for r in rows]


def find(store: Store, code: str, *, at: datetime | None = None) -> InvitationInfo | None:
    """The pending invitation a link's code opens, or None (unknown, used, revoked or expired)."""
    if not code or len(code) > 200:
        return None
    with store._read() as session:
        row = session.scalars(select(InvitationRow).where(InvitationRow.code_hash == sessions.digest(code))).first()
        info = _info(row) if row is not None else None
    return info if info is not None and info.status(at) == "pending" else None


def renew(store: Store, invitation_id: int, *, actor: str, at: datetime | None = None) -> str:
    """A new link for an invitation not yet accepted (the old link stops working), with a new expiry."""
    at = at or now()
    code = secrets.token_urlsafe(24)
    with store._write() as session:
        row = session.get(InvitationRow, invitation_id)
        if row is None or row.accepted_at is not None:
            raise AssessmentError("only an invitation that has not been accepted can be sent again")
        row.code_hash, row.revoked_at = sessions.digest(code), None
        row.expires_at = at + timedelta(days=invitation_days())
        log_change(session, actor=actor, assessment_id=row.assessment_id, entity="invitation", key=str(row.id),
                   new={"renewed": True})  # fmt: skip
    return code


def revoke(store: Store, invitation_id: int, *, actor: str) -> None:
    with store._write() as session:
        row = session.get(InvitationRow, invitation_id)
        if row is None or row.accepted_at is not None:
            raise AssessmentError("only an invitation that has not been accepted can be revoked")
        row.revoked_at = now()
        log_change(session, actor=actor, assessment_id=row.assessment_id, entity="invitation", key=str(row.id),
                   new={"revoked": True})  # fmt: skip


def has_account(store: Store, email: str) -> bool:
    with store._read() as session:
        return session.scalars(select(UserRow.id).where(UserRow.username == email.lower())).first() is not None


def accept(
    store: Store,
    code: str,
    password: str,
    *,
    questionnaire: Questionnaire,
    address: str | None = None,
    at: datetime | None = None,
) -> tuple[int, int]:
    """Use an invitation: account, scope and respondent record in one transaction; (user id, respondent id).

    A new account gets `password` (checked against the password rules). An existing
    respondent's account is reached only by signing in with its own password, throttled
    like any sign-in; an administrator's, facilitator's or viewer's account cannot accept
    an invitation at all. So an invitation can never be used to take over an account.
    """
    at = at or now()
    found = find(store, code, at=at)
    if found is None:
        raise LinkInvalid("this invitation link is not valid any more: ask the facilitator for a new one")
    with store._read() as session:
        existing = session.scalars(select(UserRow).where(UserRow.username == found.email)).first()
    if existing is not None:
        if existing.role != "respondent":
            raise NotEligible(
                "this e-mail address belongs to an account that is not a respondent's: ask an administrator"
            )
        sign_in(store, found.email, password, address=address)  # throttled like any sign-in; raises if wrong
    with store._write() as session:
        claimed = session.execute(
            update(InvitationRow)
            .where(InvitationRow.code_hash == sessions.digest(code), InvitationRow.accepted_at.is_(None),
                   InvitationRow.revoked_at.is_(None), InvitationRow.expires_at >= at)
            .values(accepted_at=at)
        )  # fmt: skip
        if rows_changed(claimed) != 1:  # used at the same moment in another tab: once only
            raise LinkInvalid("this invitation link is not valid any more: ask the facilitator for a new one")
        row = session.scalars(select(InvitationRow).where(InvitationRow.code_hash == sessions.digest(code))).one()
        user = session.scalars(select(UserRow).where(UserRow.username == row.email)).first()
        if user is None:
            check_password(password, row.email)
            user = UserRow(username=row.email, display_name=row.name, role="respondent",
                           password_hash=hash_password(password), active=True)  # fmt: skip
            session.add(user)
            session.flush()
            log_change(session, actor=row.email, entity="role", key=row.email,
                       new={"role": "respondent", "invitation": row.id})  # fmt: skip
        elif user.role != "respondent" or not user.active:
            raise NotEligible("this account cannot accept invitations: ask an administrator")
        if user.role == "respondent":
            session.add(ScopeRow(user_id=user.id, assessment_id=row.assessment_id, group_id=row.group_id))
        person = RespondentRow(assessment_id=row.assessment_id, name=row.name, organisation=row.organisation,
                               group_id=row.group_id, user_id=user.id)  # fmt: skip
        session.add(person)
        session.flush()
        row.user_id, row.respondent_id = user.id, person.id
        log_change(session, actor=row.email, assessment_id=row.assessment_id, entity="invitation", key=str(row.id),
                   new={"accepted": True, "respondent": person.id})  # fmt: skip
        return user.id, person.id


@dataclass(frozen=True, slots=True)
class Progress:
    """How far one invited person has got."""

    invitation: InvitationInfo
    status: str
    answered: int
    asked: int
    last_activity: datetime | None

    @property
    def share(self) -> float:
        return self.answered / self.asked if self.asked else 0.0


def tracker(store: Store, assessment_id: int, questionnaire: Questionnaire) -> list[Progress]:
    """Per invitation: its status, the share of the person's indicators answered, their last activity."""
    rows = invitations(store, assessment_id)
    ids = [r.respondent_id for r in rows if r.respondent_id is not None]
    counted = ("answered", "not_applicable")
    with store._read() as session:
        done = dict(session.execute(
            select(AnswerRow.respondent_id, func.count()).where(
                AnswerRow.respondent_id.in_(ids), AnswerRow.status.in_(counted)).group_by(AnswerRow.respondent_id)
        ).all()) if ids else {}  # fmt: skip
        last = dict(session.execute(
            select(AnswerRow.respondent_id, func.max(AnswerRow.updated_at)).where(
                AnswerRow.respondent_id.in_(ids)).group_by(AnswerRow.respondent_id)
        ).all()) if ids else {}  # fmt: skip
    result = []
    for info in rows:
        asked = len(questionnaire.indicators_for(info.group))
        answered = done.get(info.respondent_id, 0) if info.respondent_id else 0
        moment = last.get(info.respondent_id) if info.respondent_id else None
        result.append(Progress(info, info.status(), answered, asked, moment))
    return result
