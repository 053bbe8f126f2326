"""What one signed-in person may do with the stored assessments: the facade every page calls.

Each method checks `access` first, then delegates to the repository, so a page that
forgets to hide a button still cannot read or change what the role and scope forbid.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from .access import AccessDenied, Action, Principal, can, may_compare, require, visible
from .answers import Answer, Consensus, Respondent, Targets
from .errors import AssessmentError
from .loader import Catalog
from .model import Questionnaire
from .store import AssessmentInfo, AuditEntry, ExternalScore, PeerGroup, RespondentInfo, Store, accounts, invitations

# Scoring and comparison (pandas), reports (reportlab, python-docx) and exports (CSV, XLSX) are imported by
# the methods that use them, not here: every page builds a Workspace, and the sign-in page must not wait for
# code it never runs (issue 13: the first page of a fresh server took 3.8 s against 2.2 s for a bare page).
if TYPE_CHECKING:
    from .compare import Peers
    from .model import Aggregation
    from .records import AssessmentData
    from .report.build import ReportFormat
    from .scored import ScoredAssessment


@dataclass(frozen=True)
class Answering:
    """One respondent at work on an assessment, as the Answer page needs it."""

    info: AssessmentInfo
    respondent: RespondentInfo
    answers: dict[str, Answer]
    saved_at: dict[str, datetime]


FACILITATOR_MANAGES = ("respondent", "viewer")
"""The roles of the accounts a facilitator may manage (in their countries)."""


class Workspace:
    def __init__(self, store: Store, principal: Principal) -> None:
        self.store = store
        self.principal = principal

    @property
    def actor(self) -> str:
        return self.principal.username

    def _require(self, action: Action, assessment_id: int, group: str | None = None) -> AssessmentInfo:
        info = self.store.assessment(assessment_id)
        require(self.principal, action, info.country, info.id, group)
        return info

    def can(self, action: Action, assessment_id: int | None = None) -> bool:
        try:
            if assessment_id is None:
                require(self.principal, action)
            else:
                self._require(action, assessment_id)
        except AccessDenied:
            return False
        return True

    # -- assessments -----------------------------------------------------------------

    def assessments(self) -> list[AssessmentInfo]:
        return visible(self.principal, self.store.assessments())

    def assessment(self, assessment_id: int) -> AssessmentInfo:
        info = self.store.assessment(assessment_id)
        if not visible(self.principal, [info]):
            raise AccessDenied(f"{self.principal.username} may not open assessment {assessment_id}", key="denied.open")
        return info

    def create_assessment(
        self, country: str, round_label: str, q: Questionnaire, language: str, *, subject: str | None = None
    ) -> AssessmentInfo:
        """A new assessment of `country`, or of `subject` (a CSIRT, an agency) in that country for a module."""
        require(self.principal, Action.CREATE_ASSESSMENT, country.strip().upper())
        return self.store.create_assessment(country, round_label, q, language, actor=self.actor, subject=subject)

    def set_shareable(self, assessment_id: int, shareable: bool) -> None:
        self._require(Action.SHARE, assessment_id)
        self.store.set_shareable(assessment_id, shareable, actor=self.actor)

    def import_assessment(self, raw: bytes, catalog: Catalog, file: str) -> AssessmentInfo:
        """Import a portable file; the country it names must be in the person's scope (checked before writing)."""
        from .exchange.portable import import_assessment

        checked = _ScopedStore(self.store, self.principal)
        return import_assessment(checked, raw, catalog, actor=self.actor, file=file)

    # -- respondents and answers ---------------------------------------------------------

    def respondents(self, assessment_id: int) -> list[RespondentInfo]:
        """All respondents for those who answer for others too; a respondent sees only themselves."""
        self.assessment(assessment_id)
        people = self.store.respondents(assessment_id)
        if self.principal.role == "respondent":
            return [p for p in people if p.user_id == self.principal.user_id]
        self._require(Action.ANSWER, assessment_id)
        return people

    def add_respondent(
        self, assessment_id: int, name: str, organisation: str, group: str, q: Questionnaire
    ) -> RespondentInfo:
        self._require(Action.ANSWER, assessment_id, group if self.principal.role == "respondent" else None)
        if self.principal.role == "respondent":  # one voice per invitation: no extra respondents to sway the median
            mine = [p for p in self.store.respondents(assessment_id) if p.user_id == self.principal.user_id]
            if any(p.group == group for p in mine):
                raise AccessDenied(
                    "you are already registered for this group: continue as yourself", key="denied.registered"
                )
        return self.store.add_respondent(
            assessment_id, name, organisation, group, questionnaire=q, actor=self.actor, user_id=self.principal.user_id
        )

    def _answering_as(self, assessment_id: int, respondent_id: int) -> tuple[AssessmentInfo, RespondentInfo]:
        """The assessment and the respondent, read in one query, once the person may answer as them."""
        info, person = self.store.assessment_and_respondent(assessment_id, respondent_id)
        if self.principal.role == "respondent":
            if person.user_id != self.principal.user_id:
                raise AccessDenied(
                    f"{self.principal.username} may only answer as themselves", key="denied.as_themselves"
                )
            require(self.principal, Action.ANSWER, info.country, info.id, person.group)
        else:
            require(self.principal, Action.ANSWER, info.country, info.id)
        return info, person

    def save_answer(
        self, assessment_id: int, respondent_id: int, indicator_id: str, answer: Answer | None, q: Questionnaire
    ) -> datetime:
        _, person = self._answering_as(assessment_id, respondent_id)
        return self.store.save_answer(
            assessment_id, respondent_id, indicator_id, answer, questionnaire=q, actor=self.actor, respondent=person
        )

    def answering(self, assessment_id: int, respondent_id: int) -> Answering:
        """What the Answer page draws for one respondent: who, their answers and when each was saved (2 reads)."""
        info, person = self._answering_as(assessment_id, respondent_id)
        answers, times = self.store.answers_and_times(assessment_id, respondent_id)
        return Answering(info, person, answers, times)

    # -- results ------------------------------------------------------------------------

    def answers(self, assessment_id: int) -> tuple[Respondent, ...]:
        """Every respondent's answers, with names, evidence and comments: for those who may answer or settle."""
        self._require(Action.READ_ANSWERS, assessment_id)
        return self.store.answers(assessment_id)

    def results(self, assessment_id: int, q: Questionnaire, method: Aggregation | None = None) -> ScoredAssessment:
        """The assessment scored (by `method`, else the questionnaire's), for anyone who may read its results.

        A reader of figures only gets the private copy (`ScoredAssessment.figures_only`): no
        small stakeholder groups, nobody's name or words.
        """
        from .scored import load_scored

        info = self._require(Action.READ_RESULTS, assessment_id)
        scored = load_scored(self.store, q, assessment_id, aggregation=method)
        return scored.figures_only() if self._figures_only(info) else scored

    def results_with_answers(self, assessment_id: int, q: Questionnaire) -> ScoredAssessment:
        """The assessment scored, with every respondent's names, evidence and comments: for those who may read them."""
        from .scored import load_scored

        self._require(Action.READ_ANSWERS, assessment_id)
        return load_scored(self.store, q, assessment_id)

    def _figures_only(self, info: AssessmentInfo) -> bool:
        """Whether the person may read figures but not individual answers: the privacy threshold applies."""
        return not can(self.principal, Action.READ_ANSWERS, info.country, info.id)

    def consensus(self, assessment_id: int) -> dict[str, Consensus]:
        self._require(Action.READ_RESULTS, assessment_id)
        return self.store.consensus(assessment_id)

    def set_consensus(self, assessment_id: int, indicator_id: str, value: Consensus | None, q: Questionnaire) -> None:
        self._require(Action.SETTLE_CONSENSUS, assessment_id)
        self.store.set_consensus(assessment_id, indicator_id, value, questionnaire=q, actor=self.actor)

    def targets(self, assessment_id: int) -> Targets:
        self._require(Action.READ_RESULTS, assessment_id)
        return self.store.targets(assessment_id)

    def set_targets(self, assessment_id: int, targets: Targets, q: Questionnaire) -> None:
        self._require(Action.SET_TARGETS, assessment_id)
        self.store.set_targets(assessment_id, targets, questionnaire=q, actor=self.actor)

    def audit(self, assessment_id: int) -> list[AuditEntry]:
        self._require(Action.VIEW_AUDIT, assessment_id)
        return self.store.audit(assessment_id)

    def overview(self, infos: Sequence[AssessmentInfo], q: Questionnaire) -> dict[int, tuple[int, float]]:
        """(respondents, completeness) of the listed assessments whose results the person may read.

        Read in bulk (`scored.load_many`), whatever the length of the list: the list page shows it at every visit.
        """
        from .scored import load_many

        readable = [i.id for i in infos if can(self.principal, Action.READ_RESULTS, i.country, i.id)]
        scored = load_many(self.store, q, readable)
        return {s.assessment_id: (len(s.respondents), s.scores.completeness) for s in scored}

    def country_report(
        self,
        assessment_id: int,
        q: Questionnaire,
        language: str,
        format: ReportFormat = "pdf",
        peer_group: str | None = None,
        *,
        scored: ScoredAssessment | None = None,
    ) -> bytes:
        """The country report as PDF or Word; a reader of figures only gets a copy without respondents' words.

        `scored` is the assessment as the page already scored it (by the questionnaire's
        method): the report shows those figures instead of reading and scoring it again.
        With `peer_group`, the group's mean over the assessments the person may compare is drawn.
        """
        from .report.build import country_report_file

        info = self._require(Action.READ_RESULTS, assessment_id)
        if scored is None or scored.assessment_id != assessment_id or not scored.official(q):
            scored = self.results(assessment_id, q)
        elif self._figures_only(info):
            scored = scored.figures_only()
        peers = None if peer_group is None else self.peer_figures(peer_group, q)
        return country_report_file(scored, language=language, peers=peers, format=format)

    def peer_figures(self, name: str, q: Questionnaire) -> Peers | None:
        """A peer group's mean and median over the latest rounds (made with `q`) the person may compare."""
        from .compare import peer_figures

        group = next((g for g in self.peer_groups() if g.name == name), None)
        if group is None:
            return None
        members = [a for a in self.comparable() if a.country in group.countries
                   and (a.questionnaire_id, a.questionnaire_version) == (q.id, q.version)]  # fmt: skip
        return peer_figures(q, group.name, group.countries, self.compared(members, q))

    def portable_file(self, assessment_id: int) -> dict:
        from .exchange.portable import export_assessment

        self._require(Action.EXPORT, assessment_id)
        return export_assessment(self.store, assessment_id)

    def tables(
        self, assessment_ids: Sequence[int], q: Questionnaire, *, scored: Sequence[ScoredAssessment] = ()
    ) -> list[ScoredAssessment]:
        """The assessments to export (CSV, XLSX), with their answers: for those who may export each of them.

        `scored` are assessments as the page already scored them: those of `assessment_ids`
        are used as they are, the others read in bulk.
        """
        from .scored import load_many

        for assessment_id in assessment_ids:
            self._require(Action.EXPORT, assessment_id)
        given = {s.assessment_id: s for s in scored if not s.private and s.official(q)}
        missing = [i for i in assessment_ids if i not in given]
        loaded = {s.assessment_id: s for s in load_many(self.store, q, missing)}
        return [given.get(i) or loaded[i] for i in assessment_ids]

    # -- comparison ---------------------------------------------------------------------

    def comparable(self) -> list[AssessmentInfo]:
        """Assessments the person may compare: in their scope, or marked shareable by their owners."""
        require(self.principal, Action.COMPARE)
        return [a for a in self.store.assessments() if may_compare(self.principal, a.country, a.shareable)]

    def compared(self, infos: Sequence[AssessmentInfo], q: Questionnaire) -> list[ScoredAssessment]:
        """The assessments scored for a comparison, read in bulk; figures only where the person may not read answers."""
        from .scored import load_many

        allowed = {a.id for a in self.comparable()}
        if any(i.id not in allowed for i in infos):
            raise AccessDenied(
                f"{self.principal.username} may not compare an assessment outside their scope",
                key="denied.compare_scope",
            )
        scored = load_many(self.store, q, [i.id for i in infos])
        return [s.figures_only() if self._figures_only(s.info) else s for s in scored]

    def comparison_report(
        self, assessment_ids: Sequence[int], q: Questionnaire, language: str, earlier: Sequence[Questionnaire] = ()
    ) -> bytes:
        """The comparison report; rounds made with `earlier` versions join the trends of the chosen countries."""
        from .compare import Versioned
        from .report.comparison import ComparisonReport, comparison_report_pdf

        chosen = self.compared([self.store.assessment(i) for i in assessment_ids], q)
        countries = {c.country for c in chosen}
        same = [a for a in self.comparable() if (a.questionnaire_id, a.questionnaire_version) == (q.id, q.version)]
        history = [
            Versioned(e, self.compared([a for a in self.comparable() if a.country in countries
                                        and (a.questionnaire_id, a.questionnaire_version) == (e.id, e.version)], e))
            for e in earlier
        ]  # fmt: skip
        rounds = self.compared([a for a in same if a.country in countries], q)
        return comparison_report_pdf(ComparisonReport(q, language, chosen, rounds=rounds, earlier=history))

    def peer_groups(self) -> list[PeerGroup]:
        require(self.principal, Action.COMPARE)
        return self.store.peer_groups()

    def save_peer_group(self, name: str, countries: Sequence[str]) -> PeerGroup:
        require(self.principal, Action.MANAGE_PEER_GROUPS)
        override = self.principal.role == "administrator"
        return self.store.save_peer_group(name, countries, actor=self.actor, override=override)

    def external_scores(self, countries: Sequence[str]) -> list[ExternalScore]:
        require(self.principal, Action.COMPARE)
        return self.store.external_scores(countries)

    def save_external_scores(self, scores: Sequence[ExternalScore]) -> tuple[int, list[ExternalScore]]:
        """Store the published scores the person may import; return how many, and the rows skipped.

        Administrators import every row; a facilitator the rows of their countries, the others
        are skipped (and reported), so a file of a whole region can be used as it is.
        """
        require(self.principal, Action.IMPORT_INDICES)
        mine = list(scores)
        skipped: list[ExternalScore] = []
        if self.principal.role != "administrator":
            mine = [s for s in scores if s.country in self.principal.countries]
            skipped = [s for s in scores if s.country not in self.principal.countries]
        saved = self.store.save_external_scores(mine, actor=self.actor) if mine else 0
        return saved, skipped

    def last_change(self) -> int:
        return self.store.last_change()

    # -- accounts and invitations --------------------------------------------------------

    def manageable_users(self) -> list[accounts.UserInfo]:
        """Administrators manage everyone; a facilitator the respondents and viewers of their countries only."""
        require(self.principal, Action.MANAGE_USERS)
        everyone = accounts.users(self.store)
        if self.principal.role == "administrator":
            return everyone
        by_user: dict[int, list[accounts.ScopeInfo]] = {}
        for scope in accounts.scopes(self.store):
            by_user.setdefault(scope.user_id, []).append(scope)
        # one query, not one per scope; a country scope has no assessment (None)
        country_of: dict[int | None, str] = {a.id: a.country for a in self.store.assessments()}
        mine = self.principal.countries
        return [
            u
            for u in everyone
            if u.role in FACILITATOR_MANAGES
            and by_user.get(u.id)
            and all((s.country or country_of.get(s.assessment_id, "")) in mine for s in by_user[u.id])
        ]

    def _require_user(self, user_id: int) -> accounts.UserInfo:
        user = next((u for u in self.manageable_users() if u.id == user_id), None)
        if user is None:
            raise AccessDenied(f"{self.principal.username} may not manage user {user_id}", key="denied.manage_user")
        if user.id == self.principal.user_id:
            raise AccessDenied("you cannot change your own account here", key="denied.own_account")
        return user

    def user_scopes(self, user_id: int) -> list[accounts.ScopeInfo]:
        self._require_user(user_id)
        return accounts.scopes(self.store, user_id)

    def add_user(self, username: str, role: str, *, display_name: str = "", country: str | None = None) -> str:
        """A new account without a password; returns the one-time code of its set-password link."""
        require(self.principal, Action.MANAGE_USERS)
        if self.principal.role != "administrator" and (role != "viewer" or country not in self.principal.countries):
            raise AccessDenied("a facilitator may add viewers of their own countries only")
        if country is not None and role not in accounts.SCOPE_ROLES["country"]:
            raise AssessmentError(f"a {role} has no country scope: leave the country empty")
        user = accounts.create_user(self.store, username, secrets.token_urlsafe(32), role,
                                    display_name=display_name, actor=self.actor)  # fmt: skip
        if country is not None:
            accounts.grant(self.store, user.id, country=country, actor=self.actor)
        return accounts.create_reset(self.store, user.id, actor=self.actor)

    def set_user_active(self, user_id: int, active: bool) -> None:
        self._require_user(user_id)
        accounts.set_active(self.store, user_id, active, actor=self.actor)

    def set_user_role(self, user_id: int, role: str) -> None:
        if self.principal.role != "administrator":
            raise AccessDenied("only an administrator changes roles")
        self._require_user(user_id)
        accounts.set_role(self.store, user_id, role, actor=self.actor)

    def grant_country(self, user_id: int, country: str) -> None:
        self._require_user(user_id)
        if self.principal.role != "administrator" and country not in self.principal.countries:
            raise AccessDenied(f"{self.principal.username} may not grant {country}")
        accounts.grant(self.store, user_id, country=country, actor=self.actor)

    def revoke_scope(self, user_id: int, scope_id: int) -> None:
        scope = next((s for s in self.user_scopes(user_id) if s.id == scope_id), None)
        if scope is None:
            raise AccessDenied(f"scope {scope_id} is not one of this user's")
        accounts.revoke(self.store, scope_id, actor=self.actor)

    def reset_password(self, user_id: int) -> str:
        self._require_user(user_id)
        return accounts.create_reset(self.store, user_id, actor=self.actor)

    def unlock(self, user_id: int) -> int:
        user = self._require_user(user_id)
        return accounts.unlock(self.store, user.username, actor=self.actor)

    def invite(
        self, assessment_id: int, invitees: list[invitations.Invitee], q: Questionnaire
    ) -> list[tuple[invitations.InvitationInfo, str]]:
        self._require(Action.INVITE, assessment_id)
        return invitations.invite(self.store, assessment_id, invitees, questionnaire=q, actor=self.actor)

    def invitation_progress(self, assessment_id: int, q: Questionnaire) -> list[invitations.Progress]:
        self._require(Action.INVITE, assessment_id)
        return invitations.tracker(self.store, assessment_id, q)

    def _require_invitation(self, assessment_id: int, invitation_id: int) -> None:
        self._require(Action.INVITE, assessment_id)
        if all(i.id != invitation_id for i in invitations.invitations(self.store, assessment_id)):
            raise AccessDenied(f"invitation {invitation_id} is not one of assessment {assessment_id}")

    def resend_invitation(self, assessment_id: int, invitation_id: int) -> str:
        self._require_invitation(assessment_id, invitation_id)
        return invitations.renew(self.store, invitation_id, actor=self.actor)

    def revoke_invitation(self, assessment_id: int, invitation_id: int) -> None:
        self._require_invitation(assessment_id, invitation_id)
        invitations.revoke(self.store, invitation_id, actor=self.actor)


class _ScopedStore:
    """The repository as the portable-file import sees it: it may only create in the person's scope."""

    def __init__(self, store: Store, principal: Principal) -> None:
        self._store, self._principal = store, principal

    def import_assessment(
        self, data: AssessmentData, *, language: str, questionnaire: Questionnaire, actor: str
    ) -> AssessmentInfo:
        require(self._principal, Action.IMPORT, (data.country or "").upper())
        return self._store.import_assessment(data, language=language, questionnaire=questionnaire, actor=actor)
