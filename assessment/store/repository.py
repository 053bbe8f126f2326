"""The repository: every read and write of assessments, answers, consensus and targets.

Each write is one transaction that also appends to the audit log, and is checked
against the questionnaire by the engine first: nothing half-written or invalid reaches
the database, whichever page or script calls it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, event, func, select
from sqlalchemy.orm import Session

from ..answers import Answer, Consensus, Respondent, Status, Targets
from ..answers_file import AssessmentData
from ..checks import check_answer, check_consensus, check_targets
from ..countries import is_country_code
from ..errors import AssessmentError
from ..model import Questionnaire
from ..textcheck import forbidden_characters
from .database import make_engine, migrate
from .tables import (
    AnswerRow,
    AssessmentRow,
    AuditRow,
    ConsensusRow,
    ExternalScoreRow,
    PeerGroupRow,
    RespondentRow,
    TargetRow,
    now,
)

ASSESSMENT_STATUSES = ("open", "closed")


@dataclass(frozen=True, slots=True)
class AssessmentInfo:
    id: int
    country: str
    round: str
    questionnaire_id: str
    questionnaire_version: str
    language: str
    status: str
    created_at: datetime
    shareable: bool = False


@dataclass(frozen=True, slots=True)
class RespondentInfo:
    id: int
    assessment_id: int
    name: str
    organisation: str
    group: str
    user_id: int | None = None


@dataclass(frozen=True, slots=True)
class ExternalScore:
    """A score published by another instrument (0-100), for one country and year."""

    instrument: str
    country: str
    year: int
    score: float
    source: str = ""


@dataclass(frozen=True, slots=True)
class PeerGroup:
    name: str
    countries: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: datetime
    actor: str
    entity: str
    key: str
    old: dict | None
    new: dict | None


def _assessment_info(row: AssessmentRow) -> AssessmentInfo:
    return AssessmentInfo(
        row.id,
        row.country,
        row.round,
        row.questionnaire_id,
        row.questionnaire_version,
        row.language,
        row.status,
        row.created_at,
        row.shareable,
    )


def _respondent_info(row: RespondentRow) -> RespondentInfo:
    return RespondentInfo(row.id, row.assessment_id, row.name, row.organisation, row.group_id, row.user_id)


def _answer(columns: Sequence) -> Answer:
    """An answer from its stored columns, in the order of `ANSWER_COLUMNS`."""
    status, stage, items, evidence, links, comment, review = columns
    return Answer(
        status=Status(status),
        stage=stage,
        items=None if items is None else frozenset(items),
        evidence=evidence,
        links=tuple(links or ()),
        comment=comment,
        review=review,
    )


ANSWER_COLUMNS = (AnswerRow.status, AnswerRow.stage, AnswerRow.items, AnswerRow.evidence, AnswerRow.links,
                  AnswerRow.comment, AnswerRow.review)  # fmt: skip


def _answer_from_row(row: AnswerRow) -> Answer:
    return _answer((row.status, row.stage, row.items, row.evidence, row.links, row.comment, row.review))


def answer_as_dict(answer: Answer) -> dict:
    """An answer as plain JSON values: its stored columns, and what the audit log and exports record."""
    return {
        "status": answer.status.value,
        "stage": answer.stage,
        "items": None if answer.items is None else sorted(answer.items),
        "evidence": answer.evidence,
        "links": list(answer.links),
        "comment": answer.comment,
        "review": answer.review,
    }


def _consensus_dict(c: Consensus) -> dict:
    return {"stage": c.stage, "not_applicable": c.not_applicable, "rationale": c.rationale}


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


class Store:
    """All storage for the app, on one database (SQLite file or server)."""

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

    # -- assessments -----------------------------------------------------------------

    def create_assessment(
        self, country: str, round_label: str, questionnaire: Questionnaire, language: str, *, actor: str
    ) -> AssessmentInfo:
        with self._write() as session:
            return self._create_assessment(session, country, round_label, questionnaire, language, actor=actor)

    @staticmethod
    def _create_assessment(
        session: Session, country: str, round_label: str, questionnaire: Questionnaire, language: str, *, actor: str
    ) -> AssessmentInfo:
        country = country.strip().upper()
        round_label = round_label.strip()
        if len(country) != 2 or not is_country_code(country):
            raise AssessmentError(
                f"'{country}' is not an ISO 3166 two-letter country code", key="error.country_code", code=country
            )
        if not round_label or len(round_label) > 40:
            raise AssessmentError("the round must be a label of 1 to 40 characters, such as 2026", key="error.round")
        if language not in questionnaire.languages:
            raise AssessmentError(f"language '{language}' is not one of {', '.join(questionnaire.languages)}")
        row = AssessmentRow(
            country=country,
            round=round_label,
            questionnaire_id=questionnaire.id,
            questionnaire_version=questionnaire.version,
            language=language,
            status="open",
            created_by=actor,
        )
        session.add(row)
        session.flush()
        session.add(AuditRow(actor=actor, assessment_id=row.id, entity="assessment", key=str(row.id),
                             new={"country": country, "round": round_label, "questionnaire": questionnaire.id,
                                  "version": questionnaire.version, "language": language}))  # fmt: skip
        return _assessment_info(row)

    def assessments(self) -> list[AssessmentInfo]:
        with self._read() as session:
            rows = session.scalars(select(AssessmentRow).order_by(AssessmentRow.created_at.desc(), AssessmentRow.id))
            return [_assessment_info(r) for r in rows]

    def assessment(self, assessment_id: int) -> AssessmentInfo:
        with self._read() as session:
            row = session.get(AssessmentRow, assessment_id)
            if row is None:
                raise AssessmentError(f"there is no assessment {assessment_id}")
            return _assessment_info(row)

    # -- respondents -----------------------------------------------------------------

    def add_respondent(
        self,
        assessment_id: int,
        name: str,
        organisation: str,
        group: str,
        *,
        questionnaire: Questionnaire,
        actor: str,
        user_id: int | None = None,
    ) -> RespondentInfo:
        name, organisation = name.strip(), organisation.strip()
        if not name or len(name) > 200 or len(organisation) > 200:
            raise AssessmentError("a respondent needs a name (up to 200 characters)", key="error.respondent_name")
        if group not in questionnaire.groups:
            raise AssessmentError(f"stakeholder group '{group}' is not in questionnaire '{questionnaire.id}'")
        self.assessment(assessment_id)
        with self._write() as session:
            row = RespondentRow(
                assessment_id=assessment_id, name=name, organisation=organisation, group_id=group, user_id=user_id
            )
            session.add(row)
            session.flush()
            session.add(AuditRow(actor=actor, assessment_id=assessment_id, entity="respondent", key=str(row.id),
                                 new={"name": name, "organisation": organisation, "group": group}))  # fmt: skip
            return _respondent_info(row)

    def respondents(self, assessment_id: int) -> list[RespondentInfo]:
        with self._read() as session:
            rows = session.scalars(
                select(RespondentRow).where(RespondentRow.assessment_id == assessment_id).order_by(RespondentRow.id)
            )
            return [_respondent_info(r) for r in rows]

    def respondent(self, assessment_id: int, respondent_id: int) -> RespondentInfo:
        with self._read() as session:
            row = session.get(RespondentRow, respondent_id)
            if row is None or row.assessment_id != assessment_id:
                raise AssessmentError(f"there is no respondent {respondent_id} in assessment {assessment_id}")
            return _respondent_info(row)

    # -- answers ---------------------------------------------------------------------

    def save_answer(
        self,
        assessment_id: int,
        respondent_id: int,
        indicator_id: str,
        answer: Answer | None,
        *,
        questionnaire: Questionnaire,
        actor: str,
    ) -> datetime:
        """Save (or with None, clear) one answer and log the change; return when it was saved.

        Everything that needs no lock comes first: the respondent read, the questionnaire's checks
        and the stored form of the new answer. The write transaction (on SQLite, the one write lock
        every respondent shares) then only checks that the assessment is open, reads the answer
        it replaces and writes the answer and its audit row, both or neither.
        """
        respondent = self.respondent(assessment_id, respondent_id)
        if answer is not None:
            check_answer(questionnaire, indicator_id, respondent.group, answer)
        new = None if answer is None else answer_as_dict(answer)
        key = f"{respondent_id}:{indicator_id}"
        saved_at = now()
        with self._write() as session:
            self._check_open(session, assessment_id)
            row = session.scalars(
                select(AnswerRow).where(
                    AnswerRow.respondent_id == respondent_id, AnswerRow.indicator_id == indicator_id
                )
            ).one_or_none()
            old = None if row is None else answer_as_dict(_answer_from_row(row))
            if old == new:
                return saved_at if row is None else row.updated_at
            if new is None:
                session.delete(row)
            else:
                if row is None:
                    row = AnswerRow(assessment_id=assessment_id, respondent_id=respondent_id, indicator_id=indicator_id)
                    session.add(row)
                for column, value in new.items():
                    setattr(row, column, value)
                row.updated_at, row.updated_by = saved_at, actor
            session.add(AuditRow(at=saved_at, actor=actor, assessment_id=assessment_id, entity="answer", key=key,
                                 old=old, new=new))  # fmt: skip
        return saved_at

    def answers(self, assessment_id: int) -> tuple[Respondent, ...]:
        """Every respondent of the assessment with their answers, in the engine's types."""
        with self._read() as session:
            people = session.execute(
                select(RespondentRow.id, RespondentRow.group_id, RespondentRow.name, RespondentRow.organisation)
                .where(RespondentRow.assessment_id == assessment_id)
                .order_by(RespondentRow.id)
            ).all()
            rows = session.execute(
                select(AnswerRow.respondent_id, AnswerRow.indicator_id, *ANSWER_COLUMNS).where(
                    AnswerRow.assessment_id == assessment_id
                )
            ).all()
        by_respondent: dict[int, dict[str, Answer]] = {p.id: {} for p in people}
        for respondent_id, indicator_id, *fields in rows:
            by_respondent[respondent_id][indicator_id] = _answer(fields)
        return tuple(Respondent(str(p.id), p.group_id, by_respondent[p.id], p.name, p.organisation) for p in people)

    def answers_of(self, assessment_ids: Sequence[int]) -> dict[int, tuple[Respondent, ...]]:
        """The respondents and answers of many assessments at once (two queries, for comparisons)."""
        ids = list(assessment_ids)
        with self._read() as session:
            people = session.execute(
                select(RespondentRow.id, RespondentRow.assessment_id, RespondentRow.group_id, RespondentRow.name,
                       RespondentRow.organisation)
                .where(RespondentRow.assessment_id.in_(ids))
                .order_by(RespondentRow.id)
            ).all()  # fmt: skip
            rows = session.execute(
                select(AnswerRow.respondent_id, AnswerRow.indicator_id, *ANSWER_COLUMNS).where(
                    AnswerRow.assessment_id.in_(ids)
                )
            ).all()
        answers: dict[int, dict[str, Answer]] = {p.id: {} for p in people}
        for respondent_id, indicator_id, *fields in rows:
            answers[respondent_id][indicator_id] = _answer(fields)
        result: dict[int, list[Respondent]] = {i: [] for i in ids}
        for p in people:
            result[p.assessment_id].append(Respondent(str(p.id), p.group_id, answers[p.id], p.name, p.organisation))
        return {i: tuple(v) for i, v in result.items()}

    def consensus_of(self, assessment_ids: Sequence[int]) -> dict[int, dict[str, Consensus]]:
        ids = list(assessment_ids)
        result: dict[int, dict[str, Consensus]] = {i: {} for i in ids}
        with self._read() as session:
            for r in session.scalars(select(ConsensusRow).where(ConsensusRow.assessment_id.in_(ids))):
                result[r.assessment_id][r.indicator_id] = Consensus(r.stage, r.not_applicable, r.rationale)
        return result

    def respondent_answers(self, assessment_id: int, respondent_id: int) -> dict[str, Answer]:
        """One respondent's answers by indicator id."""
        with self._read() as session:
            rows = session.scalars(
                select(AnswerRow).where(
                    AnswerRow.assessment_id == assessment_id, AnswerRow.respondent_id == respondent_id
                )
            ).all()
        return {row.indicator_id: _answer_from_row(row) for row in rows}

    def answer_times(self, assessment_id: int, respondent_id: int) -> dict[str, datetime]:
        """When each of a respondent's answers was last saved."""
        with self._read() as session:
            rows = session.execute(
                select(AnswerRow.indicator_id, AnswerRow.updated_at).where(
                    AnswerRow.assessment_id == assessment_id, AnswerRow.respondent_id == respondent_id
                )
            ).all()
        return dict(rows)  # type: ignore[arg-type]

    # -- consensus and targets -------------------------------------------------------

    def set_consensus(
        self,
        assessment_id: int,
        indicator_id: str,
        consensus: Consensus | None,
        *,
        questionnaire: Questionnaire,
        actor: str,
    ) -> None:
        """Settle (or with None, withdraw) the consensus value of one indicator."""
        if consensus is not None:
            check_consensus(questionnaire, indicator_id, consensus)
        with self._write() as session:
            self._check_open(session, assessment_id)
            row = session.scalars(
                select(ConsensusRow).where(
                    ConsensusRow.assessment_id == assessment_id, ConsensusRow.indicator_id == indicator_id
                )
            ).one_or_none()
            old = None if row is None else _consensus_dict(Consensus(row.stage, row.not_applicable, row.rationale))
            new = None if consensus is None else _consensus_dict(consensus)
            if old == new:
                return
            if consensus is None:
                session.delete(row)
            else:
                if row is None:
                    row = ConsensusRow(assessment_id=assessment_id, indicator_id=indicator_id)
                    session.add(row)
                row.stage, row.not_applicable, row.rationale = (
                    consensus.stage,
                    consensus.not_applicable,
                    consensus.rationale,
                )
                row.updated_at, row.updated_by = now(), actor
            session.add(AuditRow(actor=actor, assessment_id=assessment_id, entity="consensus", key=indicator_id,
                                 old=old, new=new))  # fmt: skip

    def consensus(self, assessment_id: int) -> dict[str, Consensus]:
        with self._read() as session:
            rows = session.scalars(select(ConsensusRow).where(ConsensusRow.assessment_id == assessment_id))
            return {
                r.indicator_id: Consensus(r.stage, r.not_applicable, r.rationale, r.updated_by, r.updated_at)
                for r in rows
            }

    def set_targets(self, assessment_id: int, targets: Targets, *, questionnaire: Questionnaire, actor: str) -> None:
        """Replace the assessment's targets as a whole."""
        check_targets(questionnaire, targets)
        wanted = _target_rows(targets)
        with self._write() as session:
            self._check_open(session, assessment_id)
            rows = session.scalars(select(TargetRow).where(TargetRow.assessment_id == assessment_id)).all()
            current = {(r.scope, r.ref): r.stage for r in rows}
            if current == wanted:
                return
            for row in rows:
                session.delete(row)
            session.flush()
            for (scope, ref), stage in wanted.items():
                session.add(TargetRow(assessment_id=assessment_id, scope=scope, ref=ref, stage=stage))
            session.add(AuditRow(actor=actor, assessment_id=assessment_id, entity="targets", key="targets",
                                 old=_targets_dict(current), new=_targets_dict(wanted)))  # fmt: skip

    def targets(self, assessment_id: int) -> Targets:
        with self._read() as session:
            rows = session.scalars(select(TargetRow).where(TargetRow.assessment_id == assessment_id)).all()
        default = next((r.stage for r in rows if r.scope == "default"), None)
        return Targets(
            default,
            {r.ref: r.stage for r in rows if r.scope == "pillar"},
            {r.ref: r.stage for r in rows if r.scope == "indicator"},
        )

    # -- whole assessments, in one transaction ------------------------------------------

    def import_assessment(
        self, data: AssessmentData, *, language: str, questionnaire: Questionnaire, actor: str
    ) -> AssessmentInfo:
        """Create an assessment with all its respondents, answers, consensus and targets, or nothing at all."""
        q = questionnaire
        respondents, consensus, targets = data.respondents, data.consensus, data.targets
        if not data.country or not data.round:
            raise AssessmentError("the file names no country or no round")
        for person in respondents:
            for indicator_id, answer in person.answers.items():
                check_answer(q, indicator_id, person.group, answer)
        for indicator_id, settled in consensus.items():
            check_consensus(q, indicator_id, settled)
        check_targets(q, targets)
        with self._write() as session:
            info = self._create_assessment(session, data.country, data.round, q, language, actor=actor)
            for person in respondents:
                if person.group not in q.groups:
                    raise AssessmentError(f"stakeholder group '{person.group}' is not in questionnaire '{q.id}'")
                row = RespondentRow(assessment_id=info.id, name=person.name or person.id,
                                    organisation=person.organisation, group_id=person.group)  # fmt: skip
                session.add(row)
                session.flush()
                for indicator_id, answer in person.answers.items():
                    session.add(AnswerRow(assessment_id=info.id, respondent_id=row.id, indicator_id=indicator_id,
                                          **answer_as_dict(answer), updated_by=actor))  # fmt: skip
            for indicator_id, settled in consensus.items():
                session.add(ConsensusRow(assessment_id=info.id, indicator_id=indicator_id, stage=settled.stage,
                                         not_applicable=settled.not_applicable, rationale=settled.rationale,
                                         updated_by=actor))  # fmt: skip
            for (scope, ref), stage in _target_rows(targets).items():
                session.add(TargetRow(assessment_id=info.id, scope=scope, ref=ref, stage=stage))
            session.add(AuditRow(actor=actor, assessment_id=info.id, entity="import", key=str(info.id),
                                 new={"respondents": len(respondents), "consensus": len(consensus)}))  # fmt: skip
            return info

    # -- external indices and peer groups ---------------------------------------------

    def save_external_scores(self, scores: Sequence[ExternalScore], *, actor: str) -> int:
        """Insert or replace published scores (by instrument, country and year), all in one transaction."""
        with self._write() as session:
            for item in scores:
                row = session.scalars(
                    select(ExternalScoreRow).where(
                        ExternalScoreRow.instrument == item.instrument,
                        ExternalScoreRow.country == item.country,
                        ExternalScoreRow.year == item.year,
                    )
                ).one_or_none()
                if row is None:
                    row = ExternalScoreRow(instrument=item.instrument, country=item.country, year=item.year)
                    session.add(row)
                row.score, row.source, row.imported_at = item.score, item.source, now()
            session.add(AuditRow(actor=actor, assessment_id=0, entity="external_scores", key="import",
                                 new={"rows": len(scores)}))  # fmt: skip
        return len(scores)

    def external_scores(self, countries: Sequence[str] | None = None) -> list[ExternalScore]:
        query = select(ExternalScoreRow).order_by(
            ExternalScoreRow.country, ExternalScoreRow.instrument, ExternalScoreRow.year
        )
        if countries is not None:
            query = query.where(ExternalScoreRow.country.in_(list(countries)))
        with self._read() as session:
            return [ExternalScore(r.instrument, r.country, r.year, r.score, r.source) for r in session.scalars(query)]

    def save_peer_group(self, name: str, countries: Sequence[str], *, actor: str, override: bool = False) -> PeerGroup:
        """Create or change a peer group; only the person who defined it may change it, unless `override`."""
        name = name.strip()
        codes = tuple(sorted({c.strip().upper() for c in countries}))
        if not name or len(name) > 120:
            raise AssessmentError("a peer group needs a name of up to 120 characters", key="error.peer_group_name")
        unknown = [c for c in codes if not is_country_code(c)]
        if unknown or not codes:
            raise AssessmentError(f"a peer group needs ISO 3166 country codes (not: {', '.join(unknown) or 'none'})")
        with self._write() as session:
            row = session.scalars(select(PeerGroupRow).where(PeerGroupRow.name == name)).one_or_none()
            old = None if row is None else {"countries": row.countries}
            if row is not None and row.owner not in ("", actor) and not override:
                raise AssessmentError(
                    f"the peer group '{name}' was defined by {row.owner}: choose another name",
                    key="error.peer_group_taken",
                    name=name,
                )
            if row is None:
                row = PeerGroupRow(name=name, owner=actor)
                session.add(row)
            row.countries = list(codes)
            session.add(AuditRow(actor=actor, assessment_id=0, entity="peer_group", key=name, old=old,
                                 new={"countries": list(codes)}))  # fmt: skip
        return PeerGroup(name, codes)

    def peer_groups(self) -> list[PeerGroup]:
        with self._read() as session:
            rows = session.scalars(select(PeerGroupRow).order_by(PeerGroupRow.name))
            return [PeerGroup(r.name, tuple(r.countries)) for r in rows]

    def set_shareable(self, assessment_id: int, shareable: bool, *, actor: str) -> None:
        """Whether other countries' facilitators and viewers may see this assessment in comparisons."""
        with self._write() as session:
            row = session.get(AssessmentRow, assessment_id)
            if row is None:
                raise AssessmentError(f"there is no assessment {assessment_id}")
            if row.shareable != shareable:
                session.add(
                    AuditRow(
                        actor=actor,
                        assessment_id=assessment_id,
                        entity="sharing",
                        key=str(assessment_id),
                        old={"shareable": row.shareable},
                        new={"shareable": shareable},
                    )
                )
                row.shareable = shareable

    # -- audit -----------------------------------------------------------------------

    def last_change(self) -> int:
        """A number that grows with every change to the data (the newest audit entry), for caches."""
        with self._read() as session:
            return session.scalar(select(func.max(AuditRow.id))) or 0

    def audit(self, assessment_id: int) -> list[AuditEntry]:
        with self._read() as session:
            rows = session.scalars(
                select(AuditRow).where(AuditRow.assessment_id == assessment_id).order_by(AuditRow.id)
            )
            return [AuditEntry(r.at, r.actor, r.entity, r.key, r.old, r.new) for r in rows]

    @staticmethod
    def _check_open(session: Session, assessment_id: int) -> None:
        row = session.get(AssessmentRow, assessment_id)
        if row is None:
            raise AssessmentError(f"there is no assessment {assessment_id}")
        if row.status != "open":
            raise AssessmentError("this assessment is closed: reopen it to change answers", key="error.closed")


def _target_rows(targets: Targets) -> dict[tuple[str, str], int]:
    """Targets as (scope, ref) → stage, the shape of the targets table."""
    rows = {("pillar", k): v for k, v in targets.pillars.items()}
    rows |= {("indicator", k): v for k, v in targets.indicators.items()}
    if targets.default is not None:
        rows[("default", "")] = targets.default
    return rows


def _targets_dict(values: dict[tuple[str, str], int]) -> dict:
    return {f"{scope}:{ref}" if ref else scope: stage for (scope, ref), stage in sorted(values.items())}
