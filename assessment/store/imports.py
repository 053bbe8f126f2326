"""A whole assessment from a file (answers file, portable file), written in one transaction or not at all."""

from __future__ import annotations

from ..checks import check_answer, check_consensus, check_targets
from ..errors import AssessmentError
from ..model import Questionnaire
from ..records import AssessmentData, AssessmentInfo, answer_as_dict
from .assessments import add_assessment
from .audit import log_change
from .base import StoreBase
from .consensus_targets import add_settled
from .tables import AnswerRow, RespondentRow


class Imports(StoreBase):
    def import_assessment(
        self, data: AssessmentData, *, language: str, questionnaire: Questionnaire, actor: str
    ) -> AssessmentInfo:
        """Create an assessment with all its respondents, answers, consensus and targets, or nothing at all.

        The audit log records the assessment and the import as a whole, not each answer.
        """
        q = questionnaire
        if not data.country or not data.round:
            raise AssessmentError("the file names no country or no round")
        for person in data.respondents:
            if person.group not in q.groups:
                raise AssessmentError(f"stakeholder group '{person.group}' is not in questionnaire '{q.id}'")
            for indicator_id, answer in person.answers.items():
                check_answer(q, indicator_id, person.group, answer)
        for indicator_id, settled in data.consensus.items():
            check_consensus(q, indicator_id, settled)
        check_targets(q, data.targets)
        with self._write() as session:
            info = add_assessment(session, data.country, data.round, q, language, actor=actor, subject=data.subject)
            for person in data.respondents:
                row = RespondentRow(assessment_id=info.id, name=person.name or person.id,
                                    organisation=person.organisation, group_id=person.group)  # fmt: skip
                session.add(row)
                session.flush()
                for indicator_id, answer in person.answers.items():
                    session.add(AnswerRow(assessment_id=info.id, respondent_id=row.id, indicator_id=indicator_id,
                                          **answer_as_dict(answer), updated_by=actor))  # fmt: skip
            add_settled(session, info.id, data.consensus, data.targets, actor=actor)
            log_change(session, actor=actor, assessment_id=info.id, entity="import", key=str(info.id),
                       new={"respondents": len(data.respondents), "consensus": len(data.consensus)})  # fmt: skip
            return info
