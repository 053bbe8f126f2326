"""What a facilitator decides for an assessment: consensus values per indicator, and the targets."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..answers import Consensus, Targets
from ..checks import check_consensus, check_targets
from ..model import Questionnaire
from .assessments import check_open
from .audit import log_change
from .base import StoreBase
from .tables import ConsensusRow, TargetRow, now


def _consensus_dict(c: Consensus) -> dict:
    return {"stage": c.stage, "not_applicable": c.not_applicable, "rationale": c.rationale}


def target_rows(targets: Targets) -> dict[tuple[str, str], int]:
    """Targets as (scope, ref) → stage, the shape of the targets table."""
    rows = {("pillar", k): v for k, v in targets.pillars.items()}
    rows |= {("indicator", k): v for k, v in targets.indicators.items()}
    if targets.default is not None:
        rows[("default", "")] = targets.default
    return rows


def _targets_dict(values: dict[tuple[str, str], int]) -> dict:
    return {f"{scope}:{ref}" if ref else scope: stage for (scope, ref), stage in sorted(values.items())}


def add_settled(
    session: Session, assessment_id: int, consensus: dict[str, Consensus], targets: Targets, *, actor: str
) -> None:
    """Add checked consensus values and targets to a new assessment, in the transaction of `session`."""
    for indicator_id, settled in consensus.items():
        session.add(ConsensusRow(assessment_id=assessment_id, indicator_id=indicator_id, stage=settled.stage,
                                 not_applicable=settled.not_applicable, rationale=settled.rationale,
                                 updated_by=actor))  # fmt: skip
    for (scope, ref), stage in target_rows(targets).items():
        session.add(TargetRow(assessment_id=assessment_id, scope=scope, ref=ref, stage=stage))


class ConsensusAndTargets(StoreBase):
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
            check_open(session, assessment_id)
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
            log_change(session, actor=actor, assessment_id=assessment_id, entity="consensus", key=indicator_id,
                       old=old, new=new)  # fmt: skip

    def consensus(self, assessment_id: int) -> dict[str, Consensus]:
        with self._read() as session:
            rows = session.scalars(select(ConsensusRow).where(ConsensusRow.assessment_id == assessment_id))
            return {
                r.indicator_id: Consensus(r.stage, r.not_applicable, r.rationale, r.updated_by, r.updated_at)
                for r in rows
            }

    def consensus_of(self, assessment_ids: Sequence[int]) -> dict[int, dict[str, Consensus]]:
        ids = list(assessment_ids)
        result: dict[int, dict[str, Consensus]] = {i: {} for i in ids}
        with self._read() as session:
            for r in session.scalars(select(ConsensusRow).where(ConsensusRow.assessment_id.in_(ids))):
                result[r.assessment_id][r.indicator_id] = Consensus(r.stage, r.not_applicable, r.rationale)
        return result

    def set_targets(self, assessment_id: int, targets: Targets, *, questionnaire: Questionnaire, actor: str) -> None:
        """Replace the assessment's targets as a whole."""
        check_targets(questionnaire, targets)
        wanted = target_rows(targets)
        with self._write() as session:
            check_open(session, assessment_id)
            rows = session.scalars(select(TargetRow).where(TargetRow.assessment_id == assessment_id)).all()
            current = {(r.scope, r.ref): r.stage for r in rows}
            if current == wanted:
                return
            for row in rows:
                session.delete(row)
            session.flush()
            for (scope, ref), stage in wanted.items():
                session.add(TargetRow(assessment_id=assessment_id, scope=scope, ref=ref, stage=stage))
            log_change(session, actor=actor, assessment_id=assessment_id, entity="targets", key="targets",
                       old=_targets_dict(current), new=_targets_dict(wanted))  # fmt: skip

    def targets(self, assessment_id: int) -> Targets:
        with self._read() as session:
            rows = session.scalars(select(TargetRow).where(TargetRow.assessment_id == assessment_id)).all()
        default = next((r.stage for r in rows if r.scope == "default"), None)
        return Targets(
            default,
            {r.ref: r.stage for r in rows if r.scope == "pillar"},
            {r.ref: r.stage for r in rows if r.scope == "indicator"},
        )
