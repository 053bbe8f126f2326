"""Assessments: creating them, reading them, sharing them, and the checks other writes rely on."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..countries import is_country_code
from ..errors import AssessmentError
from ..model import Questionnaire
from ..records import AssessmentInfo
from .audit import log_change
from .base import StoreBase
from .tables import AssessmentRow

ASSESSMENT_STATUSES = ("open", "closed")
MAX_ROUND = 40
MAX_SUBJECT = 200


def assessment_info(row: AssessmentRow) -> AssessmentInfo:
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
        row.subject,
    )


def no_assessment(assessment_id: int) -> AssessmentError:
    return AssessmentError(f"there is no assessment {assessment_id}")


def require_open(status: str | None, assessment_id: int) -> None:
    """Refuse a change to an assessment that does not exist (`status` None) or is closed."""
    if status is None:
        raise no_assessment(assessment_id)
    if status != "open":
        raise AssessmentError("this assessment is closed: reopen it to change answers", key="error.closed")


def check_open(session: Session, assessment_id: int) -> None:
    require_open(session.scalar(select(AssessmentRow.status).where(AssessmentRow.id == assessment_id)), assessment_id)


def subject_name(subject: str | None, questionnaire: Questionnaire) -> str | None:
    """The subject's name as stored: trimmed, None when there is none; refused when too long, or when the
    questionnaire assesses countries (the country is then the subject, and the only name titles give)."""
    name = (subject or "").strip()
    if name and questionnaire.subject_is_country:
        raise AssessmentError(
            f"questionnaire '{questionnaire.id}' assesses a country: it names no other subject",
            key="error.subject_of_country",
        )
    if len(name) > MAX_SUBJECT:
        raise AssessmentError(
            f"the name of what is assessed is limited to {MAX_SUBJECT} characters",
            key="error.subject",
            limit=MAX_SUBJECT,
        )
    return name or None


def add_assessment(
    session: Session,
    country: str,
    round_label: str,
    questionnaire: Questionnaire,
    language: str,
    *,
    actor: str,
    subject: str | None = None,
) -> AssessmentInfo:
    """Check and add an assessment in the transaction of `session`, with its audit row."""
    country = country.strip().upper()
    round_label = round_label.strip()
    if len(country) != 2 or not is_country_code(country):
        raise AssessmentError(
            f"'{country}' is not an ISO 3166 two-letter country code", key="error.country_code", code=country
        )
    if not round_label or len(round_label) > MAX_ROUND:
        raise AssessmentError(
            f"the round must be a label of 1 to {MAX_ROUND} characters, such as 2026", key="error.round"
        )
    if language not in questionnaire.languages:
        raise AssessmentError(f"language '{language}' is not one of {', '.join(questionnaire.languages)}")
    subject = subject_name(subject, questionnaire)
    row = AssessmentRow(
        country=country,
        round=round_label,
        subject=subject,
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        language=language,
        status="open",
        created_by=actor,
    )
    session.add(row)
    session.flush()
    created = {"country": country, "round": round_label, "questionnaire": questionnaire.id,
               "version": questionnaire.version, "language": language}  # fmt: skip
    if subject is not None:
        created["subject"] = subject
    log_change(session, actor=actor, assessment_id=row.id, entity="assessment", key=str(row.id), new=created)
    return assessment_info(row)


class Assessments(StoreBase):
    def create_assessment(
        self,
        country: str,
        round_label: str,
        questionnaire: Questionnaire,
        language: str,
        *,
        actor: str,
        subject: str | None = None,
    ) -> AssessmentInfo:
        """A new open assessment of `country` (its access scope), or of `subject` in that country."""
        with self._write() as session:
            return add_assessment(session, country, round_label, questionnaire, language, actor=actor, subject=subject)

    def assessments(self) -> list[AssessmentInfo]:
        with self._read() as session:
            rows = session.scalars(select(AssessmentRow).order_by(AssessmentRow.created_at.desc(), AssessmentRow.id))
            return [assessment_info(r) for r in rows]

    def assessment(self, assessment_id: int) -> AssessmentInfo:
        with self._read() as session:
            row = session.get(AssessmentRow, assessment_id)
            if row is None:
                raise no_assessment(assessment_id)
            return assessment_info(row)

    def set_shareable(self, assessment_id: int, shareable: bool, *, actor: str) -> None:
        """Whether other countries' facilitators and viewers may see this assessment in comparisons."""
        with self._write() as session:
            row = session.get(AssessmentRow, assessment_id)
            if row is None:
                raise no_assessment(assessment_id)
            if row.shareable != shareable:
                log_change(session, actor=actor, assessment_id=assessment_id, entity="sharing", key=str(assessment_id),
                           old={"shareable": row.shareable}, new={"shareable": shareable})  # fmt: skip
                row.shareable = shareable
