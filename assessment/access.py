"""Who may read or change what. Checked here, in the engine, whatever page or script asks.

The policy is two tables, and `can` is read from them:
- `SCOPE`: what each action is about: the whole installation, one country, one assessment,
  or one stakeholder group of one assessment;
- `POLICY`: per role, the actions it may take and how far it reaches (everything, the
  countries it was granted, or the assessments and groups it is invited to answer for).

Roles:
- administrator: everything;
- facilitator: the assessments of their countries (answers, consensus, targets, exports,
  audit, comparison), and for comparison also assessments their owners marked shareable;
- respondent: answers, as themselves, for the stakeholder group they are invited for, in
  the assessments they are invited to;
- viewer: reads the results of their countries (and shareable ones in comparisons).

A new role is a member of `Role` and a row of `POLICY` (plus its name, `role.<value>`, in
the interface catalogs). The pages a role sees follow from `POLICY` (web/nav.py), and so do
the scopes an account of the role may be granted (store/accounts.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from .errors import AssessmentError


class Role(StrEnum):
    """An account's role; the value is what the database stores."""

    ADMINISTRATOR = "administrator"
    FACILITATOR = "facilitator"
    RESPONDENT = "respondent"
    VIEWER = "viewer"


ROLES: tuple[Role, ...] = tuple(Role)


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


class Scope(StrEnum):
    """What an action is about, and so what `can` is asked about it."""

    GLOBAL = "global"
    """Not one assessment (comparison, accounts): asked without a country or an assessment."""
    COUNTRY = "country"
    """A country, before any assessment of it exists (creating, importing)."""
    ASSESSMENT = "assessment"
    """One assessment (its country and id)."""
    GROUP = "group"
    """One stakeholder group of one assessment (answering)."""


class Reach(StrEnum):
    """How far a role's actions go."""

    EVERYTHING = "everything"
    COUNTRIES = "countries"
    """The countries granted to the account."""
    INVITATIONS = "invitations"
    """The (assessment, stakeholder group) pairs the account is invited to answer for."""


SCOPE: MappingProxyType[Action, Scope] = MappingProxyType(
    {
        Action.READ_RESULTS: Scope.ASSESSMENT,
        Action.READ_ANSWERS: Scope.ASSESSMENT,
        Action.ANSWER: Scope.GROUP,
        Action.SETTLE_CONSENSUS: Scope.ASSESSMENT,
        Action.SET_TARGETS: Scope.ASSESSMENT,
        Action.EXPORT: Scope.ASSESSMENT,
        Action.VIEW_AUDIT: Scope.ASSESSMENT,
        Action.CREATE_ASSESSMENT: Scope.COUNTRY,
        Action.IMPORT: Scope.COUNTRY,
        Action.SHARE: Scope.ASSESSMENT,
        Action.COMPARE: Scope.GLOBAL,
        Action.MANAGE_PEER_GROUPS: Scope.GLOBAL,
        Action.IMPORT_INDICES: Scope.GLOBAL,
        Action.MANAGE_USERS: Scope.GLOBAL,
        Action.INVITE: Scope.ASSESSMENT,
    }
)


@dataclass(frozen=True)
class Grant:
    """What one role may do, and how far."""

    reach: Reach
    actions: frozenset[Action]


POLICY: MappingProxyType[str, Grant] = MappingProxyType(  # keyed by Role: a Role is its stored string
    {
        Role.ADMINISTRATOR: Grant(Reach.EVERYTHING, frozenset(Action)),
        Role.FACILITATOR: Grant(Reach.COUNTRIES, frozenset(Action)),
        Role.VIEWER: Grant(Reach.COUNTRIES, frozenset({Action.READ_RESULTS, Action.COMPARE})),
        Role.RESPONDENT: Grant(Reach.INVITATIONS, frozenset({Action.ANSWER})),
    }
)
"""Per role, the actions it may take (within its reach); the global ones (`Scope.GLOBAL`) are not limited by reach.

A facilitator's global actions are limited further by the Workspace: accounts and published
scores of their own countries only.
"""


class AccessDenied(AssessmentError):
    """The signed-in person may not do this."""


@dataclass(frozen=True)
class Principal:
    """The signed-in person and their scope."""

    user_id: int
    username: str
    role: Role
    countries: frozenset[str] = field(default_factory=frozenset)
    invitations: frozenset[tuple[int, str]] = field(default_factory=frozenset)
    """(assessment id, stakeholder group) pairs a respondent is invited to answer for."""

    @property
    def invited_assessments(self) -> frozenset[int]:
        return frozenset(a for a, _ in self.invitations)


def allows(role: str, action: Action) -> bool:
    """Whether `role` may take `action` at all, somewhere within its reach (what a menu shows)."""
    grant = POLICY.get(role)
    return grant is not None and action in grant.actions


def can(
    principal: Principal,
    action: Action,
    country: str | None = None,
    assessment_id: int | None = None,
    group: str | None = None,
) -> bool:
    """Whether `principal` may do `action` (on the assessment of `country`, for `group` when answering).

    A global action is asked without a country or an assessment; any other action is
    asked about its country and assessment (and, when answering, the group; without
    it, any group the person may answer for).
    """
    if not allows(principal.role, action):
        return False
    reach = POLICY[principal.role].reach
    if reach is Reach.EVERYTHING:
        return True
    if country is None and assessment_id is None:
        return SCOPE[action] is Scope.GLOBAL
    if SCOPE[action] is Scope.GLOBAL:
        return False
    if reach is Reach.COUNTRIES:
        return country in principal.countries
    if reach is Reach.INVITATIONS and SCOPE[action] is not Scope.COUNTRY and assessment_id is not None:
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
    if not can(principal, Action.COMPARE):
        return False
    return reach_of(principal.role) is Reach.EVERYTHING or shareable or country in principal.countries


def visible(principal: Principal, items: Iterable, *, action: Action = Action.READ_RESULTS) -> list:
    """The assessments (anything with `id` and `country`) the person may see in lists: those they may
    take `action` on, and those they may answer in."""
    return [
        item
        for item in items
        if can(principal, action, item.country, item.id) or can(principal, Action.ANSWER, item.country, item.id)
    ]


def reach_of(role: str) -> Reach | None:
    """How far `role` reaches (None for a role the policy does not know)."""
    grant = POLICY.get(role)
    return grant.reach if grant is not None else None
