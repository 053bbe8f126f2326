"""Which assessments are a person's own: the ones they created, answer in, or are invited to.

Lists put these first (the Assessments page), ahead of those merely in their scope and the demo's.
"""

from __future__ import annotations

from sqlalchemy import select

from ..access import Principal
from .repository import Store
from .tables import AssessmentRow, RespondentRow


def own_assessments(store: Store, principal: Principal) -> frozenset[int]:
    """The ids of the assessments `principal` created, answers in (a respondent linked to their account)
    or is invited to answer; two queries whatever the number of assessments."""
    with store._read() as session:
        created = session.scalars(select(AssessmentRow.id).where(AssessmentRow.created_by == principal.username))
        answering = session.scalars(
            select(RespondentRow.assessment_id).where(RespondentRow.user_id == principal.user_id).distinct()
        )
        return frozenset(created) | frozenset(answering) | principal.invited_assessments
