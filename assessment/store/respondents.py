"""Respondents and their answers: registering, reading, and saving one answer at a time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select

from ..answers import Answer, Respondent, Status
from ..checks import check_answer
from ..errors import AssessmentError
from ..model import Questionnaire
from ..records import AssessmentInfo, RespondentInfo, answer_as_dict
from .assessments import Assessments, assessment_info, no_assessment, require_open
from .audit import log_change
from .tables import AnswerRow, AssessmentRow, RespondentRow, now

MAX_NAME = 200

ANSWER_COLUMNS = (AnswerRow.status, AnswerRow.stage, AnswerRow.items, AnswerRow.evidence, AnswerRow.links,
                  AnswerRow.comment, AnswerRow.review)  # fmt: skip


def answer_from_columns(columns: Sequence) -> Answer:
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


def _answer_from_row(row: AnswerRow) -> Answer:
    return answer_from_columns((row.status, row.stage, row.items, row.evidence, row.links, row.comment, row.review))


def respondent_info(row: RespondentRow) -> RespondentInfo:
    return RespondentInfo(row.id, row.assessment_id, row.name, row.organisation, row.group_id, row.user_id)


def no_respondent(assessment_id: int, respondent_id: int) -> AssessmentError:
    return AssessmentError(f"there is no respondent {respondent_id} in assessment {assessment_id}")


class Respondents(Assessments):
    """Respondents belong to an assessment: reading one may read its assessment in the same query."""

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
        if not name or len(name) > MAX_NAME or len(organisation) > MAX_NAME:
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
            log_change(session, actor=actor, assessment_id=assessment_id, entity="respondent", key=str(row.id),
                       new={"name": name, "organisation": organisation, "group": group})  # fmt: skip
            return respondent_info(row)

    def respondents(self, assessment_id: int) -> list[RespondentInfo]:
        with self._read() as session:
            rows = session.scalars(
                select(RespondentRow).where(RespondentRow.assessment_id == assessment_id).order_by(RespondentRow.id)
            )
            return [respondent_info(r) for r in rows]

    def respondent(self, assessment_id: int, respondent_id: int) -> RespondentInfo:
        with self._read() as session:
            row = session.get(RespondentRow, respondent_id)
            if row is None or row.assessment_id != assessment_id:
                raise no_respondent(assessment_id, respondent_id)
            return respondent_info(row)

    def assessment_and_respondent(
        self, assessment_id: int, respondent_id: int
    ) -> tuple[AssessmentInfo, RespondentInfo]:
        """The assessment and one of its respondents, in one query (what the Answer page and a save need)."""
        with self._read() as session:
            found = session.execute(
                select(AssessmentRow, RespondentRow)
                .outerjoin(
                    RespondentRow,
                    (RespondentRow.assessment_id == AssessmentRow.id) & (RespondentRow.id == respondent_id),
                )
                .where(AssessmentRow.id == assessment_id)
            ).one_or_none()
            if found is None:
                raise no_assessment(assessment_id)
            if found[1] is None:
                raise no_respondent(assessment_id, respondent_id)
            return assessment_info(found[0]), respondent_info(found[1])

    def assessment_and_respondents(self, assessment_id: int) -> tuple[AssessmentInfo, list[RespondentInfo]]:
        """The assessment and all its respondents (by id), in one query."""
        with self._read() as session:
            rows = session.execute(
                select(AssessmentRow, RespondentRow)
                .outerjoin(RespondentRow, RespondentRow.assessment_id == AssessmentRow.id)
                .where(AssessmentRow.id == assessment_id)
                .order_by(RespondentRow.id)
            ).all()
            if not rows:
                raise no_assessment(assessment_id)
            return assessment_info(rows[0][0]), [respondent_info(r) for _, r in rows if r is not None]

    def save_answer(
        self,
        assessment_id: int,
        respondent_id: int,
        indicator_id: str,
        answer: Answer | None,
        *,
        questionnaire: Questionnaire,
        actor: str,
        respondent: RespondentInfo | None = None,
    ) -> datetime:
        """Save (or with None, clear) one answer and log the change; return when it was saved.

        Everything that needs no lock comes first: reading the respondent with the assessment's
        status (one query, none when the caller passes the `respondent` it has just read), the
        questionnaire's checks and the stored form of the new answer. The write transaction (on
        SQLite, the one write lock every respondent shares) then reads the assessment's status
        with the answer it replaces (one query) and writes the answer and its audit row, both
        or neither.
        """
        if respondent is None:
            info, respondent = self.assessment_and_respondent(assessment_id, respondent_id)
            require_open(info.status, assessment_id)
        elif (respondent.assessment_id, respondent.id) != (assessment_id, respondent_id):
            raise no_respondent(assessment_id, respondent_id)
        if answer is not None:
            check_answer(questionnaire, indicator_id, respondent.group, answer)
        new = None if answer is None else answer_as_dict(answer)
        saved_at = now()
        with self._write() as session:
            found = session.execute(
                select(AssessmentRow.status, AnswerRow)
                .outerjoin(
                    AnswerRow,
                    (AnswerRow.assessment_id == AssessmentRow.id)
                    & (AnswerRow.respondent_id == respondent_id)
                    & (AnswerRow.indicator_id == indicator_id),
                )
                .where(AssessmentRow.id == assessment_id)
            ).one_or_none()
            status, row = (None, None) if found is None else found
            require_open(status, assessment_id)
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
            log_change(session, actor=actor, assessment_id=assessment_id, entity="answer",
                       key=f"{respondent_id}:{indicator_id}", old=old, new=new, at=saved_at)  # fmt: skip
        return saved_at

    def answers(self, assessment_id: int) -> tuple[Respondent, ...]:
        """Every respondent of the assessment with their answers, in the engine's types."""
        return self.answers_of([assessment_id])[assessment_id]

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
            answers[respondent_id][indicator_id] = answer_from_columns(fields)
        result: dict[int, list[Respondent]] = {i: [] for i in ids}
        for p in people:
            result[p.assessment_id].append(Respondent(str(p.id), p.group_id, answers[p.id], p.name, p.organisation))
        return {i: tuple(v) for i, v in result.items()}

    def respondent_answers(self, assessment_id: int, respondent_id: int) -> dict[str, Answer]:
        """One respondent's answers by indicator id."""
        return self.answers_and_times(assessment_id, respondent_id)[0]

    def answer_times(self, assessment_id: int, respondent_id: int) -> dict[str, datetime]:
        """When each of a respondent's answers was last saved."""
        with self._read() as session:
            rows = session.execute(
                select(AnswerRow.indicator_id, AnswerRow.updated_at).where(
                    AnswerRow.assessment_id == assessment_id, AnswerRow.respondent_id == respondent_id
                )
            ).all()
        return dict(rows)

    def answers_and_times(
        self, assessment_id: int, respondent_id: int
    ) -> tuple[dict[str, Answer], dict[str, datetime]]:
        """One respondent's answers and when each was last saved, by indicator id, in one query."""
        with self._read() as session:
            rows = session.execute(
                select(AnswerRow.indicator_id, AnswerRow.updated_at, *ANSWER_COLUMNS).where(
                    AnswerRow.assessment_id == assessment_id, AnswerRow.respondent_id == respondent_id
                )
            ).all()
        answers = {indicator_id: answer_from_columns(fields) for indicator_id, _, *fields in rows}
        return answers, {indicator_id: saved_at for indicator_id, saved_at, *_ in rows}
