"""The audit log: one row appended per change, which the database refuses to update or delete."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..records import AuditEntry
from .base import StoreBase
from .tables import AuditRow

NO_ASSESSMENT = 0
"""The assessment id of changes that belong to no assessment (accounts, peer groups, published indices)."""


def log_change(
    session: Session,
    *,
    actor: str,
    entity: str,
    key: str,
    assessment_id: int = NO_ASSESSMENT,
    old: dict | None = None,
    new: dict | None = None,
    at: datetime | None = None,
) -> None:
    """Append one change to the audit log, in the transaction of `session` (written with it or not at all)."""
    row = AuditRow(actor=actor, assessment_id=assessment_id, entity=entity, key=key, old=old, new=new)
    if at is not None:
        row.at = at
    session.add(row)


class AuditLog(StoreBase):
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
