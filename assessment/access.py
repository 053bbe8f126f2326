"""Who may read or change what. Checked here, in the engine, whatever page or script asks.

Roles:
- administrator: everything;
- facilitator: the assessments of their countries (answers, consensus, targets, exports,
  audit, comparison), and for comparison also assessments their owners marked shareable;
- respondent: answers, as themselves, for the stakeholder group they are invited for, in
  the assessments they are invited to;
- viewer: reads the results of their countries (and shareable ones in comparisons).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from .errors import AssessmentError

ROLES = ("administrator", "facilitator", "respondent", "viewer")


class Action(StrEnum):
    READ_RESULTS = "read_results"
    READ_ANSWERS = "read_answers"
    ANSWER = "answer"
    SETTLE_CONSENSUS = "settle_consensus"
    SET_TARGETS = "set_targets"
    EXPORT = "export"
    VIEW_AUDIT = "view_audit"
    CREATE_ASSESSMENT = "create_assessment"
    IMPORT = "import"
    SHARE = "share"
    COMPARE = "compare"
    MANAGE_PEER_GROUPS = "manage_peer_groups"
    IMPORT_INDICES = "import_indices"
    MANAGE_USERS = "manage_users"
    INVITE = "invite"
    """Invite respondents to an assessment, and follow their progress."""


class AccessDenied(AssessmentError):
    """The signed-in person may not do this."""


@dataclass(frozen=True)
class Principal:
    """The signed-in person and their scope."""

    user_id: int
    username: str
    role: str
    countries: frozenset[str] = field(default_factory=frozenset)
    invitations: frozenset[tuple[int, str]] = field(default_factory=frozenset)
    """(assessment id, stakeholder group) pairs a respondent is invited to answer for."""

    @property
    def invited_assessments(self) -> frozenset[int]:
        return frozenset(a for a, _ in self.invitations)


FACILITATOR_ACTIONS = {
    Action.READ_RESULTS,
    Action.READ_ANSWERS,
    Action.ANSWER,
    Action.SETTLE_CONSENSUS,
    Action.SET_TARGETS,
    Action.EXPORT,
    Action.VIEW_AUDIT,
    Action.CREATE_ASSESSMENT,
    Action.IMPORT,
    Action.SHARE,
    Action.INVITE,
}
GLOBAL_ACTIONS = {
    "administrator": set(Action),
    "facilitator": {Action.COMPARE, Action.MANAGE_PEER_GROUPS, Action.IMPORT_INDICES, Action.MANAGE_USERS},
    "viewer": {Action.COMPARE},
    "respondent": set(),
}


def can(
    principal: Principal,
    action: Action,
    country: str | None = None,
    assessment_id: int | None = None,
    group: str | None = None,
) -> bool:
    """Whether `principal` may do `action` (on the assessment of `country`, for `group` when answering)."""
    role = principal.role
    if role == "administrator":
        return True
    if country is None and assessment_id is None:
        return action in GLOBAL_ACTIONS.get(role, set())
    if role == "facilitator":
        return action in FACILITATOR_ACTIONS and country in principal.countries
    if role == "viewer":
        return action in {Action.READ_RESULTS} and country in principal.countries
    if role == "respondent":
        if action != Action.ANSWER or assessment_id is None:
            return False
        if group is None:
            return assessment_id in principal.invited_assessments
        return (assessment_id, group) in principal.invitations
    return False


def require(
    principal: Principal,
    action: Action,
    country: str | None = None,
    assessment_id: int | None = None,
    group: str | None = None,
) -> None:
    if not can(principal, action, country, assessment_id, group):
        where = f" for assessment {assessment_id}" if assessment_id is not None else ""
        raise AccessDenied(
            f"{principal.username} ({principal.role}) may not {action.value.replace('_', ' ')}{where}",
            key=f"denied.{action.value}",
        )


def may_compare(principal: Principal, country: str, shareable: bool) -> bool:
    """Comparison only shows assessments that are shareable or in the person's own scope."""
    if principal.role == "administrator":
        return True
    if principal.role not in {"facilitator", "viewer"}:
        return False
    return shareable or country in principal.countries


def visible(principal: Principal, items: Iterable, *, action: Action = Action.READ_RESULTS) -> list:
    """The assessments (anything with `id` and `country`) the person may see in lists."""
    result = []
    for item in items:
        if can(principal, action, item.country, item.id) or (
            principal.role == "respondent" and item.id in principal.invited_assessments
        ):
            result.append(item)
    return result
